/**
 * Web Push for the activated phone (FLOWS §2.4): permission on the person's tap, a
 * subscription under the server's VAPID key, posted with the device cookie. Never throws:
 * the soft token works without push (pending requests show when the app is open).
 */
import { api } from '../lib/api.ts';

export type PushOutcome = 'enabled' | 'denied' | 'dismissed' | 'unsupported' | 'failed';

export function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** 'granted' | 'denied' | 'default', or 'unsupported' where there are no notifications. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return pushSupported() ? Notification.permission : 'unsupported';
}

/** The VAPID public key (base64url, uncompressed P-256 point) as bytes for subscribe(). */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const view = new Uint8Array(a);
  return view.every((byte, i) => byte === b[i]);
}

/** The active service worker, or undefined when none comes (development server, blocked). */
async function serviceWorkerReady(timeoutMs: number): Promise<ServiceWorkerRegistration | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

/**
 * Ask for notifications and subscribe. Call it straight from a tap: the permission request
 * comes first so no await stands between the tap and the prompt (Safari insists on that).
 * `vapidPublicKey` is read only after the permission, so its fetch may still be running.
 */
export async function enablePush(vapidPublicKey: () => Promise<string | null>): Promise<PushOutcome> {
  if (!pushSupported()) return 'unsupported';
  let permission = Notification.permission;
  if (permission === 'default') {
    try {
      permission = await Notification.requestPermission();
    } catch {
      return 'failed';
    }
  }
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'dismissed';
  try {
    const serverKey = await vapidPublicKey();
    if (!serverKey) return 'failed';
    const registration = await serviceWorkerReady(10_000);
    if (!registration) return 'unsupported';
    const key = base64UrlToBytes(serverKey);
    let subscription = await registration.pushManager.getSubscription();
    // A subscription under another server key cannot be reused; subscribe() would refuse it.
    if (subscription && !sameBytes(subscription.options.applicationServerKey, key)) {
      await subscription.unsubscribe();
      subscription = null;
    }
    subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    const json = subscription.toJSON();
    if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) return 'failed';
    await api.device.savePush({ endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } });
    return 'enabled';
  } catch {
    // No push service reachable, the browser refused, or the server did not take it.
    return 'failed';
  }
}

/** Stop notifications: the server forgets the subscription, the browser drops it. */
export async function disablePush(): Promise<void> {
  await api.device.deletePush();
  if (!pushSupported()) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  await subscription?.unsubscribe().catch(() => false);
}
