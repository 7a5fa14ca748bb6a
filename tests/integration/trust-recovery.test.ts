/**
 * [TRUST] items 1, 2 and 4 (reissue): the account-takeover paths around login, each
 * reproduced through the HTTP API as an attacker would run it. Every test asserts the
 * attacker ends with no session, no passkey and no credential in their mailbox, and that
 * the holder's own path — the reset link at the verified email, proofing again with the same
 * national ID at the local identity provider, a new activation — still works.
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp, type DevIdp } from '../../api/dev/idp.ts';
import { FATIGUE_LIMIT } from '../../api/domain/login-requests.ts';
import {
  accounts, authenticators, loginRequests, mailOutbox, registrations, serviceRequests, sessions,
} from '../../db/schema.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { sessionCookie } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { randomNationalId, seedApprovedRegistration } from '../helpers/fixtures.ts';
import { officerSignIn, signInOfficer, type SignedInOfficer } from '../helpers/officer.ts';
import { makePdf, proveIdentity } from '../helpers/registration.ts';
import { createSoftAuthenticator } from '../helpers/soft-authenticator.ts';
import { activatedAccount, answerOnPhone, startLogin } from '../helpers/token.ts';

const SECRET = 'trust-recovery-secret';
const ATTACKER = 'attacker@evil.example';
const NEW_PASSWORD = 'Tr8#holder-Lamyai';

let tdb: TestDatabase;
let idp: DevIdp;
let t: ReturnType<typeof createTestApp>;
let officer: SignedInOfficer;
let reviewer: SignedInOfficer;

beforeAll(async () => {
  tdb = await createTestDatabase();
  idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: 'soft-token', clientSecret: SECRET, redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`] });
  t = createTestApp(tdb.database, { TRUST_PROXY: '1', PROOFING_ISSUER: idp.issuer, PROOFING_CLIENT_SECRET: SECRET });
  officer = await signInOfficer(t, tdb.database, { roles: ['officer'] });
  reviewer = await signInOfficer(t, tdb.database, { roles: ['officer', 'reviewer'] });
});
afterAll(async () => {
  await idp.close();
  await tdb.drop();
});

const db = () => tdb.database.db;
const ATTACKER_IP = '203.0.113.66';
const HOLDER_IP = '10.20.0.1';

/** Fresh console sessions: an officer's idles out sooner than the tests' clock may move. */
async function officers() {
  return {
    officerCookie: await officerSignIn(t, officer),
    reviewerCookie: await officerSignIn(t, reviewer),
  };
}

function requester(o: { nationalId: string; email: string }) {
  return { name: 'นายทดสอบ ระบบ', nationalId: o.nationalId, email: o.email, mobile: '0811234567', division: 'กองระบบการคลังภาครัฐ', department: 'กรมบัญชีกลาง', ministry: 'กระทรวงการคลัง' };
}

/** Anyone files a request and uploads a "signed" scan: it enters the officers' queue. */
async function fileRequest(form: { unitCode?: string; username: string; purpose: string; requester: object } & Record<string, unknown>) {
  const filed = await t.request('/api/service-requests', { method: 'POST', json: { unitCode: '0300200000', ...form }, headers: { 'x-forwarded-for': ATTACKER_IP } });
  expect(filed.status).toBe(201);
  const body = await filed.json();
  const scan = new FormData();
  scan.set('file', new File([await makePdf() as Uint8Array<ArrayBuffer>], 'signed.pdf', { type: 'application/pdf' }));
  expect((await t.request(`/api/service-requests/${body.trackingNumber}/scan`, { method: 'POST', body: scan })).status).toBe(200);
  const [row] = await db().select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, body.trackingNumber));
  return { answer: body, id: row!.id };
}

/** One officer says done (or cannot), another reviews; returns both answers. */
async function processAndReview(id: string, outcome: { outcome: 'done' | 'refused'; reason?: string } = { outcome: 'done' }) {
  const { officerCookie, reviewerCookie } = await officers();
  const processed = await t.request(`/api/officer/service-requests/${id}/process`, { method: 'POST', headers: { cookie: officerCookie }, json: outcome });
  if (processed.status !== 200) return { processed, reviewed: null };
  const reviewed = await t.request(`/api/officer/service-requests/${id}/review`, { method: 'POST', headers: { cookie: reviewerCookie } });
  return { processed, reviewed };
}

