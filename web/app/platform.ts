/**
 * Where the phone app runs: which phone system (for the right install steps), whether it
 * was opened from the home screen, and Chrome's install prompt when the browser offers one.
 */
import { createSignal } from 'solid-js';

export type PhoneSystem = 'android' | 'ios' | 'other';

export function phoneSystem(): PhoneSystem {
  const ua = navigator.userAgent;
  if (/Android/i.test(ua)) return 'android';
  // iPadOS says "Macintosh"; only its touch screen gives it away.
  if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1)) return 'ios';
  return 'other';
}

/** Opened from the home screen (installed), not in a browser tab. */
export function isStandalone(): boolean {
  const iosStandalone = (navigator as Navigator & { standalone?: boolean }).standalone === true;
  return iosStandalone || window.matchMedia('(display-mode: standalone)').matches;
}

/** Chrome's `beforeinstallprompt` event (not in the DOM typings). */
type InstallPromptEvent = Event & { prompt(): Promise<void>; userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }> };

const [installPrompt, setInstallPrompt] = createSignal<InstallPromptEvent>();
export { installPrompt };

let listening = false;

/**
 * Keep Chrome's install prompt for an "Install" button. The event fires early, often before
 * the home page's code has loaded, so this runs when the app's routes are defined.
 */
export function listenForInstallPrompt(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    setInstallPrompt(() => event as InstallPromptEvent);
  });
  window.addEventListener('appinstalled', () => setInstallPrompt(undefined));
}

/** Show Chrome's own install dialog; true when the person accepted. */
export async function promptInstall(): Promise<boolean> {
  const event = installPrompt();
  if (!event) return false;
  setInstallPrompt(undefined); // a prompt event can be used only once
  await event.prompt();
  return (await event.userChoice).outcome === 'accepted';
}
