/**
 * [TRUST] 5 and 6: throttling that an outsider cannot turn against the holder, and the client
 * address behind a proxy. Each test reproduces one attack through the HTTP API, shows the
 * attacker gets nowhere, and that the holder's own path still works in the same test.
 */
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditEvents, loginThrottles, mailOutbox, registrations } from '../../db/schema.ts';
import { TYPED_CODE_LENGTH } from '../../api/domain/activation.ts';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { unlockAccount } from '../../api/domain/login.ts';
import { forgetQuietFailures } from '../../api/domain/throttle.ts';
import { createTestApp, TEST_ORIGIN, testConfig } from '../helpers/app.ts';
import { newAccount } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { randomNationalId, seedApprovedRegistration } from '../helpers/fixtures.ts';
import { loginCookie } from '../helpers/registration.ts';
import { createSoftAuthenticator } from '../helpers/soft-authenticator.ts';
import { activatedAccount, answerOnPhone, startLogin } from '../helpers/token.ts';
import { withNationalId } from '../../db/sealing.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

type TestApp = ReturnType<typeof createTestApp>;
const app = (env: Record<string, string> = {}) => createTestApp(tdb.database, { TRUST_PROXY: '1', ...env });
const HEAVY = 120_000;

/** The "name=value" of one of our cookies out of a response. */
function cookieOf(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`st_${name}=`))?.split(';')[0];
}

/** A password login as a browser would send it: from `ip` (the proxy's X-Forwarded-For), with its cookies. */
function login(t: TestApp, username: string, password: string, o: { ip: string; cookie?: string; forwardedFor?: string }) {
  const headers: Record<string, string> = { 'x-forwarded-for': o.forwardedFor ?? o.ip };
  if (o.cookie) headers.cookie = o.cookie;
  return t.request('/api/auth/login', { method: 'POST', json: { username, password }, headers });
}

const throttleMails = async (to: string) =>
  (await tdb.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to))).filter((m) => m.subject.includes('ผิดหลายครั้ง'));

/** The desktop of an approved registration asks for an activation code pair. */
async function activationCodes(t: TestApp) {
  const seed = await seedApprovedRegistration(tdb.database);
  const cookie = await loginCookie(t, seed.username, seed.initialPassword);
  const body = await (await t.request('/api/registration/activation', { method: 'POST', headers: { cookie } })).json() as { url: string; typedCode: string };
  return { ...seed, qrCode: body.url.split('#')[1]!, typedCode: body.typedCode };
}

const options = (t: TestApp, code: string, ip: string) =>
  t.request('/api/activation/options', { method: 'POST', json: { code }, headers: { 'x-forwarded-for': ip } });

/** A typed code of the right length that is not `typed` but shares its first `keep` characters. */
function wrongTypedCode(typed: string, keep: number, n: number): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  let tail = '';
  for (let i = keep; i < TYPED_CODE_LENGTH; i++) tail += alphabet[(alphabet.indexOf(typed[i]!) + 1 + n + i) % alphabet.length];
  return typed.slice(0, keep) + tail;
}

