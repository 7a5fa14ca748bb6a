import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/index.ts';
import { auditEvents, authenticators, loginThrottles } from '../../db/schema.ts';
import { challengeFor } from '../../api/domain/login-requests.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { followEvents } from '../helpers/sse.ts';
import { activatedAccount, answerOnPhone, startLogin, type Activated } from '../helpers/token.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

const app = () => createTestApp(tdb.database, { TRUST_PROXY: 'true' });
const NEW_PASSWORD = 'Kr8#wolf-Tamarind';

async function changeInitialPassword(t: ReturnType<typeof app>, a: Activated) {
  const { body, binding } = await startLogin(t, a.username, a.password);
  await answerOnPhone(t, a, body.requestId, () => body.picture);
  const done = await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: binding } });
  const session = done.headers.getSetCookie().find((c) => c.startsWith('st_session='))!.split(';')[0]!;
  const res = await t.request('/api/auth/password', { method: 'POST', headers: { cookie: session }, json: { oldPassword: a.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD } });
  expect(res.status).toBe(200);
  return { ...a, password: NEW_PASSWORD };
}

describe('login with picture matching', () => {
  it('should go through the forced password change on the first login, then reach the portal', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body, binding } = await startLogin(t, a.username, a.password);
    expect(body).toMatchObject({ next: 'approve' });
    expect(body.picture).toMatch(/^[a-z]+$/);
    const { res } = await answerOnPhone(t, a, body.requestId, () => body.picture);
    expect(await res.json()).toMatchObject({ status: 'approved' });
    const done = await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: binding } });
    expect(await done.json()).toMatchObject({ next: 'change_password' });
    const session = done.headers.getSetCookie().find((c) => c.startsWith('st_session='))!.split(';')[0]!;
    // The change-password session opens nothing else.
    expect((await t.request('/api/registration', { headers: { cookie: session } })).status).toBe(403);
    const change = await t.request('/api/auth/password', { method: 'POST', headers: { cookie: session }, json: { oldPassword: a.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD } });
    expect(await change.json()).toEqual({ ok: true, next: 'login' });
    expect((await t.request('/api/auth/me', { headers: { cookie: session } })).status).toBe(401);
    // A fresh login now reaches the portal.
    const again = await startLogin(t, a.username, NEW_PASSWORD);
    await answerOnPhone(t, a, again.body.requestId, () => again.body.picture);
    const portal = await t.request(`/api/login-requests/${again.body.requestId}/complete`, { method: 'POST', headers: { cookie: again.binding } });
    expect(await portal.json()).toMatchObject({ next: 'portal', validity: { state: 'valid' } });
  });

  it('should deny the login when the phone picks a wrong picture, and count it as a failure', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body, binding } = await startLogin(t, a.username, a.password);
    const { res } = await answerOnPhone(t, a, body.requestId, (grid) => grid.find((p) => p !== body.picture)!);
    expect(await res.json()).toMatchObject({ status: 'denied' });
    const status = await (await t.request(`/api/login-requests/${body.requestId}`, { headers: { cookie: binding } })).json();
    expect(status).toMatchObject({ status: 'denied', denyReason: 'wrong_picture' });
    expect((await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: binding } })).status).toBe(409);
    const [row] = await tdb.database.db.select().from(loginThrottles).where(eq(loginThrottles.key, `account:${a.account.id}`));
    expect(row?.failures).toBe(1);
    const events = await tdb.database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectAccountId, a.account.id), eq(auditEvents.action, 'login.request.wrong_picture')));
    expect(events).toHaveLength(1);
  });

  it('should never tell the phone which picture is right, and show at least nine', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body } = await startLogin(t, a.username, a.password, '10.5.1.1');
    const [request] = await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json();
    expect(request.grid.length).toBeGreaterThanOrEqual(9);
    expect(new Set(request.grid).size).toBe(request.grid.length);
    expect(request.grid).toContain(body.picture);
    expect(JSON.stringify(request)).not.toContain('correct');
    expect(request.ip).toBe('10.5.1.1');
  });

  it('should expire a request nobody answers after about two minutes', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body, binding } = await startLogin(t, a.username, a.password);
    t.clock.advance(2 * 60_000 + 1);
    const status = await (await t.request(`/api/login-requests/${body.requestId}`, { headers: { cookie: binding } })).json();
    expect(status.status).toBe('expired');
    expect(await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json()).toEqual([]);
  });

  it('should deny when the phone taps Deny, and alert officers when it says "not me"', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const first = await startLogin(t, a.username, a.password);
    expect((await t.request(`/api/device/requests/${first.body.requestId}/deny`, { method: 'POST', headers: { cookie: a.device }, json: {} })).status).toBe(200);
    expect((await (await t.request(`/api/login-requests/${first.body.requestId}`, { headers: { cookie: first.binding } })).json()).status).toBe('denied');
    const second = await startLogin(t, a.username, a.password);
    await t.request(`/api/device/requests/${second.body.requestId}/deny`, { method: 'POST', headers: { cookie: a.device }, json: { notMe: true } });
    const events = await tdb.database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectAccountId, a.account.id), eq(auditEvents.action, 'login.request.reported_not_me')));
    expect(events).toHaveLength(1);
  });

  it('should give no session to a second browser that knows the request id', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body } = await startLogin(t, a.username, a.password);
    await answerOnPhone(t, a, body.requestId, () => body.picture);
    const thief = await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: 'st_binding=guessed' } });
    expect(thief.status).toBe(404);
    expect(thief.headers.getSetCookie().some((c) => c.startsWith('st_session='))).toBe(false);
    expect((await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST' })).status).toBe(404);
  });

  it('should reject a replayed assertion, on the same request and on a new one', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const first = await startLogin(t, a.username, a.password);
    const { picked, response } = await answerOnPhone(t, a, first.body.requestId, () => first.body.picture);
    const replay = await t.request(`/api/device/requests/${first.body.requestId}/approve`, { method: 'POST', headers: { cookie: a.device }, json: { choice: picked, response } });
    expect(replay.status).toBe(409);
    const second = await startLogin(t, a.username, a.password);
    const onNew = await t.request(`/api/device/requests/${second.body.requestId}/approve`, { method: 'POST', headers: { cookie: a.device }, json: { choice: second.body.picture, response } });
    expect((await onNew.json()).code).toBe('webauthn_failed');
    expect((await (await t.request(`/api/login-requests/${second.body.requestId}`, { headers: { cookie: second.binding } })).json()).status).toBe('pending');
  });

  it('should refuse an assertion without user verification', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body } = await startLogin(t, a.username, a.password);
    const { res } = await answerOnPhone(t, a, body.requestId, () => body.picture, { uv: false });
    expect((await res.json()).code).toBe('webauthn_failed');
  });

  it('should cancel the earlier request when a new one starts, and stop after a few unanswered ones', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const first = await startLogin(t, a.username, a.password);
    const second = await startLogin(t, a.username, a.password);
    expect((await (await t.request(`/api/login-requests/${first.body.requestId}`, { headers: { cookie: first.binding } })).json()).status).toBe('cancelled');
    expect(second.res.status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await startLogin(t, a.username, a.password)).res.status).toBe(200);
    const tooMany = await startLogin(t, a.username, a.password);
    expect(tooMany.res.status).toBe(429);
    expect(tooMany.body.code).toBe('too_many_requests');
  });

  it('should tell the waiting desktop live when the phone approves', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body, binding } = await startLogin(t, a.username, a.password);
    const stream = await t.request(`/api/login-requests/${body.requestId}/events`, { headers: { cookie: binding } });
    const events = followEvents(stream, (e) => e.event === 'status' && e.data !== 'pending');
    expect(await events.first).toEqual({ event: 'status', data: 'pending' }); // the stream listens from here on
    await answerOnPhone(t, a, body.requestId, () => body.picture);
    expect((await events.all).map((e) => e.data)).toEqual(['pending', 'approved']);
  });
});

