/**
 * [TRUST] 3 and 4: officer access as strong as login (FLOWS §7). Each test is an attack that
 * worked before (officers reached the console on a password alone, and nothing stopped an
 * officer deciding a registration they had a hand in) and asserts the attacker ends with no
 * console session and no decision, while the legitimate officer's path still works.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../api/cli/admin.ts';
import { loadConfig } from '../../api/config.ts';
import { startDevIdp, type DevIdp } from '../../api/dev/idp.ts';
import { startMailCatcher, type MailCatcher } from '../../api/dev/mailcatcher.ts';
import { createAccount } from '../../api/domain/accounts.ts';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { resetOfficerPasskeys } from '../../api/domain/officer-passkeys.ts';
import { systemClock } from '../../api/lib/clock.ts';
import { startOutboxWorker, type OutboxWorker } from '../../api/services/mail.ts';
import { accounts, auditEvents, officerPasskeys, registrations, sessions, webauthnChallenges } from '../../db/schema.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, TEST_DATA_KEY, type TestDatabase } from '../helpers/db.ts';
import {
  enrolPasskey, newOfficer, officerNationalId, officerPassword, officerSignIn, signInOfficer, strongPassword,
} from '../helpers/officer.ts';
import { freshNationalId, pendingRegistration } from '../helpers/pending-registration.ts';
import { createSoftAuthenticator } from '../helpers/soft-authenticator.ts';
import { withNationalId } from '../../db/sealing.ts';

const SECRET = 'trust-officer-secret';
let tdb: TestDatabase;
let idp: DevIdp;
let mail: MailCatcher;
let worker: OutboxWorker;
let t: ReturnType<typeof createTestApp>;
let db: TestDatabase['database']['db'];

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.database.db;
  idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: 'soft-token', clientSecret: SECRET, redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`] });
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  t = createTestApp(tdb.database, { PROOFING_ISSUER: idp.issuer, PROOFING_CLIENT_SECRET: SECRET, SMTP_URL: mail.smtpUrl });
  worker = await startOutboxWorker(t.deps);
});
afterAll(async () => {
  await worker.stop();
  await mail.close();
  await idp.close();
  await tdb.drop();
});

const get = (path: string, cookie: string) => t.request(path, { headers: { cookie } });
const post = (path: string, cookie: string, json?: unknown) =>
  t.request(path, { method: 'POST', headers: { cookie }, ...(json === undefined ? {} : { json }) });
const pending = (o: Parameters<typeof pendingRegistration>[3] = {}) => pendingRegistration(t, tdb.database, mail, o);

/** What a console session can reach; a half-open one none of it. */
const CONSOLE = ['/api/officer/dashboard', '/api/officer/registrations', '/api/officer/accounts', '/api/officer/audit'];

async function consoleStatuses(cookie: string): Promise<number[]> {
  return Promise.all(CONSOLE.map(async (path) => (await get(path, cookie)).status));
}

async function activePasskeyCount(accountId: string): Promise<number> {
  const rows = await db.select().from(officerPasskeys).where(eq(officerPasskeys.accountId, accountId));
  return rows.filter((r) => !r.revokedAt).length;
}

