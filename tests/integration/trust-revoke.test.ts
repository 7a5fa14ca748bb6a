/**
 * [TRUST] 7: self-revocation needs the holder's phone (the same picture-matching approval as a
 * login); and [TIDY] 1: the phone signs for the configured RP ID, not for the page's host.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, authenticators, mailOutbox } from '../../db/schema.ts';
import { challengeFor } from '../../api/domain/login-requests.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedApprovedRegistration } from '../helpers/fixtures.ts';
import { loginCookie } from '../helpers/registration.ts';
import { followEvents } from '../helpers/sse.ts';
import { createSoftAuthenticator } from '../helpers/soft-authenticator.ts';
import { activatedAccount, answerOnPhone, portalSession as portalSessionOf, startLogin, startRevocation, type Activated } from '../helpers/token.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

type TestApp = ReturnType<typeof createTestApp>;
const app = () => createTestApp(tdb.database, { TRUST_PROXY: '1' });
const sessionOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('st_session='))?.split(';')[0];

const portalSession = async (t: TestApp, a: Activated) => (await portalSessionOf(t, a, '192.0.2.30')).cookie;

const activeToken = async (accountId: string) =>
  (await tdb.database.db.select().from(authenticators).where(eq(authenticators.accountId, accountId))).find((x) => !x.revokedAt);

describe('[TRUST] 7: self-revocation needs the phone', () => {
  it('attack: self-revocation from a stolen desktop session without the phone', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const stolen = await portalSession(t, a);
    // Someone at the holder's unlocked computer asks to revoke (e.g. to re-enrol a phone of their own later).
    const attempt = await startRevocation(t, stolen, 'change_holder');
    // Nothing is revoked without the phone: the token, the phone and the holder are as they were.
    expect(await activeToken(a.account.id)).toBeDefined();
    expect(attempt.res.status).toBe(200);
    expect(attempt.body).toMatchObject({ next: 'approve', requestId: expect.any(String), picture: expect.stringMatching(/^[a-z]+$/) });
    expect((await t.request('/api/device', { headers: { cookie: a.device } })).status).toBe(200);
    const [account] = await tdb.database.db.select().from(accounts).where(eq(accounts.id, a.account.id));
    expect(account!.holderPersonId).not.toBeNull();
    // The request cannot be collected or turned into a session.
    const collect = await t.request(`/api/login-requests/${attempt.body.requestId}/complete`, { method: 'POST', headers: { cookie: attempt.binding } });
    expect(collect.status).toBe(409);
    expect(sessionOf(collect)).toBeUndefined();
    // Nor can a signature over another request or choice approve it.
    const [shown] = await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json();
    expect(shown).toMatchObject({ id: attempt.body.requestId, purpose: 'revoke', revokeReason: 'เปลี่ยนผู้ใช้งาน' });
    const forged = await t.request(`/api/device/requests/${attempt.body.requestId}/approve`, {
      method: 'POST', headers: { cookie: a.device }, json: { choice: attempt.body.picture, response: a.phone.get(challengeFor('another-nonce', attempt.body.picture)) },
    });
    expect((await forged.json()).code).toBe('webauthn_failed');
    // The holder, seeing a revocation they did not ask for, taps Deny.
    expect((await t.request(`/api/device/requests/${attempt.body.requestId}/deny`, { method: 'POST', headers: { cookie: a.device }, json: {} })).status).toBe(200);
    const denied = await (await t.request(`/api/login-requests/${attempt.body.requestId}`, { headers: { cookie: attempt.binding } })).json();
    expect(denied).toMatchObject({ status: 'denied', purpose: 'revoke' });
    expect(await activeToken(a.account.id)).toBeDefined();
    // A wrong picture on the phone does not revoke either.
    const wrong = await startRevocation(t, stolen, 'resigned');
    const { res: wrongPick } = await answerOnPhone(t, a, wrong.body.requestId, (grid) => grid.find((p) => p !== wrong.body.picture)!);
    expect(await wrongPick.json()).toEqual({ status: 'denied', purpose: 'revoke' });
    expect(await activeToken(a.account.id)).toBeDefined();
    // The holder's own revocation, approved on the phone with the matching picture, goes through.
    const mine = await startRevocation(t, stolen, 'transferred');
    const { res: approved } = await answerOnPhone(t, a, mine.body.requestId, () => mine.body.picture);
    expect(await approved.json()).toEqual({ status: 'approved', purpose: 'revoke' });
    expect(await activeToken(a.account.id)).toBeUndefined();
    expect((await t.request('/api/device', { headers: { cookie: a.device } })).status).toBe(401);
    expect((await t.request('/api/portal/profile', { headers: { cookie: stolen } })).status).toBe(401);
    const revokedMail = (await tdb.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, a.email))).filter((m) => m.subject.startsWith('ยกเลิกการใช้งาน Soft Token'));
    expect(revokedMail).toHaveLength(1);
    expect(revokedMail[0]!.text).toContain('โอน/ย้าย');
  });

  it('should tell the waiting desktop live when the phone approves the revocation', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const cookie = await portalSession(t, a);
    const revoke = await startRevocation(t, cookie, 'resigned');
    const stream = await t.request(`/api/login-requests/${revoke.body.requestId}/events`, { headers: { cookie: revoke.binding } });
    const events = followEvents(stream, (e) => e.event === 'status' && e.data !== 'pending');
    await events.first; // the stream listens from here on: the approval reaches it live
    await answerOnPhone(t, a, revoke.body.requestId, () => revoke.body.picture);
    expect((await events.all).filter((e) => e.event === 'status').at(-1)).toEqual({ event: 'status', data: 'approved' });
  });
});

describe('[TIDY] 1: the phone signs for the configured RP ID', () => {
  it('should give the phone the RP ID to sign for when WEBAUTHN_RP_ID differs from the host', async () => {
    // The site is app.localhost; passkeys belong to the parent domain, localhost.
    const origin = 'http://app.localhost:3000';
    const base = createTestApp(tdb.database, { PUBLIC_ORIGIN: origin, WEBAUTHN_RP_ID: 'localhost', TRUST_PROXY: '1' });
    const t: TestApp = {
      ...base,
      request: (path, init = {}) => {
        const headers = new Headers(init.headers);
        headers.set('origin', origin);
        return base.request(path, { ...init, headers });
      },
    };
    const seed = await seedApprovedRegistration(tdb.database);
    const desktop = await loginCookie(t, seed.username, seed.initialPassword);
    const { url } = await (await t.request('/api/registration/activation', { method: 'POST', headers: { cookie: desktop } })).json();
    const code = url.split('#')[1];
    const { options, challengeId } = await (await t.request('/api/activation/options', { method: 'POST', json: { code } })).json();
    expect(options.rp.id).toBe('localhost');
    const phone = createSoftAuthenticator({ origin, rpId: options.rp.id });
    const activated = await t.request('/api/activation/verify', { method: 'POST', json: { code, challengeId, response: phone.create(options) } });
    expect(activated.status).toBe(200);
    const device = activated.headers.getSetCookie().find((c) => c.startsWith('st_device='))!.split(';')[0]!;
    const a = { ...seed, password: seed.initialPassword, phone, device };
    const login = await startLogin(t, a.username, a.password, '192.0.2.40');
    const [pending] = await (await t.request('/api/device/requests', { headers: { cookie: device } })).json();
    // The server says which RP ID to sign for: not the page's host.
    expect(pending.rpId).toBe('localhost');
    expect(pending.rpId).not.toBe(new URL(origin).hostname);
    // Signing for the host, as the phone once did, is refused…
    const onHost = await t.request(`/api/device/requests/${login.body.requestId}/approve`, {
      method: 'POST', headers: { cookie: device },
      json: { choice: login.body.picture, response: phone.get(challengeFor(pending.nonce, login.body.picture), { rpId: new URL(origin).hostname }) },
    });
    expect((await onHost.json()).code).toBe('webauthn_failed');
    // …signing for the RP ID it was given logs in.
    const { res } = await answerOnPhone(t, a, login.body.requestId, () => login.body.picture, { rpId: pending.rpId });
    expect(await res.json()).toMatchObject({ status: 'approved' });
    const done = await t.request(`/api/login-requests/${login.body.requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } });
    expect(done.status).toBe(200);
  });
});