const mailsTo = (to: string) => db().select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt));

/** The newest reset link mailed to `email`: its token. */
async function resetToken(email: string): Promise<string> {
  const link = (await mailsTo(email)).find((m) => m.text.includes('/password/reset#'));
  expect(link, `a reset link mailed to ${email}`).toBeDefined();
  return /\/password\/reset#([A-Za-z0-9_-]+)/.exec(link!.text)![1]!;
}

/** The holder opens the link and sets a new password. */
async function resetPassword(token: string, password = NEW_PASSWORD) {
  const check = await t.request('/api/auth/password-reset/check', { method: 'POST', json: { token } });
  expect(check.status).toBe(200);
  const res = await t.request('/api/auth/password-reset', { method: 'POST', json: { token, newPassword: password, confirmPassword: password } });
  expect(res.status).toBe(200);
  return res.json();
}

const login = (username: string, password: string, ip: string) =>
  t.request('/api/auth/login', { method: 'POST', json: { username, password }, headers: { 'x-forwarded-for': ip } });

/** Step 5 on the desktop and a phone: returns the verify answer (or the refusal to start). */
async function activatePhone(cookie: string) {
  const start = await t.request('/api/registration/activation', { method: 'POST', headers: { cookie } });
  if (start.status !== 200) return { start, done: null };
  const { url } = await start.json();
  const code = url.split('#')[1];
  const { options, challengeId } = await (await t.request('/api/activation/options', { method: 'POST', json: { code } })).json();
  const phone = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
  const done = await t.request('/api/activation/verify', { method: 'POST', json: { code, challengeId, response: phone.create(options) } });
  return { start, done };
}

const tracker = async (cookie: string) => (await t.request('/api/registration', { headers: { cookie } })).json();

/** The holder after a reset: password → tracker at step 2 → same national ID proven → step 5 → new phone. */
async function holderReproofsAndActivates(username: string, nationalId: string, password = NEW_PASSWORD) {
  const res = await login(username, password, HOLDER_IP);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ next: 'tracker' });
  const cookie = sessionCookie(res);
  const before = await tracker(cookie);
  expect(before.status).toBe('proofing');
  expect(before.reproofing).toBe(true);
  expect(before.steps).toEqual(['done', 'start', 'blocked', 'blocked', 'blocked']);
  expect((await activatePhone(cookie)).start.status).toBe(409);
  const { location } = await proveIdentity(t, cookie, { nationalId });
  expect(location).toBe('/p/result?status=done');
  const after = await tracker(cookie);
  expect(after.steps).toEqual(['done', 'done', 'done', 'approved', 'start']);
  expect(after.reproofing).toBe(false);
  const { done } = await activatePhone(cookie);
  expect(done!.status).toBe(200);
}

/** No session, no live passkey but the holder's, nothing in the attacker's mailbox. */
async function expectAttackerEmptyHanded(accountId: string, holderTokens: number) {
  expect(await mailsTo(ATTACKER)).toEqual([]);
  const live = await db().select().from(authenticators).where(and(eq(authenticators.accountId, accountId), isNull(authenticators.revokedAt)));
  expect(live.length).toBe(holderTokens);
  const open = await db().select().from(loginRequests).where(and(eq(loginRequests.accountId, accountId), inArray(loginRequests.status, ['pending', 'approved'])));
  expect(open).toEqual([]);
}

const attackerSessions = async (accountId: string) =>
  db().select().from(sessions).where(and(eq(sessions.accountId, accountId), eq(sessions.ip, ATTACKER_IP)));