describe('officer console: password + passkey (FLOWS §7)', () => {
  it('attack: officer console with a stolen password alone', async () => {
    const officer = await signInOfficer(t, tdb.database);
    const pendingReg = await pending();

    // The attacker knows the (changed) password: the answer is "now your passkey", and the session it gets opens nothing.
    const stolen = await officerPassword(t, officer.username, officer.password);
    expect(stolen.res.status).toBe(200);
    expect(stolen.next).toBe('verify_passkey');
    expect(await consoleStatuses(stolen.cookie)).toEqual([403, 403, 403, 403]);
    expect((await post(`/api/officer/registrations/${pendingReg.registrationId}/approve`, stolen.cookie)).status).toBe(403);
    // Nor anything else that wants a full session.
    expect((await get('/api/portal/profile', stolen.cookie)).status).toBe(403);
    expect((await get('/api/registration', stolen.cookie)).status).toBe(403);

    // The attacker's own authenticator signs the challenge: not one of this officer's passkeys.
    const { options } = await (await post('/api/officer-passkey/sign-in/options', stolen.cookie)).json();
    expect(options.userVerification).toBe('required');
    expect(options.allowCredentials).toEqual([expect.objectContaining({ id: officer.passkey.credentialId })]);
    const own = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    const refused = await post('/api/officer-passkey/sign-in', stolen.cookie, { response: own.get(options.challenge) });
    expect(refused.status).toBe(400);
    expect((await refused.json()).code).toBe('passkey_failed');
    // The half-open session died with the failure: every new try starts at the throttled password.
    expect((await get('/api/auth/me', stolen.cookie)).status).toBe(401);
    expect((await db.select().from(sessions).where(eq(sessions.accountId, officer.account.id))).map((s) => s.kind)).toEqual(['portal']);

    // The registration is still waiting; the officer, with the passkey, signs in and decides it.
    const [reg] = await db.select().from(registrations).where(eq(registrations.id, pendingReg.registrationId));
    expect(reg!.status).toBe('pending');
    const cookie = await officerSignIn(t, officer);
    expect(await consoleStatuses(cookie)).toEqual([200, 200, 200, 200]);
    expect((await post(`/api/officer/registrations/${pendingReg.registrationId}/approve`, cookie)).status).toBe(200);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.subjectAccountId, officer.account.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['officer.passkey.enrol', 'officer.passkey.sign_in_failed', 'officer.passkey.sign_in']));
  });

  it('attack: officer console on the initial password, before it is changed or a passkey enrolled', async () => {
    const created = await newOfficer(tdb.database, { roles: ['officer', 'admin'] });
    // The slip's password leads only to the forced change…
    const first = await officerPassword(t, created.username, created.initialPassword);
    expect(first.next).toBe('change_password');
    expect(await consoleStatuses(first.cookie)).toEqual([403, 403, 403, 403]);
    expect((await post('/api/officer/accounts', first.cookie, { unitCode: '0300200000' })).status).toBe(403);
    expect((await post('/api/officer-passkey/enrol/options', first.cookie)).status).toBe(403);
    const password = strongPassword();
    expect((await post('/api/auth/password', first.cookie, { oldPassword: created.initialPassword, newPassword: password, confirmPassword: password })).status).toBe(200);
    // …then to enrolment, which still opens nothing until the passkey is made.
    const second = await officerPassword(t, created.username, password);
    expect(second.next).toBe('enrol_passkey');
    expect(await consoleStatuses(second.cookie)).toEqual([403, 403, 403, 403]);
    expect((await post('/api/officer-passkey/sign-in/options', second.cookie)).status).toBe(403);
    const { options } = await (await post('/api/officer-passkey/enrol/options', second.cookie)).json();
    expect(options.authenticatorSelection).toMatchObject({ userVerification: 'required', residentKey: 'preferred' });
    expect(options.authenticatorSelection.authenticatorAttachment).toBeUndefined();
    expect(options.attestation).toBe('none');
    expect(options.rp).toEqual({ id: 'localhost', name: 'Soft Token' });

    // A passkey without user verification (anyone at an unlocked key) is refused.
    const key = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    const noUv = await post('/api/officer-passkey/enrol', second.cookie, { response: key.create(options, { uv: false }) });
    expect(noUv.status).toBe(400);
    expect(await activePasskeyCount(created.account.id)).toBe(0);

    // The legitimate path: sign in again, enrol with user verification, the console opens.
    const third = await officerPassword(t, created.username, password);
    const cookie = await enrolPasskey(t, third.cookie, key);
    expect(await consoleStatuses(cookie)).toEqual([200, 200, 200, 200]);
    expect(await activePasskeyCount(created.account.id)).toBe(1);
  });

  it('attack: knowing the password is never enough to enrol a passkey on an account that has had one', async () => {
    // Two browsers hold the password at the officer's first sign-in: the officer's and an attacker's.
    const created = await newOfficer(tdb.database);
    const first = await officerPassword(t, created.username, created.initialPassword);
    const password = strongPassword();
    await post('/api/auth/password', first.cookie, { oldPassword: created.initialPassword, newPassword: password, confirmPassword: password });
    const officerBrowser = await officerPassword(t, created.username, password);
    const attackerBrowser = await officerPassword(t, created.username, password);
    expect([officerBrowser.next, attackerBrowser.next]).toEqual(['enrol_passkey', 'enrol_passkey']);
    const attackerOptions = (await (await post('/api/officer-passkey/enrol/options', attackerBrowser.cookie)).json()).options;
    const officerKey = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    const cookie = await enrolPasskey(t, officerBrowser.cookie, officerKey);

    // The officer enrolled first: the attacker's enrolment in progress is refused and its session ends.
    const attackerKey = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    const late = await post('/api/officer-passkey/enrol', attackerBrowser.cookie, { response: attackerKey.create(attackerOptions) });
    expect(late.status).toBe(409);
    expect((await late.json()).code).toBe('officer_passkey_exists');
    expect((await get('/api/auth/me', attackerBrowser.cookie)).status).toBe(401);

    // From now on the password leads to "sign with your passkey", never to enrolment.
    const later = await officerPassword(t, created.username, password);
    expect(later.next).toBe('verify_passkey');
    expect((await post('/api/officer-passkey/enrol/options', later.cookie)).status).toBe(403);
    expect((await post('/api/officer-passkey/enrol', later.cookie, { response: attackerKey.create(attackerOptions) })).status).toBe(403);
    expect(await activePasskeyCount(created.account.id)).toBe(1);
    const [only] = await db.select().from(officerPasskeys).where(eq(officerPasskeys.accountId, created.account.id));
    expect(only!.credentialId).toBe(officerKey.credentialId);
    expect((await get('/api/officer/dashboard', cookie)).status).toBe(200);
  });

  it('attack: replaying a captured officer passkey assertion, or one made without user verification', async () => {
    const officer = await signInOfficer(t, tdb.database);
    // The officer signs in; an attacker on the wire captures the assertion.
    const step = await officerPassword(t, officer.username, officer.password);
    const { options } = await (await post('/api/officer-passkey/sign-in/options', step.cookie)).json();
    const captured = officer.passkey.get(options.challenge);
    expect((await post('/api/officer-passkey/sign-in', step.cookie, { response: captured })).status).toBe(200);

    // The attacker has the password and the captured assertion: its challenge was consumed.
    const replay = await officerPassword(t, officer.username, officer.password);
    await post('/api/officer-passkey/sign-in/options', replay.cookie);
    const replayed = await post('/api/officer-passkey/sign-in', replay.cookie, { response: captured });
    expect(replayed.status).toBe(400);
    expect((await replayed.json()).code).toBe('passkey_challenge_expired');
    expect(await consoleStatuses(replay.cookie)).toEqual([403, 403, 403, 403]);
    const [challenge] = await db.select().from(webauthnChallenges)
      .where(and(eq(webauthnChallenges.accountId, officer.account.id), eq(webauthnChallenges.challenge, options.challenge)));
    expect(challenge!.consumedAt).not.toBeNull();

    // An assertion without user verification (someone at the officer's unlocked key) is refused.
    const noUv = await officerPassword(t, officer.username, officer.password);
    const fresh = (await (await post('/api/officer-passkey/sign-in/options', noUv.cookie)).json()).options;
    const res = await post('/api/officer-passkey/sign-in', noUv.cookie, { response: officer.passkey.get(fresh.challenge, { uv: false }) });
    expect(res.status).toBe(400);
    expect(await consoleStatuses(noUv.cookie)).toEqual([401, 401, 401, 401]);

    // An expired challenge is refused too; the officer still gets in with a fresh one.
    const slow = await officerPassword(t, officer.username, officer.password);
    const old = (await (await post('/api/officer-passkey/sign-in/options', slow.cookie)).json()).options;
    t.clock.advance(6 * 60_000);
    const late = await post('/api/officer-passkey/sign-in', slow.cookie, { response: officer.passkey.get(old.challenge) });
    expect((await late.json()).code).toBe('passkey_challenge_expired');
    const cookie = await officerSignIn(t, officer);
    expect((await get('/api/officer/dashboard', cookie)).status).toBe(200);
  });

  it('should answer malformed passkey responses with a JSON error below 500 (R-10.4)', async () => {
    const officer = await signInOfficer(t, tdb.database);
    const verify = await officerPassword(t, officer.username, officer.password);
    const { options } = await (await post('/api/officer-passkey/sign-in/options', verify.cookie)).json();
    const good = officer.passkey.get(options.challenge);
    const junk = [
      '{bad', 'null', { response: null }, { response: { ...good, response: { ...good.response, clientDataJSON: '%%%' } } },
      { response: { ...good, response: { ...good.response, signature: 'AAAA' } } }, { response: { ...good, id: 'x'.repeat(2000) } },
    ];
    for (const body of junk) {
      const step = await officerPassword(t, officer.username, officer.password);
      await post('/api/officer-passkey/sign-in/options', step.cookie);
      const res = await t.request('/api/officer-passkey/sign-in', {
        method: 'POST', headers: { cookie: step.cookie, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBeLessThan(500);
      expect(typeof (await res.json()).code).toBe('string');
    }
    const created = await newOfficer(tdb.database);
    const first = await officerPassword(t, created.username, created.initialPassword);
    const password = strongPassword();
    await post('/api/auth/password', first.cookie, { oldPassword: created.initialPassword, newPassword: password, confirmPassword: password });
    const enrol = await officerPassword(t, created.username, password);
    const creation = (await (await post('/api/officer-passkey/enrol/options', enrol.cookie)).json()).options;
    const attestation = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' }).create(creation);
    for (const body of [{ response: { ...attestation, response: { ...attestation.response, attestationObject: 'AAAA' } } }, { response: 'x' }]) {
      const res = await post('/api/officer-passkey/enrol', enrol.cookie, body);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('should end an idle officer session after OFFICER_SESSION_IDLE_MINUTES, sooner than a staff session', async () => {
    expect(loadConfig({ NODE_ENV: 'test' }).session.officerIdleMinutes).toBe(15);
    expect(() => loadConfig({ NODE_ENV: 'test', OFFICER_SESSION_IDLE_MINUTES: '0' })).toThrow('OFFICER_SESSION_IDLE_MINUTES');
    const officer = await signInOfficer(t, tdb.database);
    const staff = await createAccount(db, { unitCode: '0300200000' }, SYSTEM_ACTOR);
    if (!staff.ok) throw new Error(staff.reason);
    const staffCookie = (await officerPassword(t, staff.credentials.username, staff.credentials.initialPassword)).cookie;
    t.clock.advance(14 * 60_000);
    expect((await get('/api/officer/dashboard', officer.cookie)).status).toBe(200);
    expect((await get('/api/registration', staffCookie)).status).toBe(200);
    t.clock.advance(16 * 60_000);
    expect((await get('/api/officer/dashboard', officer.cookie)).status).toBe(401);
    // Staff keep SESSION_IDLE_MINUTES (30).
    expect((await get('/api/registration', staffCookie)).status).toBe(200);

    const short = createTestApp(tdb.database, { OFFICER_SESSION_IDLE_MINUTES: '5' });
    const other = await signInOfficer(short, tdb.database);
    short.clock.advance(6 * 60_000);
    expect((await short.request('/api/officer/dashboard', { headers: { cookie: other.cookie } })).status).toBe(401);
  });

  it('should revoke every passkey of an officer with reset-officer-passkey, audited as the system, and enrol anew', async () => {
    const officer = await signInOfficer(t, tdb.database, { roles: ['officer', 'admin'] });
    const reset = async (username: string) => (tdb.url
      ? runAdmin(['reset-officer-passkey', '--username', username], { DATABASE_URL: tdb.url, DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent' })
      : db.transaction(async (tx) => {
        const r = await resetOfficerPasskeys(tx, systemClock, username, SYSTEM_ACTOR);
        if (!r.ok) throw new Error(r.reason);
        return { ...r.credentials, revokedPasskeys: r.revoked };
      })) as Promise<{ username: string; initialPassword: string; revokedPasskeys: number }>;

    const out = await reset(officer.username.toLowerCase());
    expect(out).toMatchObject({ username: officer.username, revokedPasskeys: 1 });
    const [event] = await db.select().from(auditEvents)
      .where(and(eq(auditEvents.action, 'officer.passkey.reset'), eq(auditEvents.subjectAccountId, officer.account.id)));
    expect(event).toMatchObject({ actorKind: 'system', actorAccountId: null, targetType: 'account', targetId: officer.account.id });
    // The console session ends at once, the passkey is gone, and the old password no longer works:
    // whoever only knew it cannot be the one to enrol the next passkey.
    expect((await get('/api/officer/dashboard', officer.cookie)).status).toBe(401);
    expect(await activePasskeyCount(officer.account.id)).toBe(0);
    expect((await officerPassword(t, officer.username, officer.password)).res.status).toBe(401);

    // The officer, with the new initial password from the administrator, changes it and enrols again.
    const first = await officerPassword(t, officer.username, out.initialPassword);
    expect(first.next).toBe('change_password');
    const password = strongPassword();
    expect((await post('/api/auth/password', first.cookie, { oldPassword: out.initialPassword, newPassword: password, confirmPassword: password })).status).toBe(200);
    const second = await officerPassword(t, officer.username, password);
    expect(second.next).toBe('enrol_passkey');
    const newKey = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    const cookie = await enrolPasskey(t, second.cookie, newKey);
    expect((await get('/api/officer/dashboard', cookie)).status).toBe(200);
    // The revoked passkey never signs again.
    const third = await officerPassword(t, officer.username, password);
    const { options } = await (await post('/api/officer-passkey/sign-in/options', third.cookie)).json();
    expect(options.allowCredentials.map((c: { id: string }) => c.id)).toEqual([newKey.credentialId]);
    expect((await post('/api/officer-passkey/sign-in', third.cookie, { response: officer.passkey.get(options.challenge) })).status).toBe(400);

    // Only officers: a staff account or an unknown one is refused.
    if (tdb.url) {
      await expect(runAdmin(['reset-officer-passkey', '--username', 'A03002000009999'], { DATABASE_URL: tdb.url, DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent' })).rejects.toThrow('No account');
      await expect(runAdmin(['reset-officer-passkey'], { DATABASE_URL: tdb.url, DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent' })).rejects.toThrow('--username');
    }
  });
});

describe('four-eyes on registration decisions (FLOWS §7)', () => {
  it('should refuse to create an officer without a valid national ID of their own', async () => {
    const base = { unitCode: '0300400004', kind: 'officer' as const, roles: ['officer' as const] };
    expect(await createAccount(db, base, SYSTEM_ACTOR)).toEqual({ ok: false, reason: 'national_id_required' });
    expect(await createAccount(db, { ...base, nationalId: '1101400123452' }, SYSTEM_ACTOR)).toEqual({ ok: false, reason: 'national_id_required' });
    const ok = await createAccount(db, { ...base, nationalId: '1101400123451' }, SYSTEM_ACTOR);
    expect(ok.ok && ok.account.nationalId).toBe('1101400123451');
  });

  it('attack: officer approves a registration proven with their own national ID', async () => {
    // The officer registers a staff account as themselves (their own national ID, proven at the provider).
    const nationalId = freshNationalId();
    const officer = await signInOfficer(t, tdb.database, { nationalId });
    const mine = await pending({ nationalId });
    const review = await (await get(`/api/officer/registrations/${mine.registrationId}`, officer.cookie)).json();
    expect(review).toMatchObject({ fourEyes: 'own_national_id', ownRegistration: true });
    for (const [path, body] of [['approve', undefined], ['reject', { reason: 'ของตนเอง' }]] as const) {
      const res = await post(`/api/officer/registrations/${mine.registrationId}/${path}`, officer.cookie, body);
      expect(res.status).toBe(403);
      const error = await res.json();
      expect(error).toEqual({ code: 'own_national_id', message: expect.stringContaining('เลขประจำตัวประชาชนของท่านเอง') });
    }
    const english = await t.request(`/api/officer/registrations/${mine.registrationId}/approve`, { method: 'POST', headers: { cookie: `${officer.cookie}; lang=en` } });
    expect((await english.json()).message).toBe('This registration was proven with your own national ID: another officer must decide it.');
    const [still] = await db.select().from(registrations).where(eq(registrations.id, mine.registrationId));
    expect(still!.status).toBe('pending');

    // Another officer decides it.
    const other = await signInOfficer(t, tdb.database);
    expect((await get(`/api/officer/registrations/${mine.registrationId}`, other.cookie)).status).toBe(200);
    expect((await post(`/api/officer/registrations/${mine.registrationId}/approve`, other.cookie)).status).toBe(200);
  });

  it('attack: officer approves a registration of an account they created', async () => {
    const admin = await signInOfficer(t, tdb.database, { roles: ['officer', 'admin'] });
    // The admin makes an account, keeps its slip, registers with someone's identity and approves it.
    const made = await post('/api/officer/accounts', admin.cookie, { unitCode: '0300200000', displayName: 'บัญชีที่สร้างเอง' });
    expect(made.status).toBe(201);
    const slip = (await made.json()).created[0].slip as { username: string; initialPassword: string };
    const reg = await pending({ credentials: slip });
    expect((await (await get(`/api/officer/registrations/${reg.registrationId}`, admin.cookie)).json()).fourEyes).toBe('issued_credentials');
    const res = await post(`/api/officer/registrations/${reg.registrationId}/approve`, admin.cookie);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('issued_credentials');
    const [still] = await db.select().from(registrations).where(eq(registrations.id, reg.registrationId));
    expect(still).toMatchObject({ status: 'pending', decidedBy: null });

    // Another officer decides it.
    const other = await signInOfficer(t, tdb.database);
    expect((await post(`/api/officer/registrations/${reg.registrationId}/approve`, other.cookie)).status).toBe(200);
  });

  it('attack: officer approves a registration of an account whose initial password they reissued', async () => {
    const admin = await signInOfficer(t, tdb.database, { roles: ['officer', 'admin'] });
    // Someone else's account (made by the system), its slip not yet used: the admin reissues it, keeps the new password.
    const victim = await createAccount(db, { unitCode: '0300200000' }, SYSTEM_ACTOR);
    if (!victim.ok) throw new Error(victim.reason);
    const reissued = await post(`/api/officer/accounts/${victim.account.id}/reissue`, admin.cookie);
    expect(reissued.status).toBe(200);
    const { slip } = await reissued.json() as { slip: { username: string; initialPassword: string } };
    const reg = await pending({ credentials: slip });
    for (const [path, body] of [['approve', undefined], ['reject', { reason: 'x' }]] as const) {
      const res = await post(`/api/officer/registrations/${reg.registrationId}/${path}`, admin.cookie, body);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ code: 'issued_credentials', message: expect.stringContaining('ออกรหัสผ่านเริ่มต้น') });
    }
    const [account] = await db.select().from(accounts).where(eq(accounts.id, victim.account.id));
    expect(account!.holderPersonId).toBeNull();

    // Another officer decides it.
    const other = await signInOfficer(t, tdb.database);
    expect((await post(`/api/officer/registrations/${reg.registrationId}/approve`, other.cookie)).status).toBe(200);
  });

  it('should refuse decisions by an officer with no national ID on record until one is set', async () => {
    const officer = await signInOfficer(t, tdb.database);
    const reg = await pending();
    await db.update(accounts).set(withNationalId(null)).where(eq(accounts.id, officer.account.id));
    const res = await post(`/api/officer/registrations/${reg.registrationId}/approve`, officer.cookie);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('officer_national_id_missing');
    await db.update(accounts).set(withNationalId(officerNationalId())).where(eq(accounts.id, officer.account.id));
    expect((await post(`/api/officer/registrations/${reg.registrationId}/approve`, officer.cookie)).status).toBe(200);
  });
});
