/**
 * Whether this phone once held an active token: after a revocation the server only says
 * "unknown device", and the app should then say the token was revoked, not "activate".
 */
const KEY = 'soft-token-activated';

export function rememberActivated() {
  try {
    localStorage.setItem(KEY, '1');
  } catch {
    // Storage blocked: the app then shows the activation page after a revocation, as for a new phone.
  }
}

export function wasActivated(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}
