/**
 * The phone's list and approval find the device in the statement that reads the requests
 * ([BENCH]): the answers an attacker or a stale phone gets must stay what they were, and the
 * device's last use is still written, at most once a minute.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticators, deviceTokens, loginRequests } from '../../db/schema.ts';
import { challengeFor } from '../../api/domain/login-requests.ts';
import { sha256 } from '../../api/lib/crypto.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { activatedAccount, startLogin, type Activated } from '../helpers/token.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

type TestApp = ReturnType<typeof createTestApp>;
const tokenOf = (a: Activated) => a.device.split('=')[1]!;

async function lastSeen(a: Activated) {
  const [row] = await tdb.database.db.select({ at: deviceTokens.lastSeenAt }).from(deviceTokens).where(eq(deviceTokens.tokenHash, sha256(tokenOf(a))));
  return row?.at?.getTime();
}

type Listed = Array<{ id: string; nonce: string; grid: string[] }>;

/** The phone `a` signs the right picture; the approval is sent with `cookie`. */
async function approve(t: TestApp, a: Activated, requestId: string, picture: string, cookie: string) {
  const list = await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json() as Listed;
  const request = list.find((r) => r.id === requestId)!;
  const response = a.phone.get(challengeFor(request.nonce, picture));
  return t.request(`/api/device/requests/${requestId}/approve`, { method: 'POST', headers: { cookie }, json: { choice: picture, response } });
}

describe('the phone reads and answers its requests', () => {
  it('should list only its own pending requests, newest first, and refuse a cookie that is no live phone', async () => {
    const t = createTestApp(tdb.database);
    const a = await activatedAccount(t, tdb.database);
    const b = await activatedAccount(t, tdb.database);
    expect(await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json()).toEqual([]);

    await startLogin(t, a.username, a.password);
    t.clock.advance(1_000);
    const second = await startLogin(t, a.username, a.password); // cancels the first: one pending
    await startLogin(t, b.username, b.password);
    const mine = await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json() as Array<{ id: string; rpId: string }>;
    expect(mine.map((r) => r.id)).toEqual([second.body.requestId]);
    expect(mine[0]!.rpId).toBe('localhost');
    expect(mine[0]).not.toHaveProperty('correctPicture');

    const unknown = await t.request('/api/device/requests', { headers: { cookie: 'st_device=not-a-device' } });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).code).toBe('device_unknown');
    expect(unknown.headers.getSetCookie().some((c) => c.startsWith('st_device='))).toBe(false);

    // A revoked token's phone is no phone any more.
    const [revoked] = await tdb.database.db.select({ id: deviceTokens.authenticatorId }).from(deviceTokens).where(eq(deviceTokens.tokenHash, sha256(tokenOf(b))));
    await tdb.database.db.update(authenticators).set({ revokedAt: t.clock.now() }).where(eq(authenticators.id, revoked!.id));
    expect((await t.request('/api/device/requests', { headers: { cookie: b.device } })).status).toBe(401);
  });

  it("should answer device_unknown to an approval from no live phone, request_not_found for another phone's request, and change nothing", async () => {
    const t = createTestApp(tdb.database);
    const a = await activatedAccount(t, tdb.database);
    const b = await activatedAccount(t, tdb.database);
    const { body } = await startLogin(t, a.username, a.password);

    const stranger = await approve(t, a, body.requestId, body.picture, 'st_device=not-a-device');
    expect(stranger.status).toBe(401);
    expect((await stranger.json()).code).toBe('device_unknown');
    // A cookie that is no live phone's is never prolonged.
    expect(stranger.headers.getSetCookie().some((c) => c.startsWith('st_device='))).toBe(false);
    const otherPhone = await approve(t, a, body.requestId, body.picture, b.device);
    expect(otherPhone.status).toBe(404);
    expect((await otherPhone.json()).code).toBe('request_not_found');
    const [row] = await tdb.database.db.select({ status: loginRequests.status }).from(loginRequests).where(eq(loginRequests.id, body.requestId));
    expect(row!.status).toBe('pending');

    const own = await approve(t, a, body.requestId, body.picture, a.device);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ status: 'approved', purpose: 'login' });
    expect(own.headers.getSetCookie().some((c) => c.startsWith('st_device='))).toBe(true);
  });

  it("should write the phone's last use when it lists or approves, at most once a minute", async () => {
    const t = createTestApp(tdb.database);
    const a = await activatedAccount(t, tdb.database);
    t.clock.advance(5 * 60_000);
    const { body } = await startLogin(t, a.username, a.password);
    await t.request('/api/device/requests', { headers: { cookie: a.device } });
    const listed = await lastSeen(a);
    expect(listed).toBe(t.clock.now().getTime());

    t.clock.advance(30_000);
    const list = await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json() as Listed;
    expect(await lastSeen(a)).toBe(listed);

    t.clock.advance(31_000);
    const request = list.find((r) => r.id === body.requestId)!;
    const res = await t.request(`/api/device/requests/${body.requestId}/approve`, {
      method: 'POST', headers: { cookie: a.device }, json: { choice: body.picture, response: a.phone.get(challengeFor(request.nonce, body.picture)) },
    });
    expect(res.status).toBe(200);
    expect(await lastSeen(a)).toBe(t.clock.now().getTime());
  });
});
