import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/index.ts';
import { accounts, authenticators, mailOutbox, registrations } from '../../db/schema.ts';
import { reissueInitialPassword } from '../../api/domain/accounts.ts';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { sendDueReminders } from '../../api/domain/reminders.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makePdf, postStep1, loginCookie } from '../helpers/registration.ts';
import { randomNationalId } from '../helpers/fixtures.ts';
import { createSoftAuthenticator } from '../helpers/soft-authenticator.ts';
import { activatedAccount, answerOnPhone, portalSession, startLogin, startRevocation } from '../helpers/token.ts';

let tdb: TestDatabase;
let other: Database;
beforeAll(async () => {
  tdb = await createTestDatabase();
  // A second connection pool stands in for a second API instance (on PGlite, the same one).
  other = tdb.url ? await openDatabase({ url: tdb.url }) : tdb.database;
});
afterAll(async () => {
  if (other !== tdb.database) await other.close();
  await tdb.drop();
});

const app = () => createTestApp(tdb.database, { TRUST_PROXY: 'true' });

describe('expiry reminders', () => {
  it('should queue each reminder exactly once while two scheduler instances run', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const remindersTo = async () => (await tdb.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, a.email)))
      .filter((m) => m.subject.startsWith('แจ้งเตือน Soft Token'));
    const run = () => Promise.all([
      tdb.database.db.transaction((tx) => sendDueReminders(tx, t.clock)),
      other.db.transaction((tx) => sendDueReminders(tx, t.clock)),
    ]);
    const [token] = await tdb.database.db.select().from(authenticators).where(eq(authenticators.accountId, a.account.id));
    const expiry = token!.validUntil.getTime();
    t.clock.set(new Date(expiry - 31 * 86_400_000 - 3600_000));
    await run();
    expect(await remindersTo()).toHaveLength(0);
    for (const [days, count] of [[30, 1], [29, 1], [7, 2], [1, 3], [1, 3]] as const) {
      t.clock.set(new Date(expiry - days * 86_400_000 - 3600_000));
      await run();
      await run();
      expect(await remindersTo(), `at ${days} days`).toHaveLength(count);
    }
    expect((await remindersTo()).map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringContaining('อีก 30 วัน'), expect.stringContaining('อีก 7 วัน'), expect.stringContaining('อีก 1 วัน')]));
  });
});

