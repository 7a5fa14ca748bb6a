/**
 * What an operator scrapes at /metrics: login outcomes moving as people log in, Web Push results,
 * requests by route pattern, the mail outbox, this instance's database connections and the
 * process itself; and who may read it (a token on the public port, or the separate port).
 */
import { createECDH, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticators, loginRequests } from '../../db/schema.ts';
import { createApp } from '../../api/app.ts';
import { challengeFor } from '../../api/domain/login-requests.ts';
import { startSystem } from '../../api/server.ts';
import { enqueueMail } from '../../api/services/mail.ts';
import { createMetrics, databaseSources } from '../../api/services/metrics.ts';
import { createTestApp, testConfig } from '../helpers/app.ts';
import { createPostgresDatabase, createTestDatabase, dropPostgresDatabase, TEST_DATA_KEY, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { selfSignedCertificate } from '../helpers/push-service.ts';
import { followEvents } from '../helpers/sse.ts';
import { activatedAccount, answerOnPhone, startLogin } from '../helpers/token.ts';

const TOKEN = 'scrape-me-0123456789abcdef';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

type TestApp = ReturnType<typeof createTestApp>;
const app = (env: Record<string, string> = {}, opts: Parameters<typeof createTestApp>[2] = {}) =>
  createTestApp(tdb.database, { TRUST_PROXY: 'true', METRICS_TOKEN: TOKEN, ...env }, opts);

async function scrape(t: TestApp): Promise<string> {
  const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The samples of a Prometheus text exposition. */
function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The sum of the samples of `name` carrying these labels (0 when there are none). */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  return samples(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

const logins = (text: string, outcome: string, purpose = 'login') => value(text, 'softtoken_logins_total', { outcome, purpose });

describe('/metrics on the public port', () => {
  it('should answer 404 when no token is configured, so nothing is exposed', async () => {
    const t = createTestApp(tdb.database);
    expect((await t.app.request('/metrics')).status).toBe(404);
    expect((await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('should answer 401 without the token or with a wrong one, and the figures with the right one', async () => {
    const t = app();
    const none = await t.app.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}` } })).status).toBe(401);
    expect((await t.app.request('/metrics', { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    // Every login and push series exists before the first event, so alerts see zeros.
    expect(samples(text).filter((s) => s.name === 'softtoken_logins_total')).toHaveLength(16);
    expect(value(text, 'softtoken_push_total', { result: 'failed' })).toBe(0);
  });

  it('should count logins started, approved, denied and expired as they happen', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const before = await scrape(t);
    expect(logins(before, 'started')).toBe(0);

    const approved = await startLogin(t, a.username, a.password);
    let now = await scrape(t);
    expect(logins(now, 'started')).toBe(1);
    expect(logins(now, 'approved')).toBe(0);
    await answerOnPhone(t, a, approved.body.requestId, () => approved.body.picture);
    now = await scrape(t);
    expect([logins(now, 'approved'), logins(now, 'denied'), logins(now, 'expired')]).toEqual([1, 0, 0]);

    // Denied twice: the wrong picture, then the Deny button.
    const wrong = await startLogin(t, a.username, a.password);
    await answerOnPhone(t, a, wrong.body.requestId, (grid) => grid.find((p) => p !== wrong.body.picture)!);
    const tapped = await startLogin(t, a.username, a.password);
    expect((await t.request(`/api/device/requests/${tapped.body.requestId}/deny`, { method: 'POST', headers: { cookie: a.device }, json: {} })).status).toBe(200);
    now = await scrape(t);
    expect([logins(now, 'started'), logins(now, 'approved'), logins(now, 'denied'), logins(now, 'expired')]).toEqual([3, 1, 2, 0]);

    // Nobody answers: the desktop's next look finds it expired, counted once however often it looks.
    const unanswered = await startLogin(t, a.username, a.password);
    t.clock.advance(2 * 60_000 + 1);
    for (let i = 0; i < 2; i++) {
      const status = await (await t.request(`/api/login-requests/${unanswered.body.requestId}`, { headers: { cookie: unanswered.binding } })).json();
      expect(status.status).toBe('expired');
    }
    now = await scrape(t);
    expect([logins(now, 'started'), logins(now, 'approved'), logins(now, 'denied'), logins(now, 'expired')]).toEqual([4, 1, 2, 1]);
  });

  it('should count a request as expired when the phone answers too late', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body } = await startLogin(t, a.username, a.password);
    const [request] = await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json();
    t.clock.advance(2 * 60_000 + 1);
    const response = a.phone.get(challengeFor(request.nonce, body.picture));
    const late = await t.request(`/api/device/requests/${body.requestId}/approve`, { method: 'POST', headers: { cookie: a.device }, json: { choice: body.picture, response } });
    expect(late.status).toBe(409);
    const now = await scrape(t);
    expect([logins(now, 'approved'), logins(now, 'expired')]).toEqual([0, 1]);
  });

  it('should count a renewal under its own purpose', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    // A token past its validity: the password step asks the phone to renew first.
    await tdb.database.db.update(authenticators).set({ validUntil: new Date(t.clock.now().getTime() - 60_000) }).where(eq(authenticators.accountId, a.account.id));
    const renew = await startLogin(t, a.username, a.password);
    expect(renew.body.next).toBe('renew');
    await answerOnPhone(t, a, renew.body.requestId, () => 'renew');
    const now = await scrape(t);
    expect([logins(now, 'started', 'renew'), logins(now, 'approved', 'renew'), logins(now, 'started', 'login')]).toEqual([1, 1, 0]);
  });

  it('should count an expiry once when several instances find it at the same moment', async () => {
    const instances = [app(), app(), app()];
    const [first] = instances as [TestApp, TestApp, TestApp];
    const a = await activatedAccount(first, tdb.database);
    const { body, binding } = await startLogin(first, a.username, a.password);
    for (const t of instances) t.clock.advance(2 * 60_000 + 1);
    const seen = await Promise.all(instances.flatMap((t) => [1, 2].map(async () =>
      (await (await t.request(`/api/login-requests/${body.requestId}`, { headers: { cookie: binding } })).json()).status)));
    expect(new Set(seen)).toEqual(new Set(['expired']));
    const counted = (await Promise.all(instances.map(scrape))).map((text) => logins(text, 'expired'));
    expect(counted.reduce((x, y) => x + y)).toBe(1);
  });

  it('should count the expiry made by the instance\'s timer while a desktop waits on its live channel', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body, binding } = await startLogin(t, a.username, a.password);
    // Due in a moment rather than two minutes: the timer is armed for then.
    await tdb.database.db.update(loginRequests).set({ expiresAt: new Date(t.clock.now().getTime() + 100) }).where(eq(loginRequests.id, body.requestId));
    const stream = await t.request(`/api/login-requests/${body.requestId}/events`, { headers: { cookie: binding } });
    const events = followEvents(stream, (e) => e.event === 'status' && e.data !== 'pending');
    expect((await events.first)?.data).toBe('pending');
    t.clock.advance(1_000);
    expect((await events.all).at(-1)).toEqual({ event: 'status', data: 'expired' });
    await vi.waitFor(async () => expect(logins(await scrape(t), 'expired')).toBe(1));
  });

  it('should time requests by route pattern, never by the raw path, and leave scrapes out', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const before = await scrape(t);
    const { body, binding } = await startLogin(t, a.username, a.password);
    await t.request(`/api/login-requests/${body.requestId}`, { headers: { cookie: binding } });
    await t.request('/api/no-such-thing');
    await t.request('/some/page/of/the/app');
    await scrape(t);
    const text = await scrape(t);
    const name = 'softtoken_http_request_duration_seconds_count';
    const count = (labels: Record<string, string>) => value(text, name, labels) - value(before, name, labels);
    expect(count({ route: '/api/login-requests/:id', method: 'GET', status: '200' })).toBe(1);
    expect(count({ route: '/api/auth/login', method: 'POST', status: '200' })).toBe(1);
    expect(count({ route: '/api/*', status: '404' })).toBe(1);
    expect(count({ route: 'web' })).toBe(1);
    const routes = new Set(samples(text).filter((s) => s.name === 'softtoken_http_request_duration_seconds_count').map((s) => s.labels.route));
    expect([...routes].filter((r) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(r!))).toEqual([]);
    expect(routes.has('/metrics')).toBe(false);
    // The latency buckets are there for the same series.
    expect(value(text, 'softtoken_http_request_duration_seconds_bucket', { route: '/api/auth/login', le: '+Inf' }))
      .toBe(value(text, name, { route: '/api/auth/login' }));
  });

  it('should label the web app\'s files, pages and missing files as one route', async () => {
    const t = app();
    const dist = mkdtempSync(join(tmpdir(), 'metrics-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Soft Token</title>');
    writeFileSync(join(dist, 'assets', 'app-1a2b3c.js'), 'export {};');
    const web = createApp(t.deps, { webDist: dist });
    for (const path of ['/', '/app/requests/4f1c2d3e-0000-4000-8000-000000000000', '/assets/app-1a2b3c.js', '/assets/gone-9z8y7x.js', '/favicon.ico']) {
      await web.request(path);
    }
    expect((await web.request('/api/health')).status).toBe(200);
    const text = await scrape(t);
    const routes = samples(text).filter((s) => s.name === 'softtoken_http_request_duration_seconds_count').map((s) => ({ route: s.labels.route, status: s.labels.status, n: s.value }));
    expect(routes).toEqual(expect.arrayContaining([
      { route: 'web', status: '200', n: 3 }, { route: 'web', status: '404', n: 2 }, { route: '/api/health', status: '200', n: 1 },
    ]));
    expect(routes.filter((r) => r.route !== 'web' && r.route !== '/api/health')).toEqual([]);
  });
});

describe('Web Push results', () => {
  let server: Server;
  let port: number;
  let answer = 201;
  let received = 0;
  const vapid = webpush.generateVAPIDKeys();
  const env = { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'mailto:push-test@example.go.th' };
  const tls = selfSignedCertificate();

  beforeAll(async () => {
    server = createServer(tls, (req, res) => {
      req.resume().on('end', () => { received++; res.writeHead(answer).end(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => { await new Promise((r) => server.close(r)); });

  it('should count pushes sent, failed and dead as logins notify the phone', async () => {
    const t = app(env, { push: { ca: tls.cert, attempts: 1, retryDelayMs: 1 } });
    const a = await activatedAccount(t, tdb.database);
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const put = await t.request('/api/device/push', { method: 'PUT', headers: { cookie: a.device }, json: {
      endpoint: `https://127.0.0.1:${port}/push/${randomBytes(8).toString('hex')}`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
    } });
    expect(put.status).toBe(200);
    const push = async (result: string) => value(await scrape(t), 'softtoken_push_total', { result });

    // The push leaves after the password step's response: wait for it to be counted.
    answer = 201;
    await startLogin(t, a.username, a.password);
    await vi.waitFor(async () => expect(await push('sent')).toBe(1));
    answer = 503;
    await startLogin(t, a.username, a.password);
    await vi.waitFor(async () => expect(await push('failed')).toBe(1));
    answer = 410;
    await startLogin(t, a.username, a.password);
    await vi.waitFor(async () => expect(await push('dead')).toBe(1));
    expect(received).toBe(3);
    // A dead subscription is not tried again, and nothing more is counted.
    const text = await scrape(t);
    expect(['sent', 'failed', 'dead'].map((result) => value(text, 'softtoken_push_total', { result }))).toEqual([1, 1, 1]);
  });
});

describe('/metrics on its own port (METRICS_PORT)', () => {
  it('should serve process, outbox, connection and request figures of a running system over HTTP', async () => {
    const url = await createPostgresDatabase('softtoken_metrics');
    const system = await startSystem(testConfig({
      PORT: '0', METRICS_PORT: '0', INSTANCE_NAME: `metrics-${randomBytes(3).toString('hex')}`, DB_POOL_SIZE: '3',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'metrics-system-')), DATA_KEY: TEST_DATA_KEY, ...(url ? { DATABASE_URL: url } : {}),
    }), { devServices: false, memoryDb: !url });
    try {
      expect(system.metricsUrl).toBeDefined();
      // No SMTP: mail stays queued, as when the mail server is down.
      await enqueueMail(system.database.db, { to: 'a@example.go.th', subject: 'one', text: '1' });
      await enqueueMail(system.database.db, { to: 'b@example.go.th', subject: 'two', text: '2' });
      expect((await fetch(`${system.url}/api/health`)).status).toBe(200);
      // Not on the public port: no token is configured.
      expect((await fetch(`${system.url}/metrics`)).status).toBe(404);

      const res = await fetch(system.metricsUrl!);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(value(text, 'softtoken_mail_outbox_depth')).toBe(2);
      expect(value(text, 'softtoken_mail_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
      expect(value(text, 'softtoken_http_request_duration_seconds_count', { route: '/api/health', method: 'GET', status: '200' })).toBe(1);
      expect(value(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(samples(text).some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
      expect(samples(text).every((s) => s.labels.instance === system.config.instance.name)).toBe(true);
      if (usingPostgres) {
        expect(value(text, 'softtoken_db_pool_size')).toBe(3);
        // LISTEN/NOTIFY runs on its own connection, outside the pool.
        expect(value(text, 'softtoken_db_connections', { state: 'listen' })).toBe(1);
        const pooled = value(text, 'softtoken_db_connections', { state: 'idle' }) + value(text, 'softtoken_db_connections', { state: 'in_use' });
        expect(pooled).toBeGreaterThanOrEqual(0);
        expect(pooled).toBeLessThanOrEqual(3);
      }
      expect((await fetch(system.metricsUrl!.replace(/\/metrics$/, '/other'))).status).toBe(404);
    } finally {
      await system.stop();
      if (url) await dropPostgresDatabase(url);
    }
  });

  it('should still serve the other figures when the database does not answer', async () => {
    const gone = await createTestDatabase();
    const metrics = createMetrics('db-away', databaseSources(gone.database, 3));
    metrics.logins.inc({ outcome: 'started', purpose: 'login' });
    await gone.drop();
    const text = await metrics.registry.metrics();
    expect(logins(text, 'started')).toBe(1);
    // Unknown, not a reassuring zero.
    expect(value(text, 'softtoken_mail_outbox_depth')).toBeNaN();
    expect(value(text, 'softtoken_mail_outbox_oldest_age_seconds')).toBeNaN();
    expect(samples(text).some((s) => s.name === 'softtoken_db_connections')).toBe(false);
  });

  it('should keep the figures of several registries in one process apart, each with its own process metrics', async () => {
    const one = createMetrics('one', {}, { processMetrics: true });
    const two = createMetrics('two', {}, { processMetrics: true });
    one.logins.inc({ outcome: 'started', purpose: 'login' });
    const [a, b] = await Promise.all([one.registry.metrics(), two.registry.metrics()]);
    expect(logins(a, 'started')).toBe(1);
    expect(logins(b, 'started')).toBe(0);
    expect(value(a, 'process_resident_memory_bytes', { instance: 'one' })).toBeGreaterThan(0);
    expect(value(b, 'process_resident_memory_bytes', { instance: 'two' })).toBeGreaterThan(0);
  });
});
