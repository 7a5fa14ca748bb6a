/**
 * /api/ready, what a load balancer probes: each check the operator reads in its body, and the
 * LISTEN connection lost on its own (its backend terminated, reconnection refused for a while):
 * the instance says it is not ready, and a desktop waiting on a login still gets the approval the
 * phone sent meanwhile, because the live channel re-reads once the LISTEN is back.
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rawRows, type Database } from '../../db/index.ts';
import { BUILD_MIGRATION } from '../../db/queries/readiness.ts';
import { createTestApp, testConfig } from '../helpers/app.ts';
import { createLogger } from '../../api/lib/log.ts';
import { startOutboxWorker, type OutboxWorker } from '../../api/services/mail.ts';
import { createReadiness } from '../../api/services/readiness.ts';
import { createTestDatabase, TEST_KEYS, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { followEvents } from '../helpers/sse.ts';
import { activatedAccount, answerOnPhone, startLogin } from '../helpers/token.ts';

type Ready = { status: string; checks: Record<string, unknown> };

async function ready(t: ReturnType<typeof createTestApp>): Promise<{ status: number; body: Ready }> {
  const res = await t.request('/api/ready');
  return { status: res.status, body: (await res.json()) as Ready };
}

/** A page that reads /api/ready words its 503 like any other error. */
const UNAVAILABLE = { code: 'unavailable', message: 'ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่ภายหลัง' };
const ALL_GOOD = { database: 'up', migrations: 'current', listen: 'up', outbox: 'ok', draining: false };

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

describe('readiness', () => {
  it('should be ready, naming every check, when the instance can serve', async () => {
    const t = createTestApp(tdb.database);
    expect(await ready(t)).toEqual({ status: 200, body: { status: 'ready', checks: ALL_GOOD } });
    expect((await t.request('/api/health')).status).toBe(200);
  });

  it('should stop being ready, while still alive, as soon as the instance drains', async () => {
    const t = createTestApp(tdb.database);
    t.deps.readiness.drain();
    expect(await ready(t)).toEqual({ status: 503, body: { ...UNAVAILABLE, status: 'not_ready', checks: { ...ALL_GOOD, draining: true } } });
    expect(await (await t.request('/api/health')).json()).toMatchObject({ status: 'ok' });
  });
});

if (usingPostgres) describe('readiness on PostgreSQL', () => {
  it('should not be ready while this instance\'s mail delivery is wedged, and be ready again once it moves', async () => {
    const own = await createTestDatabase();
    // A statement that never returns: the outbox table locked by someone else.
    const locker = postgres(own.url!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    let worker: OutboxWorker | undefined;
    try {
      const config = testConfig({ SMTP_URL: 'smtp://127.0.0.1:1', JOB_CLAIM_SECONDS: '1' });
      const deps = { config, database: own.database, log: createLogger('silent') };
      worker = await startOutboxWorker(deps);
      await worker.drain();
      const readiness = createReadiness(own.database, { outboxStuck: () => worker!.stuck() });
      expect((await readiness.check()).checks.outbox).toBe('ok');
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => { locked = resolve; });
      const held = locker.begin(async (tx) => {
        await tx`lock table mail_outbox in access exclusive mode`;
        locked();
        await new Promise<void>((resolve) => { release = resolve; });
      });
      await isLocked;
      const pass = worker.drain(); // its claim waits on the lock
      await expect.poll(async () => (await readiness.check()).checks.outbox, { timeout: 15_000, interval: 250 }).toBe('stuck');
      expect((await readiness.check()).ready).toBe(false);
      release();
      await held;
      await pass;
      expect(await readiness.check()).toMatchObject({ ready: true, checks: { outbox: 'ok' } });
      await readiness.close();
    } finally {
      release?.();
      await worker?.stop();
      await locker.end();
      await own.drop();
    }
  });

  it('should not be ready on a database that lacks this build\'s migrations, and stay ready on a newer build\'s', async () => {
    const own = await createTestDatabase();
    try {
      const t = createTestApp(own.database);
      const db = own.database.db;
      expect((await ready(t)).status).toBe(200);
      // A newer build migrated the database (rolling upgrade): its migrations only add, this older instance keeps serving.
      await db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-a-newer-build', ${BUILD_MIGRATION + 1})`);
      expect(await ready(t)).toEqual({ status: 200, body: { status: 'ready', checks: { ...ALL_GOOD, migrations: 'newer' } } });
      await db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'from-a-newer-build'`);
      // The database lacks this build's newest migration.
      const [newest] = await rawRows(db, sql`delete from drizzle.__drizzle_migrations where created_at = ${BUILD_MIGRATION} returning hash`);
      expect(await ready(t)).toEqual({ status: 503, body: { ...UNAVAILABLE, status: 'not_ready', checks: { ...ALL_GOOD, migrations: 'pending' } } });
      await db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${newest!.hash as string}, ${BUILD_MIGRATION})`);
      expect((await ready(t)).status).toBe(200);
    } finally {
      await own.drop();
    }
  });

  it('should deliver an approval sent while the LISTEN connection was down, and be unready until it is back', async () => {
    const name = new URL(tdb.url!).pathname.slice(1);
    const applicationName = `softtoken:listen-loss-${process.pid}`;
    // One instance: pooled connections and its LISTEN connection, named as the server names them.
    const instance: Database = await openDatabase({ url: tdb.url, keys: TEST_KEYS, poolSize: 4, applicationName });
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const t = createTestApp(instance, { TRUST_PROXY: 'true' });
      const a = await activatedAccount(t, instance);
      const { body, binding } = await startLogin(t, a.username, a.password);
      expect((await ready(t)).status).toBe(200);

      // The desktop waits for the phone.
      const res = await t.request(`/api/login-requests/${body.requestId}/events`, { headers: { cookie: binding } });
      const events = followEvents(res, (e) => e.event === 'status' && e.data !== 'pending', 20_000);
      expect(await events.first).toEqual({ event: 'status', data: 'pending' });

      // Every pooled connection open, then no new connection to the database: the LISTEN
      // connection, terminated alone, cannot come back until allowed again.
      await Promise.all(Array.from({ length: 4 }, () => instance.db.execute(sql`select pg_sleep(0.05)`)));
      await admin.unsafe(`alter database "${name}" allow_connections false`);
      const killed = await admin`
        select pg_terminate_backend(pid) from pg_stat_activity
        where datname = ${name} and application_name = ${applicationName} and query ilike 'listen%'`;
      expect(killed).toHaveLength(1);

      expect(await ready(t)).toEqual({ status: 503, body: { ...UNAVAILABLE, status: 'not_ready', checks: { ...ALL_GOOD, listen: 'down' } } });
      // The phone approves: its NOTIFY finds no LISTEN on this instance.
      const { res: approved } = await answerOnPhone(t, a, body.requestId, () => body.picture);
      expect(approved.status).toBe(200);
      expect((await ready(t)).body.checks.listen).toBe('down');

      await admin.unsafe(`alter database "${name}" allow_connections true`);
      // Back: re-subscribed, the channel re-reads the request and the desktop sees it approved.
      const seen = await events.all;
      expect(seen.at(-1)).toEqual({ event: 'status', data: 'approved' });
      await expect.poll(async () => (await ready(t)).status, { timeout: 10_000, interval: 200 }).toBe(200);
      const done = await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: binding } });
      expect(done.status).toBe(200);
    } finally {
      await admin.unsafe(`alter database "${name}" allow_connections true`).catch(() => {});
      await admin.end();
      await instance.close();
    }
  });
});
