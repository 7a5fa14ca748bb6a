/**
 * Faults of the push service ([HARDEN] 5, R-5 push health), against a local HTTPS endpoint
 * standing in for it (web-push speaks https only; self-signed, the sender told to trust it):
 * - it answers 404/410 → the subscription is marked dead, the phone and the officers see it,
 *   and a login is still approved with the app open;
 * - it never answers → a bounded number of attempts, each with a timeout, and the login
 *   request is answered and approvable meanwhile.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushSubscriptions } from '../../db/schema.ts';
import type { PushResult } from '../../api/services/push.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { selfSignedCertificate } from '../helpers/push-service.ts';
import { activatedAccount, answerOnPhone, startLogin, type Activated } from '../helpers/token.ts';

/** Fixed answer, never an answer, or a sequence of answers (the last one repeats). */
type Mode = { status: number } | 'silent' | { sequence: number[] };
const modes = new Map<string, Mode>();
const hits = new Map<string, number>();
const held = new Set<ServerResponse>();

let tdb: TestDatabase;
let server: Server;
let port: number;
const vapid = webpush.generateVAPIDKeys();
const env = { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:faults@example.go.th' };
const tls = selfSignedCertificate();

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = createServer(tls, async (req: IncomingMessage, res: ServerResponse) => {
    for await (const _ of req) { /* read the body */ }
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const mode = modes.get(path) ?? { status: 201 };
    if (mode === 'silent') {
      held.add(res); // a push service that accepted the connection and never answers
      return;
    }
    const n = hits.get(path)!;
    res.writeHead('sequence' in mode ? mode.sequence[Math.min(n, mode.sequence.length) - 1]! : mode.status).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await tdb.drop();
});

/** The activated phone turns notifications on with an endpoint that behaves as `mode`. */
async function subscribe(t: ReturnType<typeof createTestApp>, a: Activated, mode: Mode) {
  const path = `/push/${randomBytes(8).toString('hex')}`;
  modes.set(path, mode);
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const res = await t.request('/api/device/push', { method: 'PUT', headers: { cookie: a.device }, json: {
    endpoint: `https://127.0.0.1:${port}${path}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  } });
  expect(res.status).toBe(200);
  return path;
}

/** Watch the pushes the API sends (they run after the response: see pushLoginRequest). */
function watchPushes(t: ReturnType<typeof createTestApp>) {
  const sends: Array<{ settled: boolean; tookMs: number; result: Promise<PushResult> }> = [];
  const sender = t.deps.push;
  const watched = (sending: () => Promise<PushResult>) => {
    const began = Date.now();
    const entry = { settled: false, tookMs: -1, result: sending() };
    void entry.result.finally(() => { entry.settled = true; entry.tookMs = Date.now() - began; }).catch(() => {});
    sends.push(entry);
    return entry.result;
  };
  t.deps.push = {
    send: (...args) => watched(() => sender.send(...args)),
    sendTo: (...args) => watched(() => sender.sendTo(...args)),
    close: () => sender.close(),
  };
  return sends;
}

/** What the officers' account list (console) shows about this account's notifications. */
async function officersSee(t: ReturnType<typeof createTestApp>, officerCookie: string, username: string) {
  const res = await t.request(`/api/officer/accounts?q=${username}`, { headers: { cookie: officerCookie } });
  expect(res.status).toBe(200);
  const { items } = await res.json();
  return items.find((i: { username: string }) => i.username === username)?.pushStatus;
}

async function approveAndComplete(t: ReturnType<typeof createTestApp>, a: Activated, login: Awaited<ReturnType<typeof startLogin>>) {
  const { res } = await answerOnPhone(t, a, login.body.requestId, () => login.body.picture);
  expect(res.status).toBe(200);
  expect((await res.json()).status).toBe('approved');
  const done = await t.request(`/api/login-requests/${login.body.requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } });
  expect(done.status).toBe(200);
}

describe('push service answering 404 or 410', () => {
  it.each([410, 404])('should mark the subscription dead on %i, tell the phone and the officers, and still let the open app approve', async (status) => {
    console.log(`fault exercised: push service answers ${status} → subscription dead, phone and officers told, approval with the app open still works`);
    const t = createTestApp(tdb.database, env, { push: { ca: tls.cert } });
    const sends = watchPushes(t);
    const officer = await signInOfficer(t, tdb.database);
    const a = await activatedAccount(t, tdb.database);
    const path = await subscribe(t, a, { status });
    expect((await (await t.request('/api/device', { headers: { cookie: a.device } })).json()).push).toBe('active');
    expect(await officersSee(t, officer.cookie, a.username)).toBe('active');

    const login = await startLogin(t, a.username, a.password);
    expect(login.res.status).toBe(200);
    expect(await sends[0]!.result).toEqual({ sent: 0, dead: 1, failed: 0 });
    expect(hits.get(path)).toBe(1); // gone means gone: no retry

    const [sub] = await tdb.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, `https://127.0.0.1:${port}${path}`));
    expect(sub!.deadAt).toBeInstanceOf(Date);
    // The phone app shows "notifications stopped working" (PushSettings), the officers' account list the same.
    expect((await (await t.request('/api/device', { headers: { cookie: a.device } })).json()).push).toBe('dead');
    expect(await officersSee(t, officer.cookie, a.username)).toBe('dead');

    // With the app open, the pending request is there and the approval goes through.
    await approveAndComplete(t, a, login);

    // The next login does not knock on a dead endpoint again, and is still approvable.
    const next = await startLogin(t, a.username, a.password);
    expect(next.res.status).toBe(200);
    expect(await sends[1]!.result).toEqual({ sent: 0, dead: 0, failed: 0 });
    expect(hits.get(path)).toBe(1);
    await approveAndComplete(t, a, next);

    // Turning notifications on again heals it for both.
    const healthy = await subscribe(t, a, { status: 201 });
    expect((await (await t.request('/api/device', { headers: { cookie: a.device } })).json()).push).toBe('active');
    expect(await officersSee(t, officer.cookie, a.username)).toBe('active');
    const third = await startLogin(t, a.username, a.password);
    expect(await sends[2]!.result).toEqual({ sent: 1, dead: 0, failed: 0 });
    expect(hits.get(healthy)).toBe(1);
    await approveAndComplete(t, a, third);
  });
});