describe('[TRUST] 5: throttling an outsider cannot turn against the holder', () => {
  it("attack: attacker's own successful login resets the per-IP counter", async () => {
    const t = app();
    const office = '203.0.113.7';
    const attacker = await newAccount(tdb.database);
    // The holder logs in from the same office address before the attack: their browser is now known.
    const holder = await newAccount(tdb.database);
    const first = await login(t, holder.username, holder.initialPassword, { ip: office });
    expect(first.status).toBe(200);
    const known = cookieOf(first, 'known');
    // Spray one guess at many usernames, logging into the attacker's own account every few guesses.
    let misses = 0;
    let blockedAfter: number | undefined;
    for (let i = 0; i < 40 && blockedAfter === undefined; i++) {
      if (i % 4 === 3) {
        const own = await login(t, attacker.username, attacker.initialPassword, { ip: office });
        if (own.status === 429) blockedAfter = misses;
        continue;
      }
      const res = await login(t, `A0300200000${8100 + i}`, 'Winter2026!', { ip: office });
      if (res.status === 429) blockedAfter = misses;
      else { expect(res.status).toBe(401); misses++; }
    }
    // The successes did not clear the address's count: the 21st guess is refused.
    expect(blockedAfter).toBe(20);
    expect((await login(t, 'A03002000008199', 'Winter2026!', { ip: office })).status).toBe(429);
    // The holder's known browser, behind the same office address, still gets in.
    expect(known).toBeTruthy();
    expect((await login(t, holder.username, holder.initialPassword, { ip: office, cookie: known })).status).toBe(200);
    // So does anyone from another address.
    expect((await login(t, attacker.username, attacker.initialPassword, { ip: '198.51.100.40' })).status).toBe(200);
  }, HEAVY);

  it("attack: attacker's misses lock the holder out of their known browser", async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    // The holder completes a login on their own computer: it becomes a known browser.
    const mine = await startLogin(t, a.username, a.password, '192.0.2.10');
    await answerOnPhone(t, a, mine.body.requestId, () => mine.body.picture);
    const done = await t.request(`/api/login-requests/${mine.body.requestId}/complete`, { method: 'POST', headers: { cookie: mine.binding } });
    expect(done.status).toBe(200);
    const known = cookieOf(done, 'known') ?? '';
    // A botnet: 100 misses from 20 addresses (five each, in parallel per address).
    const answers: number[] = [];
    for (let n = 0; n < 20; n++) {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => login(t, a.username, `guess-${n}-${i}`, { ip: `198.51.100.${n + 1}` })));
      answers.push(...results.map((r) => r.status));
    }
    // The holder's known browser is not locked out, even from an address the botnet used.
    const holder = await t.request('/api/auth/login', {
      method: 'POST', json: { username: a.username, password: a.password }, headers: { 'x-forwarded-for': '198.51.100.1', cookie: known },
    });
    expect(holder.status).toBe(200);
    expect(answers.every((s) => s === 401)).toBe(true);
    const [total] = await tdb.database.db.select().from(loginThrottles).where(eq(loginThrottles.key, `account:${a.account.id}`));
    expect(total).toMatchObject({ failures: 100, locked: true });
    // Even the right password from a stranger now gets nowhere: the lock applies to unknown sources.
    const stranger = await login(t, a.username, a.password, { ip: '198.51.100.99' });
    expect(stranger.status).toBe(429);
    expect(cookieOf(stranger, 'binding')).toBeUndefined();
    const body = await holder.json();
    expect(body.next).toBe('approve');
    await answerOnPhone(t, a, body.requestId, () => body.picture);
    const session = await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: cookieOf(holder, 'binding')! } });
    expect(session.status).toBe(200);
    expect(cookieOf(session, 'session')).toBeTruthy();
    // The holder heard about it once, at the verified email on file.
    expect(await throttleMails(a.email)).toHaveLength(1);
  }, HEAVY);

  it('should lock a known browser after 100 misses of its own, and only that browser, until an officer unlocks it', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const mine = await startLogin(t, a.username, a.password, '192.0.2.40');
    await answerOnPhone(t, a, mine.body.requestId, () => mine.body.picture);
    const done = await t.request(`/api/login-requests/${mine.body.requestId}/complete`, { method: 'POST', headers: { cookie: mine.binding } });
    const known = cookieOf(done, 'known') ?? '';
    expect(known).not.toBe('');
    // A thief on the holder's own computer guesses, waiting out each backoff (NIST: at most 100).
    for (let i = 0; i < 100; i++) {
      const res = await login(t, a.username, `guess-${i}`, { ip: '192.0.2.40', cookie: known });
      expect(res.status).toBe(401);
      t.clock.advance(16 * 60_000);
    }
    const locked = await login(t, a.username, a.password, { ip: '192.0.2.40', cookie: known });
    expect(locked.status).toBe(429);
    expect(cookieOf(locked, 'binding')).toBeUndefined();
    // Nobody else is locked out by it: the holder elsewhere still gets to the phone approval.
    const elsewhere = await login(t, a.username, a.password, { ip: '192.0.2.41' });
    expect(elsewhere.status).toBe(200);
    // An officer lifts it.
    await unlockAccount(tdb.database.db, a.account.id, SYSTEM_ACTOR);
    expect((await login(t, a.username, a.password, { ip: '192.0.2.40', cookie: known })).status).toBe(200);
  }, HEAVY);

  it('attack: 429 vs 401 tells which usernames exist', async () => {
    const t = app();
    const real = await newAccount(tdb.database);
    const unknown = 'A03002000009876';
    const probe = async (username: string, ip: string) => {
      const answers: Array<{ status: number; body: unknown; retryAfter: string | null }> = [];
      for (let i = 0; i < 7; i++) {
        const res = await login(t, username, `guess-${i}`, { ip });
        answers.push({ status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') });
      }
      return answers;
    };
    const [known, notKnown] = await Promise.all([probe(real.username, '198.51.100.61'), probe(unknown, '198.51.100.62')]);
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Same statuses, same bodies, same waits: nothing tells the real username from the unknown one.
    expect(notKnown).toEqual(known);
    // The real holder, from their own address, is not slowed down by the probe.
    expect((await login(t, real.username, real.initialPassword, { ip: '192.0.2.61' })).status).toBe(200);
  }, HEAVY);

  it('attack: guessing the old password on the password-change form', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const first = await startLogin(t, a.username, a.password, '192.0.2.20');
    await answerOnPhone(t, a, first.body.requestId, () => first.body.picture);
    const done = await t.request(`/api/login-requests/${first.body.requestId}/complete`, { method: 'POST', headers: { cookie: first.binding } });
    const session = cookieOf(done, 'session')!;
    // Someone at the unlocked computer uses the open session to guess the password.
    const change = (oldPassword: string, newPassword = 'Kr8#wolf-Tamarind') =>
      t.request('/api/auth/password', { method: 'POST', headers: { cookie: session }, json: { oldPassword, newPassword, confirmPassword: newPassword } });
    for (let i = 0; i < 5; i++) {
      const res = await change(`guess-${i}`);
      expect(res.status).toBe(400);
      expect((await res.json()).fields.oldPassword.code).toBe('wrong_old_password');
    }
    // The sixth guess is refused before it is checked, even when it is right.
    const sixth = await change(a.password, 'Attacker#Chosen-99');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    const [unchanged] = await tdb.database.db.select().from(accounts).where(eq(accounts.id, a.account.id));
    expect(unchanged!.passwordChangedAt).toBeNull();
    expect(await throttleMails(a.email)).toHaveLength(1);
    // Once the delay has passed, the holder changes the password with the right old one.
    t.clock.advance(1_500);
    expect((await change(a.password)).status).toBe(200);
  }, HEAVY);

  it('attack: email-code flooding', async () => {
    const t = app({ EMAIL_CODES_PER_DAY: '10' });
    // An account at step 3 (details) of its registration, as whoever holds its initial password.
    const { account, username, initialPassword } = await newAccount(tdb.database);
    await tdb.database.db.insert(registrations).values({ accountId: account.id, status: 'details', ...withNationalId(randomNationalId()), step1DoneAt: new Date(), proofedAt: new Date() });
    let cookie = await loginCookie(t, username, initialPassword);
    const send = (email: string) => t.request('/api/registration/email/send', { method: 'POST', json: { email }, headers: { cookie } });
    // The resend countdown alone would allow one code a minute: 1,440 a day at a victim's address.
    const victim = `victim.${Date.now()}@example.org`;
    for (let i = 0; i < 10; i++) {
      expect((await send(victim)).status).toBe(200);
      t.clock.advance(61_000);
    }
    const eleventh = await send(victim);
    expect(eleventh.status).toBe(429);
    const refused = await eleventh.json();
    expect(refused.code).toBe('otp_daily_limit');
    expect(refused.message).toContain('ต่อวัน');
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(23 * 3600);
    // Another address does not reset the count: it is per registration.
    expect((await send(`other.${Date.now()}@example.org`)).status).toBe(429);
    expect(await tdb.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, victim))).toHaveLength(10);
    // A day later the holder logs in again and verifies their own address.
    t.clock.advance(24 * 3600_000);
    cookie = await loginCookie(t, username, initialPassword);
    const own = `holder.${Date.now()}@example.go.th`;
    expect((await send(own)).status).toBe(200);
    const [mail] = await tdb.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, own));
    const code = /\b(\d{6})\b/.exec(mail!.text)![1]!;
    const verified = await t.request('/api/registration/email/verify', { method: 'POST', json: { code }, headers: { cookie } });
    expect(await verified.json()).toEqual({ email: own, verified: true });
  }, HEAVY);

  it('attack: guessing a typed activation code across options requests', async () => {
    const t = app();
    const victim = await activationCodes(t);
    const attacker = await activationCodes(t);
    // 1. One address: the attacker's own good code in between does not earn fresh guesses.
    const ip = '198.51.100.70';
    for (let i = 0; i < 5; i++) {
      expect((await options(t, attacker.typedCode, ip)).status).toBe(200);
      expect((await options(t, `ZZ${i}WRONG`, ip)).status).toBe(400);
    }
    expect((await options(t, 'ZZ9WRONG', ip)).status).toBe(429);
    // 2. Many addresses, aimed at the victim's typed code (its first characters are not secret),
    // while the victim's phone keeps asking for options with the right code.
    for (let i = 0; i < 5; i++) {
      const res = await options(t, wrongTypedCode(victim.typedCode, 3, i), `198.51.101.${i + 1}`);
      expect((await res.json()).code).toBe('activation_code_invalid');
      if (i < 4) expect((await options(t, victim.typedCode, '192.0.2.70')).status).toBe(200);
    }
    // Five wrong tries of that code: the typed code is dead, whoever types it next.
    const dead = await options(t, victim.typedCode, '192.0.2.70');
    expect(dead.status).toBe(400);
    expect((await dead.json()).code).toBe('activation_code_invalid');
    const killed = await tdb.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.subjectAccountId, victim.account.id), eq(auditEvents.action, 'activation.typed_code.dead')));
    expect(killed).toHaveLength(1);
    // The holder's QR code (256 bits, never typed) still activates their phone.
    const phone = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    const opts = await (await options(t, victim.qrCode, '192.0.2.70')).json();
    const verify = await t.request('/api/activation/verify', { method: 'POST', json: { code: victim.qrCode, challengeId: opts.challengeId, response: phone.create(opts.options) } });
    expect(verify.status).toBe(200);
  }, HEAVY);

  it("attack: second phone's options request spoils the first phone's enrolment", async () => {
    const t = app();
    const d = await activationCodes(t);
    const mine = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    const other = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    // The holder's phone asks for options; someone who read the typed code over a shoulder asks too.
    const first = await (await options(t, d.qrCode, '192.0.2.80')).json();
    const second = await (await options(t, d.typedCode, '198.51.100.80')).json();
    expect(first.challengeId).not.toBe(second.challengeId);
    // The first phone's enrolment still completes, on its own challenge.
    const done = await t.request('/api/activation/verify', { method: 'POST', json: { code: d.qrCode, challengeId: first.challengeId, response: mine.create(first.options) } });
    expect(done.status).toBe(200);
    // The second one finds the code spent, and a challenge cannot be used twice.
    const late = await t.request('/api/activation/verify', { method: 'POST', json: { code: d.typedCode, challengeId: second.challengeId, response: other.create(second.options) } });
    expect(late.status).toBe(400);
    const replay = await t.request('/api/activation/verify', { method: 'POST', json: { code: d.qrCode, challengeId: first.challengeId, response: mine.create(first.options) } });
    expect(replay.status).toBe(400);
    const device = cookieOf(done, 'device')!;
    expect(await (await t.request('/api/device', { headers: { cookie: device } })).json()).toMatchObject({ username: d.username });
  }, HEAVY);
});