describe('token validity at login', () => {
  it('should add the notice with 30 days left and force renewal on the phone when expired', async () => {
    const t = app();
    const a = await changeInitialPassword(t, await activatedAccount(t, tdb.database));
    const [token] = await tdb.database.db.select().from(authenticators).where(eq(authenticators.accountId, a.account.id));
    const setValidity = (days: number) => tdb.database.db.update(authenticators)
      .set({ validUntil: new Date(t.clock.now().getTime() + days * 86_400_000 + 60_000) }).where(eq(authenticators.id, token!.id));
    await setValidity(30);
    const notice = await startLogin(t, a.username, a.password);
    await answerOnPhone(t, a, notice.body.requestId, () => notice.body.picture);
    const done = await (await t.request(`/api/login-requests/${notice.body.requestId}/complete`, { method: 'POST', headers: { cookie: notice.binding } })).json();
    expect(done.validity).toEqual({ state: 'notice', daysLeft: 30 });
    await setValidity(-1);
    const forced = await startLogin(t, a.username, a.password);
    expect(forced.body).toMatchObject({ next: 'renew', picture: null });
    const [pending] = await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json();
    expect(pending).toMatchObject({ purpose: 'renew', grid: [] });
    const { res } = await answerOnPhone(t, a, forced.body.requestId, () => 'renew');
    expect(await res.json()).toMatchObject({ status: 'approved', purpose: 'renew' });
    const renewed = await (await t.request(`/api/login-requests/${forced.body.requestId}/complete`, { method: 'POST', headers: { cookie: forced.binding } })).json();
    expect(renewed.next).toBe('portal');
    const years = (new Date(renewed.validUntil).getTime() - t.clock.now().getTime()) / (365.25 * 86_400_000);
    expect(years).toBeCloseTo(2, 1);
  });

  it('should count the days left in Bangkok calendar days, at 00:30 and at 23:30 alike (10 left, not 9)', async () => {
    const t = app();
    const a = await changeInitialPassword(t, await activatedAccount(t, tdb.database));
    const BKK = 7 * 3_600_000;
    const DAY = 86_400_000;
    // Tomorrow in Bangkok, 00:30 and 23:30 (UTC+7); valid until 09:15 ten Bangkok days later.
    const tomorrow = (Math.floor((t.clock.now().getTime() + BKK) / DAY) + 1) * DAY - BKK;
    const validUntil = new Date(tomorrow + 10 * DAY + 9 * 3_600_000 + 15 * 60_000);
    await tdb.database.db.update(authenticators).set({ validUntil }).where(eq(authenticators.accountId, a.account.id));
    for (const at of [30 * 60_000, 23 * 3_600_000 + 30 * 60_000]) {
      t.clock.set(new Date(tomorrow + at));
      const login = await startLogin(t, a.username, a.password);
      await answerOnPhone(t, a, login.body.requestId, () => login.body.picture);
      const done = await t.request(`/api/login-requests/${login.body.requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } });
      const body = await done.clone().json();
      expect(body.validity).toEqual({ state: 'notice', daysLeft: 10 });
      expect(body.next).toBe('portal');
      // The notice page (opened directly too) reads the same number from /auth/me.
      const session = done.headers.getSetCookie().find((c) => c.startsWith('st_session='))!.split(';')[0]!;
      const me = await (await t.request('/api/auth/me', { headers: { cookie: session } })).json();
      expect(me.token).toEqual({ validUntil: validUntil.toISOString(), validity: { state: 'notice', daysLeft: 10 } });
    }
  });

  it('should not renew with a signature over a picture instead of "renew"', async () => {
    const t = app();
    const a = await changeInitialPassword(t, await activatedAccount(t, tdb.database));
    await tdb.database.db.update(authenticators).set({ validUntil: new Date(t.clock.now().getTime() - 86_400_000) }).where(eq(authenticators.accountId, a.account.id));
    const forced = await startLogin(t, a.username, a.password);
    const { res } = await answerOnPhone(t, a, forced.body.requestId, () => 'elephant');
    expect((await res.json()).status).toBe('denied');
  });
});

describe('password rules', () => {
  /** A first login after activation: the session that may only change the password. */
  const changeSession = async (env: Record<string, string> = {}) => {
    const t = createTestApp(tdb.database, { TRUST_PROXY: 'true', ...env });
    const a = await activatedAccount(t, tdb.database);
    const { body, binding } = await startLogin(t, a.username, a.password);
    await answerOnPhone(t, a, body.requestId, () => body.picture);
    const done = await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: binding } });
    const session = done.headers.getSetCookie().find((c) => c.startsWith('st_session='))!.split(';')[0]!;
    const change = async (fields: { oldPassword?: string; newPassword: string; confirmPassword?: string }) => {
      const res = await t.request('/api/auth/password', { method: 'POST', headers: { cookie: session }, json: {
        oldPassword: fields.oldPassword ?? a.password, newPassword: fields.newPassword, confirmPassword: fields.confirmPassword ?? fields.newPassword,
      } });
      return { status: res.status, body: await res.json() };
    };
    return { a, change };
  };

  it.each([
    ['Ab1!xyz', 'password_too_short'],
    ['Abc 1!xyzw', 'password_has_space'],
    ['ABCD1!XYZW', 'password_no_lower'],
    ['abcd1!xyzw', 'password_no_upper'],
    ['Abcd!!xyzw', 'password_no_digit'],
    ['Abcd12xyzw', 'password_no_special'],
    ['P@ssw0rd1!', 'password_common'],
  ])('should refuse %s under the manual rules with %s', async (password, code) => {
    const { change } = await changeSession();
    const { status, body } = await change({ newPassword: password });
    expect(status).toBe(400);
    expect(body.fields.newPassword.code).toBe(code);
  });

  it('should refuse the username inside the password, the old password, a differing confirmation and a wrong old password', async () => {
    const { a, change } = await changeSession();
    expect((await change({ newPassword: `x!${a.username}` })).body.fields.newPassword.message).toContain('รหัสผ่านต้องไม่มีรหัสผู้ใช้งานอยู่ในนั้น');
    expect((await change({ newPassword: a.password })).body.fields.newPassword.message).toContain('รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม');
    expect((await change({ newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` })).body.fields.confirmPassword.code).toBe('password_mismatch');
    expect((await change({ oldPassword: 'nope', newPassword: NEW_PASSWORD })).body.fields.oldPassword.code).toBe('wrong_old_password');
    expect((await change({ newPassword: NEW_PASSWORD })).status).toBe(200);
  });

  it('should take a long passphrase without composition rules under the NIST profile, and refuse a short one', async () => {
    const nist = await changeSession({ PASSWORD_POLICY: 'nist' });
    expect((await nist.change({ newPassword: 'Sh0rt!pass' })).body.fields.newPassword.code).toBe('password_too_short');
    expect((await nist.change({ newPassword: 'password password password' })).body.fields.newPassword.code).toBe('password_common');
    expect((await nist.change({ newPassword: 'correct horse battery staple' })).status).toBe(200);
  });
});

