/**
 * Web Push end to end on this machine: the server pushes to a local HTTPS endpoint standing
 * in for the push service; the test decrypts what arrives (RFC 8291, aes128gcm) as the
 * browser would, and checks the VAPID JWT (RFC 8292) against the server's public key.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { eq } from 'drizzle-orm';
import ece from 'http_ece';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticators } from '../../db/schema.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedApprovedRegistration } from '../helpers/fixtures.ts';
import { readVapidHeader, selfSignedCertificate } from '../helpers/push-service.ts';
import { loginCookie } from '../helpers/registration.ts';
import { createSoftAuthenticator } from '../helpers/soft-authenticator.ts';

type Received = { path: string; headers: Record<string, string | string[] | undefined>; body: Buffer };

let tdb: TestDatabase;
let server: Server;
let port: number;
let answer = 201;
const received: Received[] = [];
const vapid = webpush.generateVAPIDKeys();
const tls = selfSignedCertificate();

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = createServer(tls, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
    res.writeHead(answer).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await tdb.drop();
});

/** An activated phone with a push subscription whose keys the test holds, like a browser. */
async function subscribedPhone(t: ReturnType<typeof createTestApp>) {
  const seed = await seedApprovedRegistration(tdb.database);
  const cookie = await loginCookie(t, seed.username, seed.initialPassword);
  const { url } = await (await t.request('/api/registration/activation', { method: 'POST', headers: { cookie } })).json();
  const code = url.split('#')[1];
  const { options, challengeId } = await (await t.request('/api/activation/options', { method: 'POST', json: { code } })).json();
  const response = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' }).create(options);
  const done = await t.request('/api/activation/verify', { method: 'POST', json: { code, challengeId, response } });
  const device = done.headers.getSetCookie()[0]!.split(';')[0]!;
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const endpoint = `https://127.0.0.1:${port}/push/${randomBytes(8).toString('hex')}`;
  const put = await t.request('/api/device/push', { method: 'PUT', headers: { cookie: device }, json: {
    endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
  } });
  expect(put.status).toBe(200);
  const [authenticator] = await tdb.database.db.select().from(authenticators).where(eq(authenticators.accountId, seed.account.id));
  return { device, ecdh, auth, endpoint, authenticatorId: authenticator!.id };
}

function verifyVapidJwt(authorization: string, expectedAud: string, now: Date) {
  const { k, header, payload, signatureValid } = readVapidHeader(authorization);
  expect(k).toBe(vapid.publicKey);
  expect(header.alg).toBe('ES256');
  expect(payload.aud).toBe(expectedAud);
  expect(payload.sub).toBe('mailto:push-test@example.go.th');
  // Valid now by the server's clock, and for at most 24 hours (RFC 8292 §2).
  expect(payload.exp * 1000).toBeGreaterThan(now.getTime());
  expect(payload.exp * 1000).toBeLessThanOrEqual(now.getTime() + 24 * 3600_000);
  return signatureValid;
}

describe('Web Push to the phone', () => {
  const env = { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:push-test@example.go.th' };

  it('should deliver an encrypted payload the phone can decrypt, signed with a VAPID JWT that verifies', async () => {
    const t = createTestApp(tdb.database, env, { push: { ca: tls.cert } });
    const phone = await subscribedPhone(t);
    answer = 201;
    const payload = { type: 'login' as const, requestId: 'req-123', title: 'คำขอเข้าสู่ระบบ', body: 'แตะเพื่อยืนยัน' };
    const result = await t.deps.push.send(tdb.database.db, phone.authenticatorId, payload);
    expect(result).toEqual({ sent: 1, dead: 0, failed: 0 });
    const got = received.at(-1)!;
    expect(got.path).toBe(new URL(phone.endpoint).pathname);
    expect(got.headers['content-encoding']).toBe('aes128gcm');
    expect(got.headers['urgency']).toBe('high');
    expect(Number(got.headers['ttl'])).toBeGreaterThan(0);
    const clear = ece.decrypt(got.body, { version: 'aes128gcm', privateKey: phone.ecdh, authSecret: phone.auth.toString('base64url') });
    expect(JSON.parse(clear.toString('utf8'))).toEqual(payload);
    expect(verifyVapidJwt(String(got.headers['authorization']), `https://127.0.0.1:${port}`, t.clock.now())).toBe(true);
  });

  it('should mark the subscription dead when the push service answers 410, and the app sees it', async () => {
    const t = createTestApp(tdb.database, env, { push: { ca: tls.cert } });
    const phone = await subscribedPhone(t);
    answer = 410;
    const result = await t.deps.push.send(tdb.database.db, phone.authenticatorId, { type: 'login', title: 'x', body: 'y' });
    answer = 201;
    expect(result.dead).toBe(1);
    const status = await (await t.request('/api/device', { headers: { cookie: phone.device } })).json();
    expect(status.push).toBe('dead');
    const before = received.length;
    expect((await t.deps.push.send(tdb.database.db, phone.authenticatorId, { type: 'login', title: 'x', body: 'y' })).sent).toBe(0);
    expect(received.length).toBe(before);
  });

  it('should refuse a push subscription that is not https', async () => {
    const t = createTestApp(tdb.database, env);
    const phone = await subscribedPhone(t);
    const res = await t.request('/api/device/push', { method: 'PUT', headers: { cookie: phone.device }, json: {
      endpoint: 'http://127.0.0.1/push', keys: { p256dh: phone.ecdh.getPublicKey().toString('base64url'), auth: phone.auth.toString('base64url') },
    } });
    expect(res.status).toBe(400);
  });
});
