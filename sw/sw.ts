/**
 * The service worker: precached app shell (all three faces are one single-page app) with the
 * phone app's files, the other faces' files cached when used, and push notifications that
 * bring the phone app to the pending request.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { pushFallbackText } from '../api/lib/messages.ts';

declare const self: ServiceWorkerGlobalScope;

// An authenticator should not keep running an old worker until every tab closes:
// take over at once. The server serves the same new build, so the pages stay consistent.
void self.skipWaiting();
clientsClaim();

// Only the phone app's files are precached (vite.config.ts); the portal's and the officer
// console's chunks and the QR library are cached here when first used. Their names carry a
// content hash, so a cached copy never goes stale; old builds' copies expire.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(
  ({ url, request }) => url.origin === self.location.origin && url.pathname.startsWith('/assets/') && request.method === 'GET',
  new CacheFirst({ cacheName: 'assets', plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * 24 * 60 * 60 })] }),
);

// Any page address opens the app shell, also offline; API calls always go to the network, and
// so do the OpenID provider's pages (/oidc/auth, /oidc/interaction/…/continue): they are the server's.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//, /^\/oidc\//, /^\/\.well-known\//] }));

type PushPayload = { type: string; requestId?: string; title?: string; body?: string };

/** The payload's known fields, or an empty generic message when it is missing or not our JSON. */
function readPayload(event: PushEvent): PushPayload {
  let raw: unknown;
  try {
    raw = event.data?.json();
  } catch {
    raw = undefined;
  }
  if (typeof raw !== 'object' || raw === null) return { type: 'unknown' };
  const field = (name: string) => {
    const value: unknown = (raw as Record<string, unknown>)[name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  // The id goes into a URL path: accept only the characters our ids use.
  const requestId = field('requestId');
  return {
    type: field('type') ?? 'unknown',
    requestId: requestId && /^[A-Za-z0-9_-]{1,64}$/.test(requestId) ? requestId : undefined,
    title: field('title'),
    body: field('body'),
  };
}

self.addEventListener('push', (event) => {
  const payload = readPayload(event);
  const text = pushFallbackText(payload.type);
  const url = payload.requestId ? `/app/requests/${payload.requestId}` : '/app';
  event.waitUntil(
    self.registration.showNotification(payload.title ?? text.title, {
      body: payload.body ?? text.body,
      // One notification per request: a repeated push replaces it instead of stacking up.
      tag: payload.requestId ? `request-${payload.requestId}` : `soft-token-${payload.type}`,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      lang: 'th',
      requireInteraction: payload.type === 'login' || payload.type === 'renew' || payload.type === 'revoke' || payload.type === 'export',
      data: { url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data: unknown = event.notification.data;
  const path = typeof data === 'object' && data !== null && 'url' in data && typeof data.url === 'string' ? data.url : '/app';
  event.waitUntil(openApp(new URL(path, self.location.origin).href));
});

/** Focus an open phone-app window (moving it to `url`) or open a new one. */
async function openApp(url: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const appWindow = windows.find((client) => new URL(client.url).pathname.startsWith('/app'));
  if (!appWindow) {
    await self.clients.openWindow(url);
    return;
  }
  const focused = await appWindow.focus();
  if (focused.url === url) return;
  // navigate() fails for a window this worker does not control yet; open the page instead.
  await focused.navigate(url).catch(() => self.clients.openWindow(url));
}
