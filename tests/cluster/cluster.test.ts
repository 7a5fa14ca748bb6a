/**
 * The production layout, end to end: two API instances (real processes) behind nginx (TLS,
 * HTTP/2, no stickiness) on one PostgreSQL database, started by deploy/cluster.ts as
 * `npm run cluster` does. Logins are driven over real HTTPS as a desktop browser and a phone
 * would, while instances are killed and restarted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster, type ClusterInstance } from '../../deploy/cluster.ts';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/index.ts';
import { startMailCatcher, type MailCatcher } from '../../api/dev/mailcatcher.ts';
import { sessions } from '../../db/schema.ts';
import { createPostgresDatabase, dropPostgresDatabase, TEST_DATA_KEY, TEST_KEYS, usingPostgres } from '../helpers/db.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/temp-postgres.ts';
import { activatedAccount, answerOnPhone, startLogin, type Activated } from '../helpers/token.ts';
import { browserRequest, type BrowserInit } from '../helpers/browser-request.ts';

type Client = { origin: string; request(path: string, init?: BrowserInit): Promise<Response> };

let cluster: Cluster;
let database: Database;
let databaseUrl: string;
let server: TempPostgres | undefined;
let agent: Agent;
let dataDir: string;
let mail: MailCatcher | undefined;
const logs: string[] = [];

/** A browser on the cluster's origin: `base` is nginx, or one instance's own port (with nginx's headers). */
function client(base: string): Client {
  const origin = cluster.origin;
  return {
    origin,
    request: browserRequest(origin, async (path, init) => {
      const headers = new Headers(init.headers);
      if (base !== origin) headers.set('x-forwarded-for', `${headers.get('x-forwarded-for') ?? '10.5.0.1'}, 127.0.0.1`);
      const res = await fetch(base + path, { method: init.method, headers: Object.fromEntries(headers), body: init.body as string | undefined, dispatcher: agent });
      return res as unknown as Response;
    }),
  };
}
const viaNginx = () => client(cluster.origin);
const direct = (instance: ClusterInstance) => client(`http://127.0.0.1:${instance.port}`);

const scrape = async (instance: ClusterInstance) => (await fetch(`http://127.0.0.1:${instance.metricsPort}/metrics`)).text();

/** Live channels open on an instance, from its Prometheus figures. */
async function liveChannels(instance: ClusterInstance): Promise<number> {
  return Number(/^softtoken_live_channels_open(?:\{[^}]*\})? (\d+)/m.exec(await scrape(instance))?.[1] ?? NaN);
}

/** Desktop logins with this outcome, summed over every instance's /metrics (each counts what it handled). */
async function loginsCounted(outcome: string): Promise<number> {
  const texts = await Promise.all(cluster.instances.map(scrape));
  const line = new RegExp(`^softtoken_logins_total\\{[^}]*outcome="${outcome}"[^}]*purpose="login"[^}]*\\} (\\d+)`, 'm');
  return texts.reduce((sum, text) => sum + Number(line.exec(text)?.[1] ?? NaN), 0);
}

/** The instance holding the one live channel open in the cluster. */
async function channelHolder(): Promise<ClusterInstance> {
  for (let i = 0; i < 100; i++) {
    const counts = await Promise.all(cluster.instances.map(liveChannels));
    const holders = cluster.instances.filter((_, n) => counts[n] === 1);
    if (holders.length === 1 && counts.reduce((a, b) => a + b, 0) === 1) return holders[0]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no single instance holds the live channel');
}

/**
 * The desktop's live status as a browser's EventSource follows it: through nginx, reconnecting
 * after the server's `retry` hint (or 1 s) whenever the stream ends or fails, until a final status.
 */
async function followLogin(c: Client, id: string, binding: string, opts: { onStatus?: (status: string) => void; deadlineMs?: number } = {}) {
  const until = Date.now() + (opts.deadlineMs ?? 60_000);
  let retryMs = 1000;
  let connects = 0;
  while (Date.now() < until) {
    connects++;
    try {
      const res = await c.request(`/api/login-requests/${id}/events`, { headers: { cookie: binding, accept: 'text/event-stream' } });
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new Error(`events: ${res.status}`);
      }
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let sep: number;
        while ((sep = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, sep);
          buffer = buffer.slice(sep + 2);
          const retry = /^retry: ?(\d+)$/m.exec(block)?.[1];
          if (retry) retryMs = Number(retry);
          if (/^event: ?status$/m.test(block)) {
            const status = /^data: ?(.*)$/m.exec(block)?.[1] ?? '';
            opts.onStatus?.(status);
            if (status !== 'pending') {
              await reader.cancel().catch(() => {});
              return { status, connects };
            }
          }
        }
      }
    } catch {
      // The instance went away mid-stream, or nginx answered an error: reconnect, as EventSource does.
    }
    await new Promise((r) => setTimeout(r, retryMs));
  }
  throw new Error(`login ${id}: no final status after ${connects} connections`);
}

