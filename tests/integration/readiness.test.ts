/**
 * /api/ready, what a load balancer probes: each check the operator reads in its body, and the
 * LISTEN connection lost on its own (its backend terminated, reconnection refused for a while):
 * the instance says it is not ready, and a desktop waiting on a login still gets the approval the
 * phone sent meanwhile, because the live channel re-reads once the LISTEN is back.
 */
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rawRows, type Database } from '../../db/index.ts';
import { mailOutbox } from '../../db/schema.ts';
import { BUILD_MIGRATION } from '../../db/queries/readiness.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, TEST_KEYS, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { followEvents } from '../helpers/sse.ts';
import { activatedAccount, answerOnPhone, startLogin } from '../helpers/token.ts';

type Ready = { status: string; checks: Record<string, unknown> };

async function ready(t: ReturnType<typeof createTestApp>): Promise<{ status: number; body: Ready }> {
  const res = await t.request('/api/ready');
  return { status: res.status, body: (await res.json()) as Ready };
}

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
    expect(await ready(t)).toEqual({ status: 503, body: { status: 'not_ready', checks: { ...ALL_GOOD, draining: true } } });
    expect(await (await t.request('/api/health')).json()).toMatchObject({ status: 'ok' });
  });

  it('should not be ready while due mail waits untaken for minutes, and be ready when it is in hand or rescheduled', async () => {
    const t = createTestApp(tdb.database);
    const db = tdb.database.db;
    const [mail] = await db.insert(mailOutbox)
      .values({ to: 'stuck@example.test', subject: 's', text: 't', nextAttemptAt: sql`now() - interval '10 minutes'` })
      .returning();
    try {
      expect(await ready(t)).toEqual({ status: 503, body: { status: 'not_ready', checks: { ...ALL_GOOD, outbox: 'stuck' } } });
      // An instance is sending it (its claim runs).
      await db.update(mailOutbox).set({ lockedUntil: sql`now() + interval '1 minute'` }).where(eq(mailOutbox.id, mail!.id));
      expect((await ready(t)).status).toBe(200);
      // Its instance died: the claim lapsed and nobody took it again.
      await db.update(mailOutbox).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(mailOutbox.id, mail!.id));
      expect((await ready(t)).body.checks.outbox).toBe('stuck');
      // The mail server refused it: retried later, which is the outbox working, not stuck.
      await db.update(mailOutbox).set({ lockedUntil: null, attempts: 3, nextAttemptAt: sql`now() + interval '2 minutes'` }).where(eq(mailOutbox.id, mail!.id));
      expect((await ready(t)).status).toBe(200);
    } finally {
      await db.delete(mailOutbox).where(eq(mailOutbox.id, mail!.id));
    }
  });
});

if (usingPostgres) describe('readiness on PostgreSQL', () => {
  it('should not be ready when the database and this build disagree on the newest migration', async () => {
    const own = await createTestDatabase();
    try {
      const t = createTestApp(own.database);
      const db = own.database.db;
      expect((await ready(t)).status).toBe(200);
      // A newer build migrated the database: this older instance must leave the load balancer.
      await db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-a-newer-build', ${BUILD_MIGRATION + 1})`);
      expect(await ready(t)).toEqual({ status: 503, body: { status: 'not_ready', checks: { ...ALL_GOOD, migrations: 'newer' } } });
      await db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'from-a-newer-build'`);
      // The database lacks this build's newest migration.
      const [newest] = await rawRows(db, sql`delete from drizzle.__drizzle_migrations where created_at = ${BUILD_MIGRATION} returning hash`);
      expect((await ready(t)).body.checks.migrations).toBe('pending');
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

      expect(await ready(t)).toEqual({ status: 503, body: { status: 'not_ready', checks: { ...ALL_GOOD, listen: 'down' } } });
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
