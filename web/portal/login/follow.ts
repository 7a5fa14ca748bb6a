/**
 * Following one login (or renewal) request from the desktop: its live status over SSE
 * (with reconnects), the completion that turns an approval into a session, and where the
 * person goes next. The picture is kept per tab, so a reload still shows it.
 */
import { createSignal, onCleanup } from 'solid-js';
import { api, ApiError, type LoginCompletion, type LoginRequestView } from '../../lib/api.ts';
import { openLiveStream, type LiveState } from '../../lib/live.ts';

type Remembered = { picture: string | null; expiresAt: string; username?: string };

export function rememberRequest(id: string, value: Remembered) {
  try {
    sessionStorage.setItem(`login-request:${id}`, JSON.stringify(value));
  } catch {
    // Storage can be blocked; the page then shows no picture after a reload, nothing worse.
  }
}

export function recalledRequest(id: string): Remembered | undefined {
  try {
    const raw = sessionStorage.getItem(`login-request:${id}`);
    return raw ? (JSON.parse(raw) as Remembered) : undefined;
  } catch {
    return undefined;
  }
}

/** Where a completed login goes: the forced change, the officer console, the expiry notice or the portal. */
export function pathAfterLogin(done: LoginCompletion): string {
  if (done.next === 'change_password') return '/password/change';
  if (done.next === 'officer') return '/officer';
  if (done.validity?.state === 'notice') return '/portal/notice';
  return '/portal';
}

/**
 * What this tab already knows of a request it made and that has not yet run out: pending, so
 * the page can show it and open the stream without reading the request first.
 */
function recalledPending(id: string): LoginRequestView | undefined {
  const known = recalledRequest(id);
  if (!known || new Date(known.expiresAt).getTime() <= Date.now()) return undefined;
  return { id, status: 'pending', purpose: known.picture ? 'login' : 'renew', expiresAt: known.expiresAt, denyReason: null };
}

/**
 * The request's latest view (undefined until known), and `missing` when this browser cannot see
 * it. A request this tab made is followed from what it remembers: the stream's first event says
 * its status, and only an end other than an approval (or a stream refused) reads the request.
 */
export function followRequest(id: () => string) {
  const recalled = recalledPending(id());
  const [view, setView] = createSignal<LoginRequestView | undefined>(recalled);
  const [missing, setMissing] = createSignal(false);
  const [live, setLive] = createSignal<LiveState>('connecting');
  let stop: (() => void) | undefined;

  const refresh = async () => {
    try {
      const current = await api.loginRequests.get(id());
      setView(current);
      if (current.status !== 'pending') stop?.();
      return current;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'request_not_found') {
        setMissing(true);
        stop?.();
      }
      return undefined;
    }
  };

  const start = () => {
    stop?.();
    stop = openLiveStream(api.loginRequests.eventsUrl(id()), {
      onReady: () => {},
      // The stream says the status: pending and approved need nothing more; any other end
      // (its deny reason) comes from one GET.
      onUpdate: (status) => {
        if (status === 'pending' || status === 'approved') setView((v) => (v ? { ...v, status } : v));
        if (status === 'approved') stop?.();
        if (status !== 'pending' && status !== 'approved') void refresh();
      },
      onState: (state) => {
        setLive(state);
        // Refused (gone, or not this browser's): the read says which, and stops if it is over.
        if (state === 'down') void refresh();
      },
    }, { update: 'status' });
  };

  if (recalled) start();
  else {
    void refresh().then((current) => {
      if (current?.status === 'pending') start();
    });
  }
  onCleanup(() => stop?.());
  return { view, missing, live, refresh };
}