function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A desktop whose password was accepted, waiting on its live channel (through nginx): which instance holds it. */
async function desktopWaiting() {
  const nginx = viaNginx();
  const a = await activatedAccount(nginx, database);
  const login = await startLogin(nginx, a.username, a.password);
  expect(login.res.status).toBe(200);
  let pending!: () => void;
  const subscribed = new Promise<void>((r) => { pending = r; });
  const followed = followLogin(nginx, login.body.requestId, login.binding, { onStatus: (s) => { if (s === 'pending') pending(); } });
  await subscribed;
  return { nginx, a, login, followed, holder: await channelHolder() };
}

const sessionIn = (res: Response) => res.headers.getSetCookie().some((c) => /^__Host-st_session=/.test(c));

beforeAll(async () => {
  // Every instance is a process of its own: PostgreSQL is the one shared part (PGlite cannot be).
  if (usingPostgres) databaseUrl = (await createPostgresDatabase('softtoken_cluster'))!;
  else {
    server = await startTempPostgres();
    databaseUrl = server.url;
  }
  dataDir = mkdtempSync(join(tmpdir(), 'softtoken-cluster-'));
  // One mail catcher for every instance, as npm run cluster has (on a free port): mail is delivered, never left queued.
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  cluster = await startCluster({
    databaseUrl, dataDir, instances: 2, devServices: false,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_KEY: TEST_DATA_KEY, SHUTDOWN_TIMEOUT_SECONDS: '10', SMTP_URL: mail.smtpUrl },
    output: (source, line) => { logs.push(`[${source}] ${line}`); if (logs.length > 2000) logs.shift(); },
  });
  agent = new Agent({ connect: { ca: cluster.certificate } });
  // The test's own connection, to seed accounts: the same key-encryption key as the instances.
  database = await openDatabase({ url: databaseUrl, keys: TEST_KEYS, poolSize: 2 });
}, 180_000);

afterEach(({ task }) => {
  // On failure: what nginx logged besides the expected refusals, and the last lines of all.
  if (task.result?.state === 'fail') {
    console.log(logs.filter((l) => l.startsWith('[nginx]') && !l.includes('(111: Connection refused)')).join('\n'));
    console.log(logs.slice(-40).join('\n'));
  }
});