describe('throttle housekeeping', () => {
  it('should forget quiet counts on the scheduled run, but never a lock', async () => {
    const t = app();
    const now = t.clock.now().getTime();
    const key = (s: string) => `housekeeping:${s}:${now}`;
    await tdb.database.db.insert(loginThrottles).values([
      { key: key('quiet'), failures: 3, lastFailureAt: new Date(now - 2 * 3600_000) },
      { key: key('recent'), failures: 3, lastFailureAt: new Date(now - 60_000) },
      { key: key('locked'), failures: 100, locked: true, lastFailureAt: new Date(now - 48 * 3600_000) },
      { key: key('notified'), failures: 0, notifiedAt: new Date(now - 3600_000) },
    ]);
    await forgetQuietFailures(tdb.database.db, t.clock);
    const left = (await tdb.database.db.select().from(loginThrottles).where(like(loginThrottles.key, `housekeeping:%:${now}`))).map((r) => r.key).sort();
    expect(left).toEqual([key('locked'), key('notified'), key('recent')].sort());
  });
});

describe('[TRUST] 6: the client address behind a proxy', () => {
  it('should read TRUST_PROXY as a hop count and keep accepting true and false', () => {
    expect(testConfig({ TRUST_PROXY: 'true' }).trustProxyHops).toBe(1);
    expect(testConfig({ TRUST_PROXY: 'false' }).trustProxyHops).toBe(0);
    expect(testConfig({ TRUST_PROXY: '2' }).trustProxyHops).toBe(2);
    expect(testConfig({}).trustProxyHops).toBe(0);
    expect(() => testConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });

  it('attack: spoofed X-Forwarded-For', async () => {
    const t = app({ TRUST_PROXY: '1' });
    const holder = await newAccount(tdb.database);
    const real = '198.51.100.23';
    // nginx appends the address it saw; the attacker writes a fresh left part on every request.
    for (let i = 0; i < 20; i++) {
      const res = await login(t, `A0300200000${8300 + i}`, 'guess', { ip: real, forwardedFor: `10.${i}.0.1, ${real}` });
      expect(res.status).toBe(401);
    }
    expect((await login(t, 'A03002000008399', 'guess', { ip: real, forwardedFor: `10.99.0.1, ${real}` })).status).toBe(429);
    // The audit names the real address, never the spoofed one.
    const events = await tdb.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'login.password.failed'), like(auditEvents.ip, '10.%')));
    expect(events).toHaveLength(0);
    // Garbage where the proxy's entry should be is ignored (the socket's address is used instead).
    const garbage = await login(t, 'A03002000008398', 'guess', { ip: real, forwardedFor: `${real}, not-an-address` });
    expect(garbage.status).toBe(401);
    const [event] = await tdb.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.action, 'login.password.failed'), sql`${auditEvents.details}->>'username' = 'A03002000008398'`));
    expect(event!.ip).not.toBe(real);
    // The holder, from another address through the same proxy, logs in.
    expect((await login(t, holder.username, holder.initialPassword, { ip: '192.0.2.23', forwardedFor: `${real}, 192.0.2.23` })).status).toBe(200);
  }, HEAVY);
});
