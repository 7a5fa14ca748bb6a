import { Workbox } from 'workbox-window';

/**
 * Register the service worker (offline shell, push notifications) for the whole origin.
 * Only production builds have /sw.js; the vite dev server serves none.
 */
export function registerServiceWorker(): Workbox | undefined {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return undefined;
  const wb = new Workbox('/sw.js');
  wb.register().catch((err: unknown) => console.warn('Service worker registration failed', err));
  return wb;
}