afterAll(async () => {
  await cluster?.stop();
  await database?.close();
  await agent?.close();
  await mail?.close();
  if (server) await server.destroy();
  else if (databaseUrl) await dropPostgresDatabase(databaseUrl);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('two API instances behind nginx on one PostgreSQL database', () => {
  it('should serve one https origin over HTTP/2 and keep /metrics inside', async () => {
    const alpn = await new Promise<string | false | null>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: Number(new URL(cluster.origin).port), servername: 'localhost', ca: cluster.certificate, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
        resolve(socket.alpnProtocol);
        socket.end();
      }).once('error', reject);
    });
    expect(alpn).toBe('h2');
    expect((await viaNginx().request('/api/health')).status).toBe(200);
    expect((await viaNginx().request('/metrics')).status).toBe(404);
    const plain = await fetch(`${cluster.httpOrigin}/officer?x=1`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`${cluster.origin}/officer?x=1`);
  });

  it('should give a desktop waiting on one instance the approval the phone sends through the other', async () => {
    const before = { started: await loginsCounted('started'), approved: await loginsCounted('approved') };
    const { nginx, a, login, followed, holder } = await desktopWaiting();
    const other = cluster.instances.find((i) => i !== holder)!;

    const { res } = await answerOnPhone(direct(other), a, login.body.requestId, () => login.body.picture);
    expect(res.status).toBe(200);
    expect(await followed).toEqual({ status: 'approved', connects: 1 });
    const done = await nginx.request(`/api/login-requests/${login.body.requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } });
    expect(done.status).toBe(200);
    expect(sessionIn(done)).toBe(true);
    // What an operator's Prometheus scrapes from each instance shows this login, once.
    expect({ started: await loginsCounted('started'), approved: await loginsCounted('approved') })
      .toEqual({ started: before.started + 1, approved: before.approved + 1 });
    // nginx appended the address it saw to X-Forwarded-For: the session records that one, not what the client wrote.
    const rows = await database.db.select({ ip: sessions.ip }).from(sessions).where(eq(sessions.accountId, a.account.id));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(['127.0.0.1']));
  }, 60_000);

  it('should complete a login through the other instance when the one holding the desktop is killed', async () => {
    const { nginx, a, login, followed, holder } = await desktopWaiting();

    await holder.kill('SIGKILL');
    try {
      const { res } = await answerOnPhone(nginx, a, login.body.requestId, () => login.body.picture);
      expect(res.status).toBe(200);
      const result = await followed;
      expect(result.status).toBe('approved');
      expect(result.connects).toBeGreaterThan(1); // the desktop lost its channel and came back through nginx
      const done = await nginx.request(`/api/login-requests/${login.body.requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } });
      expect(done.status).toBe(200);
      expect(sessionIn(done)).toBe(true);
    } finally {
      await holder.restart(); // the next test starts with both instances
    }
  }, 120_000);

  it('should lose no login while each instance in turn is restarted with SIGTERM', async () => {
    const nginx = viaNginx();
    const desktops: Activated[] = [];
    for (let i = 0; i < 3; i++) desktops.push(await activatedAccount(nginx, database));
    let restarting = true;
    let started = 0;
    let completed = 0;
    const failures: string[] = [];

    const loop = async (a: Activated, ip: string) => {
      while (restarting) {
        let step = 'login';
        try {
          const login = await startLogin(nginx, a.username, a.password, ip);
          if (login.res.status !== 200) throw new Error(`${login.res.status}`);
          started++;
          step = 'approve';
          const followed = followLogin(nginx, login.body.requestId, login.binding, { deadlineMs: 60_000 });
          const { res } = await answerOnPhone(nginx, a, login.body.requestId, () => login.body.picture);
          if (res.status !== 200) throw new Error(`${res.status}`);
          step = 'live status';
          const { status } = await followed;
          if (status !== 'approved') throw new Error(status);
          step = 'complete';
          const done = await nginx.request(`/api/login-requests/${login.body.requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } });
          if (done.status !== 200 || !sessionIn(done)) throw new Error(`${done.status}`);
          completed++;
        } catch (err) {
          failures.push(`${step}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    };
    const stream = desktops.map((a, n) => loop(a, `10.5.1.${n + 1}`));

    const restartedAt: number[] = [];
    for (const instance of cluster.instances) {
      const before = started;
      // A graceful stop ends within SHUTDOWN_TIMEOUT_SECONDS (10 here); this bound only keeps a hang from stalling the suite.
      await within(instance.kill('SIGTERM'), 30_000, `${instance.name} did not exit after SIGTERM`);
      await instance.restart();
      restartedAt.push(started - before);
    }
    restarting = false;
    await Promise.all(stream);

    expect(failures).toEqual([]);
    expect(completed).toBe(started);
    // Logins were really under way while each instance went down and came back.
    expect(restartedAt.every((n) => n > 0)).toBe(true);
  }, 150_000);
});
