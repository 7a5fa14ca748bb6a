/**
 * A sign-in for another system (OpenID Connect, issue #14): the provider sends the browser to
 * our login page with `?interaction=<uid>`; the uid is kept for this tab while the usual login
 * runs (password, picture, forced change, expiry notice, renewal), and the portal home sends
 * the browser back to the provider instead of opening the portal.
 */

const KEY = 'st.oidc.interaction';
/** The client's display name, only for the "Returning to …" line; never used to decide anything. */
const CLIENT_KEY = 'st.oidc.client';
const UID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `value` has the shape of the provider's interaction uid (anything else is ignored). */
export function isInteractionUid(value: unknown): value is string {
  return typeof value === 'string' && UID.test(value);
}

/** Keeps `uid` for this tab; false (and nothing kept) when it is not a uid or storage is blocked. */
export function rememberInteraction(uid: string): boolean {
  if (!isInteractionUid(uid)) return false;
  try {
    if (sessionStorage.getItem(KEY) !== uid) sessionStorage.removeItem(CLIENT_KEY);
    sessionStorage.setItem(KEY, uid);
    return true;
  } catch {
    // Storage can be blocked: the login then ends on the portal, and the server's own
    // session check signs the person in when they start again from the client.
    return false;
  }
}

/** The pending interaction's uid, if any (a tampered value counts as none). */
export function pendingInteraction(): string | undefined {
  try {
    const uid = sessionStorage.getItem(KEY);
    return isInteractionUid(uid) ? uid : undefined;
  } catch {
    return undefined;
  }
}

export function rememberClientName(name: string) {
  try {
    sessionStorage.setItem(CLIENT_KEY, name);
  } catch {
    // Only a label: without it the page says "Returning…" without the name.
  }
}

export function pendingClientName(): string | undefined {
  try {
    return sessionStorage.getItem(CLIENT_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function forgetInteraction() {
  try {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(CLIENT_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/**
 * Server paths of one interaction. `continue` is a full-page navigation; consent and abort
 * are posted by `api.oidc` (the forms name them as their action for the record).
 */
export const interactionPaths = {
  continue: (uid: string) => `/oidc/interaction/${encodeURIComponent(uid)}/continue`,
  consent: (uid: string) => `/oidc/interaction/${encodeURIComponent(uid)}/consent`,
  abort: (uid: string) => `/oidc/interaction/${encodeURIComponent(uid)}/abort`,
};

/** The login page, keeping a pending interaction (after the forced password change, a failed approval). */
export function loginPath(): string {
  const uid = pendingInteraction();
  return uid ? `/?interaction=${encodeURIComponent(uid)}` : '/';
}

/**
 * A login just completed: with an interaction pending, forget it (one use) and hand the
 * browser to the provider, which finishes the sign-in and returns to the client. True when
 * the page is leaving; false when there is nothing pending.
 */
export function continueToClient(): boolean {
  const uid = pendingInteraction();
  if (!uid) return false;
  forgetInteraction();
  location.assign(interactionPaths.continue(uid));
  return true;
}

/**
 * Follows the provider's answer to consent or cancel (same-origin JSON) with a full-page
 * navigation; false, and no navigation, when it is not an http(s) URL.
 */
export function followProvider(redirectTo: string): boolean {
  let url: URL;
  try {
    url = new URL(redirectTo, location.href);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  location.assign(url.href);
  return true;
}