describe('push service failing for a moment', () => {
  it('should retry a 503 and deliver the notification once', async () => {
    console.log('fault exercised: push service answers 503 once → retried, delivered exactly once');
    const t = createTestApp(tdb.database, env, { push: { ca: tls.cert, retryDelayMs: 50 } });
    const sends = watchPushes(t);
    const a = await activatedAccount(t, tdb.database);
    const path = await subscribe(t, a, { sequence: [503, 201] });
    const login = await startLogin(t, a.username, a.password);
    expect(login.res.status).toBe(200);
    expect(await sends[0]!.result).toEqual({ sent: 1, dead: 0, failed: 0 });
    expect(hits.get(path)).toBe(2);
    await approveAndComplete(t, a, login);
  });
});

describe('push service not answering', () => {
  it('should give up after a bounded number of timed-out attempts while the login is answered and approved', async () => {
    console.log('fault exercised: push service never answers → bounded retries with a timeout, login answered and approvable meanwhile');
    const timeoutMs = 1_500;
    const attempts = 2;
    const t = createTestApp(tdb.database, env, { push: { ca: tls.cert, timeoutMs, attempts, retryDelayMs: 100 } });
    const sends = watchPushes(t);
    const a = await activatedAccount(t, tdb.database);
    const path = await subscribe(t, a, 'silent');

    const login = await startLogin(t, a.username, a.password);
    expect(login.res.status).toBe(200);
    expect(login.body.requestId).toBeTruthy();
    // The desktop has its answer while the push is still hanging.
    expect(sends).toHaveLength(1);
    expect(sends[0]!.settled).toBe(false);

    // The phone, app open, approves meanwhile; the desktop collects its session.
    await approveAndComplete(t, a, login);

    const result = await sends[0]!.result;
    expect(result).toEqual({ sent: 0, dead: 0, failed: 1 });
    expect(hits.get(path)).toBe(attempts);
    // Bounded: about attempts × timeout (plus the short pause between), never an open-ended wait.
    expect(sends[0]!.tookMs).toBeGreaterThanOrEqual(attempts * timeoutMs - 100);
    expect(sends[0]!.tookMs).toBeLessThan(attempts * (timeoutMs + 1_000) + 2_000);
    // A service that does not answer has not said the subscription is gone.
    const [sub] = await tdb.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, `https://127.0.0.1:${port}${path}`));
    expect(sub).toMatchObject({ deadAt: null, lastSuccessAt: null });
    expect((await (await t.request('/api/device', { headers: { cookie: a.device } })).json()).push).toBe('active');
  });
});
