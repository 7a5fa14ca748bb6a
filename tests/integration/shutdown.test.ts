/**
 * SIGTERM, as systemd or a rolling restart sends it, to the real `api/main.ts` in a child process
 * on PostgreSQL: the instance stops taking connections (the load balancer moves on), answers what
 * it was already doing, sends its live channels away with a retry hint, releases its database
 * connections and exits 0. A drain that cannot finish is cut at SHUTDOWN_TIMEOUT_SECONDS; a
 * second signal exits at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRows } from '../../db/index.ts';
import { loginRequests } from '../../db/schema.ts';
import { challengeFor } from '../../api/domain/login-requests.ts';
import { TEST_ORIGIN, type createTestApp } from '../helpers/app.ts';
import { createTestDatabase, TEST_DATA_KEY, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { activatedAccount, startLogin } from '../helpers/token.ts';
import { browserRequest } from '../helpers/browser-request.ts';
import { freePort } from '../../deploy/cluster.ts';

type Instance = { child: ChildProcess; port: number; url: string; name: string; output: () => string; exited: Promise<number | null> };

const dataDir = mkdtempSync(join(tmpdir(), 'st-shutdown-'));
let started = 0;

/** `api/main.ts` under Node with tsx's loader (so signals reach the server itself), once it printed its URLs. */
async function startInstance(databaseUrl: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const name = `shutdown-test-${process.pid}-${++started}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    env: {
      ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATA_KEY: TEST_DATA_KEY, DATA_DIR: dataDir,
      HOST: '127.0.0.1', PORT: String(port), PUBLIC_ORIGIN: TEST_ORIGIN, INSTANCE_NAME: name, LOG_LEVEL: 'info',
      DEV_IDP_PORT: '0', DEV_SMTP_PORT: '0', DEV_MAIL_PORT: '0', DEV_PORTAL_PORT: '0', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const check = () => { if (out.includes('Soft Token is running')) resolve(); };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`the server exited (${code}):\n${out}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}`, name, output: () => out, exited };
}

/** The test helpers' `request`, over real HTTP to the instance. */
function overHttp(instance: Instance) {
  const request = browserRequest(TEST_ORIGIN, (path, init) => fetch(`${instance.url}${path}`, init));
  return { request } as unknown as ReturnType<typeof createTestApp>;
}

/**
 * A POST whose body is not sent yet: resolves once the server has taken the request in (its
 * `100 Continue`), so the request is in flight on the server. `send` writes the body.
 */
async function heldPost(instance: Instance, path: string, headers: Record<string, string>, body: string) {
  const req: ClientRequest = httpRequest(`${instance.url}${path}`, {
    method: 'POST',
    headers: { ...headers, origin: TEST_ORIGIN, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
  });
  const response = new Promise<{ status: number; headers: IncomingMessage['headers']; text: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
      res.once('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      res.once('error', reject);
    });
    req.on('error', reject);
  });
  await new Promise<void>((resolve) => req.once('continue', resolve));
  return { response, send: () => req.end(body) };
}

/** True once a new TCP connection to the port is refused: the listener is closed. */
async function refusesConnections(port: number): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = createConnection(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(false); });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
    });
    if (refused) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** This instance's connections in pg_stat_activity (pool and LISTEN), named by api/server.ts. */
async function connectionsOf(tdb: TestDatabase, instance: Instance): Promise<number> {
  const [row] = await rawRows(tdb.database.db, sql`select count(*)::int as n from pg_stat_activity where application_name = ${`softtoken:${instance.name}`}`);
  return row!.n as number;
}

if (usingPostgres) describe('SIGTERM: a graceful shutdown', () => {
  let tdb: TestDatabase;
  const instances: Instance[] = [];
  beforeAll(async () => { tdb = await createTestDatabase(); });
  afterAll(async () => {
    for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
    await tdb.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async (env: Record<string, string> = {}) => {
    const instance = await startInstance(tdb.url!, env);
    instances.push(instance);
    return instance;
  };

  it('should answer the approval in flight, send live channels away with a retry hint, refuse new connections and exit 0', async () => {
    const instance = await start({ SHUTDOWN_TIMEOUT_SECONDS: '30' });
    const t = overHttp(instance);
    const a = await activatedAccount(t, tdb.database);
    const { body: login, binding } = await startLogin(t, a.username, a.password);
    expect((await t.request('/api/ready')).status).toBe(200);
    expect(await connectionsOf(tdb, instance)).toBeGreaterThan(0);

    // The desktop waits on its live channel.
    const events = await t.request(`/api/login-requests/${login.requestId}/events`, { headers: { cookie: binding } });
    const reader = events.body!.getReader();
    let stream = '';
    const ended = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return stream;
        stream += new TextDecoder().decode(value);
      }
    })();
    await expect.poll(() => stream).toContain('event: status\ndata: pending');

    // The phone's approval reaches the server; its body is still on the way when SIGTERM comes.
    const pending = await (await t.request('/api/device/requests', { headers: { cookie: a.device } })).json();
    const request = pending.find((r: { id: string }) => r.id === login.requestId);
    const answer = JSON.stringify({ choice: login.picture, response: a.phone.get(challengeFor(request.nonce, login.picture)) });
    const approval = await heldPost(instance, `/api/device/requests/${login.requestId}/approve`, { cookie: a.device }, answer);

    instance.child.kill('SIGTERM');
    expect(await refusesConnections(instance.port)).toBe(true);
    // The live channel ended, telling the browser when to come back (through the load balancer).
    const text = await ended;
    const retry = Number(/^retry: (\d+)$/m.exec(text)?.[1]);
    expect(retry).toBeGreaterThanOrEqual(500);
    expect(retry).toBeLessThanOrEqual(1500);

    approval.send();
    const answered = await approval.response;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.text)).toEqual({ status: 'approved', purpose: 'login' });
    expect(answered.headers.connection).toBe('close');

    expect(await instance.exited).toBe(0);
    const [row] = await tdb.database.db.select().from(loginRequests).where(eq(loginRequests.id, login.requestId));
    expect(row?.status).toBe('approved');
    // Backends end a moment after their client goes: wait for it, generously.
    await expect.poll(() => connectionsOf(tdb, instance), { timeout: 10_000, interval: 100 }).toBe(0);
    expect(instance.output()).toContain('shutdown: database connections released');
  }, 90_000);

  it('should cut a request still held open at SHUTDOWN_TIMEOUT_SECONDS and exit', async () => {
    const instance = await start({ SHUTDOWN_TIMEOUT_SECONDS: '1' });
    const held = await heldPost(instance, '/api/auth/login', {}, JSON.stringify({ username: 'nobody', password: 'x' }));
    const cut = held.response.then(() => 'answered', (err: Error) => err.message);
    instance.child.kill('SIGTERM');
    // Never sent: the deadline closes its connection rather than waiting for it.
    expect(await cut).toMatch(/socket hang up|ECONNRESET/);
    expect(await instance.exited).toBe(1);
    expect(instance.output()).toContain('shutdown: deadline passed');
    await expect.poll(() => connectionsOf(tdb, instance), { timeout: 10_000, interval: 100 }).toBe(0);
  }, 90_000);

  it('should exit at once on a second signal, long before the deadline', async () => {
    const instance = await start({ SHUTDOWN_TIMEOUT_SECONDS: '600' });
    const held = await heldPost(instance, '/api/auth/login', {}, JSON.stringify({ username: 'nobody', password: 'x' }));
    const cut = held.response.then(() => 'answered', (err: Error) => err.message);
    instance.child.kill('SIGTERM');
    expect(await refusesConnections(instance.port)).toBe(true);
    instance.child.kill('SIGINT');
    expect(await instance.exited).toBe(1);
    expect(await cut).toMatch(/socket hang up|ECONNRESET/);
  }, 90_000);
});