describe('[TRUST] recovery cannot be turned into a takeover', () => {
  it('attack: not-me then lost-phone request, attacker re-activates with the known password', async () => {
    const a = await activatedAccount(t, tdb.database);
    // The attacker has the password and starts a login; the holder taps "this was not me".
    const push = await startLogin(t, a.username, a.password, ATTACKER_IP);
    expect(push.body.next).toBe('approve');
    expect((await t.request(`/api/device/requests/${push.body.requestId}/deny`, { method: 'POST', headers: { cookie: a.device }, json: { notMe: true } })).status).toBe(200);
    // The password stopped working at once, answered like a wrong one.
    const refused = await login(a.username, a.password, ATTACKER_IP);
    expect(refused.status).toBe(401);
    expect((await refused.json()).code).toBe('invalid_credentials');
    // Officers process the lost-phone request "not me" opened: the token is revoked.
    const [request] = await db().select().from(serviceRequests).where(and(eq(serviceRequests.accountId, a.account.id), eq(serviceRequests.purpose, 'lost_phone')));
    const { processed, reviewed } = await processAndReview(request!.id);
    expect(processed.status).toBe(200);
    expect(reviewed!.status).toBe(200);
    // The attacker logs in again with the same password, to re-activate step 5 with their own phone.
    const again = await login(a.username, a.password, ATTACKER_IP);
    expect(again.status).toBe(401);
    expect((await again.json()).code).toBe('invalid_credentials');
    expect(again.headers.getSetCookie().some((c) => /st_session=/.test(c))).toBe(false);
    expect(await attackerSessions(a.account.id)).toEqual([]);
    await expectAttackerEmptyHanded(a.account.id, 0);

    // The holder: the link at the verified email, the same national ID proven again, a new phone.
    await resetPassword(await resetToken(a.email));
    await holderReproofsAndActivates(a.username, a.person.nationalId);
    await expectAttackerEmptyHanded(a.account.id, 1);
  });

  it.each([
    ['lost-phone', 'lost_phone'], ['change-of-phone', 'change_phone'],
  ] as const)('attack: %s request, attacker with the password activates their own phone', async (_label, purpose) => {
    const a = await activatedAccount(t, tdb.database);
    // The attacker knows the password, the holder's national ID and email, and files "lost phone" (or "change of phone").
    const { id } = await fileRequest({ username: a.username, purpose, requester: requester({ nationalId: a.person.nationalId, email: a.email }) });
    const { reviewed } = await processAndReview(id);
    expect(reviewed!.status).toBe(200);
    expect((await t.request('/api/device', { headers: { cookie: a.device } })).status).toBe(401);
    const [registration] = await db().select().from(registrations).where(eq(registrations.accountId, a.account.id));
    expect(registration).toMatchObject({ status: 'proofing', reproofing: true });
    // Old code: the password logged in to the tracker at step 5 and the attacker's phone activated.
    const res = await login(a.username, a.password, ATTACKER_IP);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('invalid_credentials');
    expect((await t.request('/api/registration/activation', { method: 'POST' })).status).toBe(401);
    expect(await attackerSessions(a.account.id)).toEqual([]);
    await expectAttackerEmptyHanded(a.account.id, 0);

    // The holder: the outcome and the reset link went to the verified email only.
    const outcome = (await mailsTo(a.email)).find((m) => m.subject.startsWith('ผลการดำเนินการตามคำร้อง'));
    expect(outcome!.text).toContain('พิสูจน์ตัวตนอีกครั้ง');
    await resetPassword(await resetToken(a.email));
    await holderReproofsAndActivates(a.username, a.person.nationalId);
    await expectAttackerEmptyHanded(a.account.id, 1);
  });

  it('attack: MFA fatigue by a password holder', async () => {
    const a = await activatedAccount(t, tdb.database);
    // The attacker pushes login requests, hoping the holder taps one by mistake.
    for (let i = 0; i < FATIGUE_LIMIT; i++) expect((await startLogin(t, a.username, a.password, ATTACKER_IP)).body.next).toBe('approve');
    const limit = await login(a.username, a.password, ATTACKER_IP);
    expect(limit.status).toBe(429);
    // The holder is told at the verified email, and the password must be reset.
    const warning = (await mailsTo(a.email)).find((m) => m.text.includes('/password/reset#'));
    expect(warning!.text).toContain('คำขอเข้าสู่ระบบที่ไม่ได้รับการยืนยัน');
    const after = await login(a.username, a.password, ATTACKER_IP);
    expect(after.status).toBe(401);
    expect((await after.json()).code).toBe('invalid_credentials');
    // Nothing the attacker pushed can still be approved on the phone.
    expect(await db().select().from(loginRequests).where(and(eq(loginRequests.accountId, a.account.id), eq(loginRequests.status, 'pending')))).toEqual([]);
    expect(await attackerSessions(a.account.id)).toEqual([]);
    await expectAttackerEmptyHanded(a.account.id, 1);

    // The holder resets and logs in with the phone as usual (the token was never at fault).
    await resetPassword(await resetToken(a.email));
    const { body, binding } = await startLogin(t, a.username, NEW_PASSWORD, HOLDER_IP);
    expect(body.next).toBe('approve');
    await answerOnPhone(t, a, body.requestId, () => body.picture);
    const done = await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: binding } });
    expect((await done.json()).next).toBe('portal');
    expect(await attackerSessions(a.account.id)).toEqual([]);
  });

  it("attack: anonymous reset of an officer's password", async () => {
    const admin = await signInOfficer(t, tdb.database, { roles: ['admin'], email: `admin.${Date.now()}@cgd.go.th` });
    const form = (username: string) => ({
      unitCode: '0300400004', username, purpose: 'reset_password', requester: requester({ nationalId: randomNationalId(), email: ATTACKER }),
    });
    // Answered exactly like a request for an account that does not exist.
    const real = await fileRequest(form(admin.username));
    const ghost = await fileRequest(form('O03004000049998'));
    expect(Object.keys(real.answer).sort()).toEqual(Object.keys(ghost.answer).sort());
    expect(real.answer.status).toBe(ghost.answer.status);
    const [row] = await db().select().from(serviceRequests).where(eq(serviceRequests.id, real.id));
    expect(row!.accountId).toBeNull();
    // Officers cannot carry it out; refusing it mails nobody.
    const { officerCookie } = await officers();
    const detail = await (await t.request(`/api/officer/service-requests/${real.id}`, { headers: { cookie: officerCookie } })).json();
    expect(detail.checks).toMatchObject({ accountFound: false, passed: false });
    const { processed } = await processAndReview(real.id);
    expect(processed.status).toBe(409);
    expect((await processAndReview(real.id, { outcome: 'refused', reason: 'ไม่พบบัญชี' })).reviewed!.status).toBe(200);
    expect(await mailsTo(ATTACKER)).toEqual([]);
    expect(await db().select().from(sessions).where(and(eq(sessions.accountId, admin.account.id), eq(sessions.ip, ATTACKER_IP)))).toEqual([]);
    // The administrator's password and passkey are untouched.
    expect(await officerSignIn(t, admin)).toMatch(/st_session=/);
  });

  it('attack: credentials mailed to a typed contact email', async () => {
    const a = await activatedAccount(t, tdb.database);
    // With their own national ID and address, asking for the holder's password or the account itself.
    for (const purpose of ['reset_password', 'change_holder', 'change_email'] as const) {
      const { id } = await fileRequest({
        username: a.username, purpose, requester: requester({ nationalId: randomNationalId(), email: ATTACKER }),
        ...(purpose === 'change_holder' ? { holderReason: 'resigned', newHolderEmail: ATTACKER } : {}),
        ...(purpose === 'change_email' ? { newEmail: `evil.${Date.now()}@evil.example` } : {}),
      });
      const { officerCookie } = await officers();
      const detail = await (await t.request(`/api/officer/service-requests/${id}`, { headers: { cookie: officerCookie } })).json();
      expect(detail.checks).toMatchObject({ accountFound: true, holderMatches: false, emailMatches: false, passed: false });
      const { processed } = await processAndReview(id);
      expect(processed.status).toBe(409);
      expect((await processed.json()).code).toBe('checks_failed');
    }
    // Knowing the holder's national ID and email is not enough either: credentials go elsewhere.
    const { id } = await fileRequest({
      username: a.username, purpose: 'change_holder', holderReason: 'resigned', newHolderEmail: ATTACKER,
      requester: requester({ nationalId: a.person.nationalId, email: a.email }),
    });
    const { reviewed } = await processAndReview(id);
    expect(reviewed!.status).toBe(200);
    const { slip } = await reviewed!.json();
    expect(slip).toMatchObject({ username: a.username });
    expect(await mailsTo(ATTACKER)).toEqual([]);
    const [account] = await db().select().from(accounts).where(eq(accounts.id, a.account.id));
    expect(account!.holderPersonId).toBeNull();
    await expectAttackerEmptyHanded(a.account.id, 0);

    // The new holder gets the sealed slip from the officer and registers from step 1, proofing included.
    const res = await login(a.username, slip.initialPassword, HOLDER_IP);
    expect(await res.json()).toEqual({ next: 'tracker' });
    expect((await tracker(sessionCookie(res))).steps).toEqual(['start', 'blocked', 'blocked', 'blocked', 'blocked']);
  });

  it("the holder's own reset request sends a link to the verified email, never a password", async () => {
    const a = await activatedAccount(t, tdb.database);
    const { id } = await fileRequest({ username: a.username, purpose: 'reset_password', requester: requester({ nationalId: a.person.nationalId, email: a.email }) });
    expect((await processAndReview(id)).reviewed!.status).toBe(200);
    const mails = await mailsTo(a.email);
    expect(mails.some((m) => /รหัสผ่านชั่วคราว|temporary password/i.test(m.text))).toBe(false);
    const token = await resetToken(a.email);
    // The policy applies, and the old password cannot come back.
    const weak = await t.request('/api/auth/password-reset', { method: 'POST', json: { token, newPassword: 'password', confirmPassword: 'password' } });
    expect((await weak.json()).fields.newPassword.code).toMatch(/^password_/);
    const same = await t.request('/api/auth/password-reset', { method: 'POST', json: { token, newPassword: a.password, confirmPassword: a.password } });
    expect((await same.json()).fields.newPassword.message).toContain('ต้องไม่ซ้ำกับรหัสผ่านเดิม');
    await resetPassword(token);
    // Single use.
    const again = await t.request('/api/auth/password-reset', { method: 'POST', json: { token, newPassword: 'An0ther#Passw0rd', confirmPassword: 'An0ther#Passw0rd' } });
    expect(again.status).toBe(410);
    expect((await login(a.username, a.password, HOLDER_IP)).status).toBe(401);
    const { body } = await startLogin(t, a.username, NEW_PASSWORD, HOLDER_IP);
    expect(body.next).toBe('approve');
  });

  it('attack: admin reissues an initial password and activates their own phone', async () => {
    const seed = await seedApprovedRegistration(tdb.database);
    const admin = await signInOfficer(t, tdb.database, { roles: ['admin'] });
    const reissued = await t.request(`/api/officer/accounts/${seed.account.id}/reissue`, { method: 'POST', headers: { cookie: admin.cookie } });
    expect(reissued.status).toBe(200);
    const { slip } = await reissued.json();
    // The admin logs in with the slip: step 5 is closed until the holder proves again.
    const res = await login(seed.username, slip.initialPassword, ATTACKER_IP);
    expect(await res.json()).toEqual({ next: 'tracker' });
    const cookie = sessionCookie(res);
    expect((await tracker(cookie)).steps).toEqual(['done', 'start', 'blocked', 'blocked', 'blocked']);
    const { start } = await activatePhone(cookie);
    expect(start.status).toBe(409);
    // Proving their own national ID does not open it.
    const { location } = await proveIdentity(t, cookie, { nationalId: admin.nationalId });
    expect(location).toBe('/p/result?status=failed&reason=id_mismatch');
    expect((await activatePhone(cookie)).start.status).toBe(409);
    await t.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    expect(await attackerSessions(seed.account.id)).toEqual([]);
    await expectAttackerEmptyHanded(seed.account.id, 0);

    // The holder, given the slip, proves with their own national ID and activates.
    await holderReproofsAndActivates(seed.username, seed.person.nationalId, slip.initialPassword);
  });
});