// Several API instances on one PostgreSQL database.
if (usingPostgres) describe('two API instances', () => {
  let second: Database;
  beforeAll(async () => { second = await openDatabase({ url: tdb.url }); });
  afterAll(async () => { await second.close(); });

  it('should bring an approval made on one instance to the desktop waiting on the other', async () => {
    const one = createTestApp(tdb.database, { TRUST_PROXY: 'true' });
    const two = createTestApp(second, { TRUST_PROXY: 'true' });
    const a = await activatedAccount(one, tdb.database);
    const { body, binding } = await startLogin(one, a.username, a.password);
    const stream = await one.request(`/api/login-requests/${body.requestId}/events`, { headers: { cookie: binding } });
    const events = followEvents(stream, (e) => e.event === 'status' && e.data !== 'pending');
    expect(await events.first).toEqual({ event: 'status', data: 'pending' }); // instance one listens from here on
    const [pending] = await (await two.request('/api/device/requests', { headers: { cookie: a.device } })).json();
    const response = a.phone.get(challengeFor(pending.nonce, body.picture));
    const approve = await two.request(`/api/device/requests/${body.requestId}/approve`, { method: 'POST', headers: { cookie: a.device }, json: { choice: body.picture, response } });
    expect(approve.status).toBe(200);
    expect((await events.all).at(-1)!.data).toBe('approved');
  });
});
