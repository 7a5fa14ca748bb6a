/**
 * [PASSKEY]: the phone's soft-token passkey signs in a desktop browser directly (the browser's
 * cross-device flow). Each refusal is an attack: a replayed or late challenge, an assertion
 * made without user verification or for another site, a cloned key's stale counter, a revoked
 * or suspended token, a key we never registered. And the policy: units that require it lose
 * the password + picture-matching path, while the passkey path keeps working.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { deleteExpiredPasskeyLoginChallenges, PASSKEY_LOGIN_CHALLENGE_TTL_MS } from '../../api/domain/passkey-login.ts';
import { revokeToken } from '../../api/domain/revocation.ts';
import { accounts, auditEvents, authenticators, sessions, webauthnChallenges } from '../../db/schema.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createSoftAuthenticator, type Flags } from '../helpers/soft-authenticator.ts';
import { activatedAccount, answerOnPhone, startLogin, type Activated } from '../helpers/token.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

type TestApp = ReturnType<typeof createTestApp>;
const app = (env: Record<string, string> = {}) => createTestApp(tdb.database, { TRUST_PROXY: 'true', ...env });
const db = () => tdb.database.db;
let nextIp = 1;
/** Each test its own source address, so one test's failures never throttle another's. */
const freshIp = () => `10.77.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

const sessionOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('st_session='))?.split(';')[0];
const bindingOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('st_binding='))?.split(';')[0];

async function options(t: TestApp, ip: string) {
  const res = await t.request('/api/auth/passkey/options', { method: 'POST', headers: { 'x-forwarded-for': ip } });
  expect(res.status).toBe(200);
  return (await res.json()) as { challengeId: string; options: { challenge: string; rpId: string; userVerification: string; allowCredentials?: unknown[] } };
}

function verify(t: TestApp, ip: string, body: unknown) {
  return t.request('/api/auth/passkey/verify', { method: 'POST', headers: { 'x-forwarded-for': ip }, json: body });
}

/** The desktop asks for options; the phone (`signer`) signs them; the desktop posts the assertion. */
async function passkeyLogin(t: TestApp, signer: Activated['phone'], ip: string, flags: Flags = {}) {
  const { challengeId, options: o } = await options(t, ip);
  const response = signer.get(o.challenge, flags);
  const res = await verify(t, ip, { challengeId, response });
  return { res, body: await res.json(), challengeId, response };
}

/** An activated account whose initial password was already changed: a passkey login leads to the portal. */
async function readyAccount(t: TestApp) {
  const a = await activatedAccount(t, tdb.database);
  await db().update(accounts).set({ passwordIsInitial: false }).where(eq(accounts.id, a.account.id));
  return a;
}

const tokenOf = async (accountId: string) =>
  (await db().select().from(authenticators).where(eq(authenticators.accountId, accountId))).find((x) => !x.revokedAt)!;
/** Sessions beyond the tracker session activation left behind. */
const loginSessions = async (accountId: string) =>
  (await db().select().from(sessions).where(eq(sessions.accountId, accountId))).filter((s) => s.kind !== 'registration');
const auditOf = (accountId: string, action: string) =>
  db().select().from(auditEvents).where(and(eq(auditEvents.subjectAccountId, accountId), eq(auditEvents.action, action)));

describe('passkey login from the desktop', () => {
  it('should reach a portal session with amr hwk+user+mfa and no password, and audit it', async () => {
    const t = app();
    const a = await readyAccount(t);
    const ip = freshIp();
    const { options: o } = await options(t, ip);
    expect(o.userVerification).toBe('required');
    expect(o.rpId).toBe('localhost');
    expect(o.allowCredentials ?? []).toEqual([]);

    const { res, body } = await passkeyLogin(t, a.phone, ip);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ next: 'portal', validity: { state: 'valid' } });
    expect(body.validUntil).toBe((await tokenOf(a.account.id)).validUntil.toISOString());
    const cookie = sessionOf(res)!;
    expect(await (await t.request('/api/auth/me', { headers: { cookie } })).json()).toMatchObject({ username: a.username, session: 'portal' });
    const [session] = await loginSessions(a.account.id);
    expect(session!.amr).toEqual(['hwk', 'user', 'mfa']);
    expect(session!.amr).not.toContain('pwd');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('st_known='))).toBe(true);

    const token = await tokenOf(a.account.id);
    expect(token.counter).toBe(2);
    expect(token.lastUsedAt).not.toBeNull();
    const [event] = await auditOf(a.account.id, 'login.passkey');
    expect(event).toMatchObject({ ip, targetType: 'authenticator', targetId: token.id, details: { next: 'portal', amr: ['hwk', 'user', 'mfa'] } });
  });

  it('should say swk when the passkey is backup eligible', async () => {
    const t = app();
    const a = await readyAccount(t);
    await db().update(authenticators).set({ backupEligible: true }).where(eq(authenticators.accountId, a.account.id));
    const { res, body } = await passkeyLogin(t, a.phone, freshIp(), { be: true });
    expect(body).toMatchObject({ next: 'portal' });
    const [session] = await loginSessions(a.account.id);
    expect(session!.amr).toEqual(['swk', 'user', 'mfa']);
    expect(sessionOf(res)).toBeDefined();
  });

  it('should send the holder to the forced password change while the initial password stands', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { res, body } = await passkeyLogin(t, a.phone, freshIp());
    expect(body).toMatchObject({ next: 'change_password' });
    const cookie = sessionOf(res)!;
    expect((await t.request('/api/registration', { headers: { cookie } })).status).toBe(403);
    expect(await (await t.request('/api/auth/me', { headers: { cookie } })).json()).toMatchObject({ session: 'password_change' });
  });

  it('should ask for renewal on the phone when the token has expired, then open the portal', async () => {
    const t = app();
    const a = await readyAccount(t);
    await db().update(authenticators).set({ validUntil: new Date(t.clock.now().getTime() - 86_400_000) }).where(eq(authenticators.accountId, a.account.id));
    const { res, body } = await passkeyLogin(t, a.phone, freshIp());
    expect(body).toMatchObject({ next: 'renew', picture: null, validity: { state: 'expired' } });
    expect(body.requestId).toEqual(expect.any(String));
    expect(sessionOf(res)).toBeUndefined();
    const binding = bindingOf(res)!;
    const { res: accepted } = await answerOnPhone(t, a, body.requestId, () => 'renew');
    expect(await accepted.json()).toMatchObject({ status: 'approved' });
    const done = await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: binding } });
    expect(await done.json()).toMatchObject({ next: 'portal', validity: { state: 'valid' } });
  });
});

describe('passkey login refusals', () => {
  it('should refuse a replay of the same verify: the challenge is single use', async () => {
    const t = app();
    const a = await readyAccount(t);
    const ip = freshIp();
    const first = await passkeyLogin(t, a.phone, ip);
    expect(first.res.status).toBe(200);
    const replay = await verify(t, ip, { challengeId: first.challengeId, response: first.response });
    expect(replay.status).toBe(400);
    expect((await replay.json()).code).toBe('passkey_challenge_expired');
    expect(sessionOf(replay)).toBeUndefined();
  });

  it('should refuse a challenge past its two minutes', async () => {
    const t = app();
    const a = await readyAccount(t);
    const ip = freshIp();
    const { challengeId, options: o } = await options(t, ip);
    t.clock.advance(PASSKEY_LOGIN_CHALLENGE_TTL_MS + 1000);
    const late = await verify(t, ip, { challengeId, response: a.phone.get(o.challenge) });
    expect(late.status).toBe(400);
    expect((await late.json()).code).toBe('passkey_challenge_expired');
    // The hourly job drops expired login challenges: anyone may ask for options.
    await deleteExpiredPasskeyLoginChallenges(db(), t.clock);
    expect(await db().select().from(webauthnChallenges).where(eq(webauthnChallenges.id, challengeId))).toHaveLength(0);
  });

  it('should refuse an assertion without user verification, for another origin or for another RP ID', async () => {
    const t = app();
    const a = await readyAccount(t);
    const ip = freshIp();
    for (const flags of [{ uv: false }, { origin: 'https://softtoken.phish.example' }, { rpId: 'phish.example' }] satisfies Flags[]) {
      const { res, body } = await passkeyLogin(t, a.phone, ip, flags);
      expect(res.status, JSON.stringify(flags)).toBe(401);
      expect(body.code).toBe('passkey_login_failed');
      expect(sessionOf(res)).toBeUndefined();
    }
    expect(await loginSessions(a.account.id)).toHaveLength(0);
    const failures = await auditOf(a.account.id, 'login.passkey_failed');
    expect(failures.map((f) => (f.details as { reason: string }).reason)).toEqual(['verification_failed', 'verification_failed', 'verification_failed']);
  });

  it('should refuse a counter that does not increase (a cloned key)', async () => {
    const t = app();
    const a = await readyAccount(t);
    const ip = freshIp();
    expect((await passkeyLogin(t, a.phone, ip)).res.status).toBe(200);
    const stored = (await tokenOf(a.account.id)).counter;
    const { res, body } = await passkeyLogin(t, a.phone, ip, { counter: stored });
    expect(res.status).toBe(401);
    expect(body.code).toBe('passkey_login_failed');
    expect((await tokenOf(a.account.id)).counter).toBe(stored);
  });

  it('should refuse a user handle that is not the token\'s', async () => {
    const t = app();
    const a = await readyAccount(t);
    const { res, body } = await passkeyLogin(t, a.phone, freshIp(), { userHandle: Buffer.from('someone-else').toString('base64url') });
    expect(res.status).toBe(401);
    expect(body.code).toBe('passkey_login_failed');
    // No user handle at all is allowed: the credential id still names the token.
    expect((await passkeyLogin(t, a.phone, freshIp(), { userHandle: null })).body).toMatchObject({ next: 'portal' });
  });

  it('should refuse the passkey of a revoked token', async () => {
    const t = app();
    const a = await readyAccount(t);
    const [account] = await db().select().from(accounts).where(eq(accounts.id, a.account.id));
    await db().transaction((tx) => revokeToken(tx, t.clock, { account: account!, reason: 'test', releaseHolder: false }, SYSTEM_ACTOR));
    const { res, body } = await passkeyLogin(t, a.phone, freshIp());
    expect(res.status).toBe(401);
    expect(body.code).toBe('passkey_login_failed');
    const [failure] = await auditOf(a.account.id, 'login.passkey_failed');
    expect(failure!.details).toMatchObject({ reason: 'token_revoked' });
  });

  it('should refuse the passkey of a suspended token, and of an account whose password is suspended', async () => {
    const t = app();
    const a = await readyAccount(t);
    await db().update(authenticators).set({ suspendedAt: t.clock.now() }).where(eq(authenticators.accountId, a.account.id));
    const suspended = await passkeyLogin(t, a.phone, freshIp());
    expect(suspended.res.status).toBe(403);
    expect(suspended.body.code).toBe('token_suspended');

    const b = await readyAccount(t);
    await db().update(accounts).set({ passwordSuspendedAt: t.clock.now(), passwordSuspendReason: 'not_me' }).where(eq(accounts.id, b.account.id));
    const passwordSuspended = await passkeyLogin(t, b.phone, freshIp());
    expect(passwordSuspended.res.status).toBe(403);
    expect(passwordSuspended.body.code).toBe('account_suspended');
    expect(await loginSessions(b.account.id)).toHaveLength(0);
  });

  it('should refuse a passkey nobody registered', async () => {
    const t = app();
    const stranger = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    const { res, body } = await passkeyLogin(t, stranger, freshIp());
    expect(res.status).toBe(401);
    expect(body.code).toBe('passkey_login_failed');
  });

  it('should throttle a source after many failures, options included', async () => {
    const t = app();
    const ip = freshIp();
    const stranger = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    for (let i = 0; i < 20; i++) expect((await passkeyLogin(t, stranger, ip)).res.status).toBe(401);
    const blocked = await t.request('/api/auth/passkey/options', { method: 'POST', headers: { 'x-forwarded-for': ip } });
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).code).toBe('rate_limited');
    expect(blocked.headers.get('retry-after')).toBeTruthy();
    // Another source is not slowed down.
    expect((await options(t, freshIp())).challengeId).toEqual(expect.any(String));
  });

  it('should refuse a malformed body with a validation error', async () => {
    const t = app();
    const res = await verify(t, freshIp(), { challengeId: 'not-a-uuid', response: { id: 'x' } });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('validation');
  });
});

describe('phishing-resistant policy', () => {
  it('should refuse the password path where the unit requires a passkey, and keep the passkey path', async () => {
    const plain = app();
    const a = await readyAccount(plain);
    const t = app({ PHISHING_RESISTANT_UNITS: a.account.unitCode });
    const ip = freshIp();
    const { res, body } = await startLogin(t, a.username, a.password, ip);
    expect(res.status).toBe(403);
    expect(body.code).toBe('phishing_resistant_required');
    expect(body.message).toContain('พาสคีย์');
    expect(bindingOf(res)).toBeUndefined();
    expect(await auditOf(a.account.id, 'login.password.phishing_resistant_required')).toHaveLength(1);
    // A wrong password still answers as a wrong password: the policy tells nothing to a guesser.
    expect((await startLogin(t, a.username, 'wrong-password', ip)).body.code).toBe('invalid_credentials');

    expect((await passkeyLogin(t, a.phone, ip)).body).toMatchObject({ next: 'portal' });
  });

  it('should leave both paths open without it', async () => {
    const t = app({ PHISHING_RESISTANT_UNITS: '' });
    const a = await readyAccount(t);
    const ip = freshIp();
    const { body } = await startLogin(t, a.username, a.password, ip);
    expect(body).toMatchObject({ next: 'approve' });
    expect((await passkeyLogin(t, a.phone, ip)).body).toMatchObject({ next: 'portal' });
  });

  it('should refuse a malformed unit list at start', () => {
    expect(() => app({ PHISHING_RESISTANT_UNITS: '12345,abc' })).toThrow(/PHISHING_RESISTANT_UNITS/);
  });
});