describe('renewal from the expiry notice', () => {
  it('should extend the token by two years from renewal when the phone accepts', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { cookie } = await portalSession(t, a);
    const [token] = await tdb.database.db.select().from(authenticators).where(eq(authenticators.accountId, a.account.id));
    t.clock.set(new Date(token!.validUntil.getTime() - 10 * 86_400_000 - 3600_000)); // ten days left
    const start = await t.request('/api/auth/renew', { method: 'POST', headers: { cookie } });
    // The portal session has idled out by then: log in again, the notice offers renewal.
    expect(start.status).toBe(401);
    const login = await startLogin(t, a.username, 'Kr8#wolf-Tamarind');
    await answerOnPhone(t, a, login.body.requestId, () => login.body.picture);
    const done = await t.request(`/api/login-requests/${login.body.requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } });
    expect((await done.clone().json()).validity).toEqual({ state: 'notice', daysLeft: 10 });
    const session = done.headers.getSetCookie().find((c) => c.startsWith('st_session='))!.split(';')[0]!;
    const renew = await t.request('/api/auth/renew', { method: 'POST', headers: { cookie: session } });
    const body = await renew.json();
    expect(body.next).toBe('renew');
    const binding = renew.headers.getSetCookie().find((c) => c.startsWith('st_binding='))!.split(';')[0]!;
    await answerOnPhone(t, a, body.requestId, () => 'renew');
    const renewed = await (await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: binding } })).json();
    expect(new Date(renewed.validUntil).getTime() - t.clock.now().getTime()).toBeGreaterThan(729 * 86_400_000);
    expect(renewed.validity).toEqual({ state: 'valid' });
  });
});

describe('self-revocation', () => {
  it('should revoke the token once the phone approves, so it approves nothing, end the sessions and release the holder', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { cookie } = await portalSession(t, a);
    const profile = await (await t.request('/api/portal/profile', { headers: { cookie } })).json();
    // The title joins the first name, as the manual writes names.
    expect(profile).toMatchObject({ unit: { code: a.username.slice(1, 11) }, holder: { name: 'นายทดสอบ ระบบ' } });
    expect(profile.revokeReasons.map((r: { th: string }) => r.th)).toEqual(['ลาออก', 'โอน/ย้าย', 'เปลี่ยนผู้ใช้งาน', 'เปลี่ยน email', 'อื่น ๆ']);
    const missing = await t.request('/api/portal/revoke', { method: 'POST', headers: { cookie }, json: { reason: 'other', confirm: true } });
    expect((await missing.json()).fields.detail.code).toBe('required');
    const revoke = await startRevocation(t, cookie, 'resigned');
    expect(revoke.body).toMatchObject({ next: 'approve', picture: expect.stringMatching(/^[a-z]+$/) });
    // Nothing happens before the phone approves.
    expect((await t.request('/api/portal/profile', { headers: { cookie } })).status).toBe(200);
    const { res: approved, request } = await answerOnPhone(t, a, revoke.body.requestId, () => revoke.body.picture);
    expect(request).toMatchObject({ purpose: 'revoke', revokeReason: 'ลาออก', rpId: 'localhost' });
    expect(await approved.json()).toEqual({ status: 'approved', purpose: 'revoke' });
    const status = await (await t.request(`/api/login-requests/${revoke.body.requestId}`, { headers: { cookie: revoke.binding } })).json();
    expect(status).toMatchObject({ status: 'approved', purpose: 'revoke' });
    // An approved revocation is never a session.
    expect((await t.request(`/api/login-requests/${revoke.body.requestId}/complete`, { method: 'POST', headers: { cookie: revoke.binding } })).status).toBe(409);
    expect((await t.request('/api/portal/profile', { headers: { cookie } })).status).toBe(401);
    // The phone can no longer read or approve anything.
    expect((await t.request('/api/device', { headers: { cookie: a.device } })).status).toBe(401);
    const approve = await t.request(`/api/device/requests/${revoke.body.requestId}/approve`, { method: 'POST', headers: { cookie: a.device }, json: { choice: 'cat', response: a.phone.get('x') } });
    expect(approve.status).toBe(401);
    const [account] = await tdb.database.db.select().from(accounts).where(eq(accounts.id, a.account.id));
    expect(account!.holderPersonId).toBeNull();
    const mails = await tdb.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, a.email));
    expect(mails.some((m) => m.subject.startsWith('ยกเลิกการใช้งาน Soft Token'))).toBe(true);
  });

  it('should let a new person register and activate on the same account after revocation', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { cookie } = await portalSession(t, a);
    const revoke = await startRevocation(t, cookie, 'change_holder');
    await answerOnPhone(t, a, revoke.body.requestId, () => revoke.body.picture);
    const creds = (await reissueInitialPassword(tdb.database.db, t.clock, a.account.id, SYSTEM_ACTOR))!;
    const next = await loginCookie(t, creds.username, creds.initialPassword);
    const tracker = await (await t.request('/api/registration', { headers: { cookie: next } })).json();
    expect(tracker.steps).toEqual(['start', 'blocked', 'blocked', 'blocked', 'blocked']);
    expect((await postStep1(t, next, { nationalId: randomNationalId(), pdf: await makePdf() })).status).toBe(200);
    // Steps 2–4 have their own tests; here the officer's approval is recorded directly.
    await tdb.database.db.update(registrations).set({ status: 'approved' })
      .where(and(eq(registrations.accountId, a.account.id), eq(registrations.status, 'proofing')));
    const { url } = await (await t.request('/api/registration/activation', { method: 'POST', headers: { cookie: next } })).json();
    const code = url.split('#')[1];
    const { options, challengeId } = await (await t.request('/api/activation/options', { method: 'POST', json: { code } })).json();
    const phone = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    const done = await t.request('/api/activation/verify', { method: 'POST', json: { code, challengeId, response: phone.create(options) } });
    expect(done.status).toBe(200);
    const tokens = await tdb.database.db.select().from(authenticators).where(eq(authenticators.accountId, a.account.id));
    expect(tokens.filter((x) => !x.revokedAt)).toHaveLength(1);
    expect(tokens).toHaveLength(2);
  });
});
