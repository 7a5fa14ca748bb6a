/** An account with an activated soft token (a software authenticator standing in for the phone). */
import type { createTestApp } from './app.ts';
import { TEST_ORIGIN } from './app.ts';
import type { Database } from '../../db/index.ts';
import { seedApprovedRegistration } from './fixtures.ts';
import { loginCookie } from './registration.ts';
import { createSoftAuthenticator } from './soft-authenticator.ts';
import { challengeFor } from '../../api/domain/login-requests.ts';

/** The in-process app, or any client shaped like it (tests/cluster: through nginx, on the cluster's origin). */
type TestApp = Pick<ReturnType<typeof createTestApp>, 'request'> & { origin?: string };
/** `st_x` on http, `__Host-st_x` on https. */
const cookieNamed = (res: Response, name: string) => res.headers.getSetCookie().find((c) => new RegExp(`^(__Host-)?st_${name}=`).test(c))?.split(';')[0];

export async function activatedAccount(t: TestApp, database: Database) {
  const seed = await seedApprovedRegistration(database);
  const cookie = await loginCookie(t, seed.username, seed.initialPassword);
  const { url } = await (await t.request('/api/registration/activation', { method: 'POST', headers: { cookie } })).json();
  const code = url.split('#')[1];
  const { options, challengeId } = await (await t.request('/api/activation/options', { method: 'POST', json: { code } })).json();
  const phone = createSoftAuthenticator({ origin: t.origin ?? TEST_ORIGIN, rpId: 'localhost' });
  const done = await t.request('/api/activation/verify', { method: 'POST', json: { code, challengeId, response: phone.create(options) } });
  if (done.status !== 200) throw new Error(`activation failed: ${await done.text()}`);
  const device = cookieNamed(done, 'device')!;
  return { ...seed, password: seed.initialPassword, phone, device };
}

export type Activated = Awaited<ReturnType<typeof activatedAccount>>;

/** Desktop: the password step; returns the request and the binding cookie of this "browser". */
export async function startLogin(t: TestApp, username: string, password: string, ip = '10.5.0.1') {
  const res = await t.request('/api/auth/login', { method: 'POST', json: { username, password }, headers: { 'x-forwarded-for': ip } });
  const body = await res.json();
  const binding = cookieNamed(res, 'binding');
  return { res, body, binding: binding ?? '' };
}

/** Phone: find the request and answer it with `choice` (the picture, or 'renew'). */
export async function answerOnPhone(t: TestApp, a: Activated, requestId: string, choice: (grid: string[]) => string, flags = {}) {
  const res0 = await t.request('/api/device/requests', { headers: { cookie: a.device } });
  if (res0.status !== 200) throw new Error(`phone cannot list requests: ${res0.status} ${await res0.text()}`);
  const pending = await res0.json();
  const request = pending.find((r: { id: string }) => r.id === requestId);
  if (!request) throw new Error('request not pending on the phone');
  const picked = choice(request.grid);
  const response = a.phone.get(challengeFor(request.nonce, picked), flags);
  const res = await t.request(`/api/device/requests/${requestId}/approve`, { method: 'POST', headers: { cookie: a.device }, json: { choice: picked, response } });
  return { res, picked, request, response };
}

/** Desktop portal: ask to revoke the token; the phone must approve (picture matching) before anything happens. */
export async function startRevocation(t: TestApp, sessionCookie: string, reason = 'resigned', detail?: string) {
  const res = await t.request('/api/portal/revoke', { method: 'POST', headers: { cookie: sessionCookie }, json: { reason, detail, confirm: true } });
  const body = await res.json();
  const binding = res.headers.getSetCookie().find((c) => c.startsWith('st_binding='))?.split(';')[0];
  return { res, body, binding: binding ?? '' };
}

const sessionOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('st_session='))?.split(';')[0];

/**
 * Log in through the phone approval and the forced password change; returns a portal
 * session cookie and the new password.
 */
export async function portalSession(t: TestApp, a: Activated, ip = '10.5.0.1') {
  const NEW = 'Kr8#wolf-Tamarind';
  const first = await startLogin(t, a.username, a.password, ip);
  await answerOnPhone(t, a, first.body.requestId, () => first.body.picture);
  const done = await t.request(`/api/login-requests/${first.body.requestId}/complete`, { method: 'POST', headers: { cookie: first.binding } });
  await t.request('/api/auth/password', { method: 'POST', headers: { cookie: sessionOf(done)! }, json: { oldPassword: a.password, newPassword: NEW, confirmPassword: NEW } });
  const again = await startLogin(t, a.username, NEW, ip);
  await answerOnPhone(t, a, again.body.requestId, () => again.body.picture);
  const portal = await t.request(`/api/login-requests/${again.body.requestId}/complete`, { method: 'POST', headers: { cookie: again.binding } });
  return { cookie: sessionOf(portal)!, password: NEW };
}
