/**
 * Background work runs once however many API instances run it ([SCALE]): two instances' outbox
 * workers and schedulers at the same time send each mail and each reminder once; mail claimed by
 * an instance killed mid-send is delivered by the other once the claim lapses; a login request
 * whose desktop's instance died is expired by the survivor's sweep, and the survivor hears it; a
 * scheduler stopped mid-pass finishes its step and leaves the rest to the next pass.
 */
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../api/dev/mailcatcher.ts';
import type { Deps } from '../../api/deps.ts';
import { startScheduler, type Scheduler } from '../../api/jobs.ts';
import { createLiveHub } from '../../api/services/live.ts';
import { loginRequestExpiry } from '../../api/services/expiry.ts';
import { claimDueMail, enqueueMail, startOutboxWorker, type OutboxWorker } from '../../api/services/mail.ts';
import { createMetrics } from '../../api/services/metrics.ts';
import { openDatabase } from '../../db/index.ts';
import { auditEvents, authenticators, loginRequests, mailOutbox, oidcRecords, sessions } from '../../db/schema.ts';
import { newAccount } from '../helpers/accounts.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, TEST_DATA_KEY, TEST_KEYS, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { followEvents } from '../helpers/sse.ts';
import { activatedAccount, startLogin, type Activated } from '../helpers/token.ts';

const DAY_MS = 86_400_000;

/** What each test started, stopped after it whatever happened. */
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean().catch(() => {});
});

async function testDatabase(): Promise<TestDatabase> {
  const tdb = await createTestDatabase();
  cleanups.push(() => tdb.drop());
  return tdb;
}

/**
 * A second API instance on the same database: its own pool, LISTEN connection and live hub, the
 * same clock. On PGlite (one process) it shares the first one's database.
 */
async function secondInstance(first: Deps, url: string | undefined, name: string): Promise<Deps> {
  let database = first.database;
  if (url) {
    const own = await openDatabase({ url, keys: TEST_KEYS });
    cleanups.push(() => own.close());
    database = own;
  }
  const live = createLiveHub(database);
  cleanups.push(() => live.close());
  return { ...first, database, live, metrics: createMetrics(name) };
}

async function catcher(): Promise<MailCatcher> {
  const c = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  cleanups.push(() => c.close());
  return c;
}

async function worker(deps: Deps): Promise<OutboxWorker> {
  const w = await startOutboxWorker(deps);
  cleanups.push(() => w.stop());
  return w;
}

function scheduler(deps: Deps): Scheduler {
  const s = startScheduler(deps);
  cleanups.push(() => s.stop());
  return s;
}

const expiredCount = async (deps: Deps) =>
  (await deps.metrics.logins.get()).values.filter((v) => v.labels.outcome === 'expired').reduce((sum, v) => sum + v.value, 0);

/** An SMTP server that takes a message's DATA and never answers it: a send that hangs. */
async function stallingSmtp() {
  const seen = new EventEmitter();
  let started = 0;
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false,
    onData(stream) {
      stream.resume();
      started += 1;
      seen.emit('data');
    },
  });
  // The sender's connections end by a reset when its process is killed: expected here.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    started: () => started,
    /** Resolves once `n` messages are in the middle of being sent here. */
    async dataStarted(n: number) { while (started < n) await once(seen, 'data'); },
  };
}

// PGlite is single-process: two instances need PostgreSQL (as CI runs it).
if (usingPostgres) describe('background jobs on two instances', () => {
  it('should send each queued mail and each due reminder exactly once while two instances run the outbox and the jobs at once', async () => {
    const tdb = await testDatabase();
    const mail = await catcher();
    const one = createTestApp(tdb.database, { SMTP_URL: mail.smtpUrl });
    const two = await secondInstance(one.deps, tdb.url, 'two');
    const holders: Activated[] = [];
    for (let i = 0; i < 3; i += 1) holders.push(await activatedAccount(one, tdb.database));
    const tokens = await tdb.database.db.select().from(authenticators)
      .where(inArray(authenticators.accountId, holders.map((h) => h.account.id)));
    const expiry = Math.min(...tokens.map((tk) => tk.validUntil.getTime()));

    const instances = [one.deps, two];
    const workers = [await worker(one.deps), await worker(two)];
    const schedulers = instances.map(scheduler);
    const subjects: string[] = [];
    // Mail queued by both instances while both workers run: each NOTIFY wakes both workers.
    const queueFrom = (deps: Deps, name: string, round: number) => Promise.all([0, 1, 2, 3, 4].map((i) => {
      const subject = `jobs-once ${name} ${round}.${i}`;
      subjects.push(subject);
      return deps.database.db.transaction((tx) => enqueueMail(tx, { to: `queue${i}@example.go.th`, subject, text: subject }));
    }));
    const everything = (round: number) => Promise.all([
      ...schedulers.map((s) => s.runOnce()), ...schedulers.map((s) => s.runOnce()),
      queueFrom(one.deps, 'one', round), queueFrom(two, 'two', round),
      ...workers.map((w) => w.drain()), ...workers.map((w) => w.drain()),
    ]);

    // A week before the tokens end, then a day before: one reminder each time for each holder.
    one.clock.set(new Date(expiry - 7 * DAY_MS - 3600_000));
    await everything(1);
    await everything(2);
    one.clock.set(new Date(expiry - 1 * DAY_MS - 3600_000));
    await everything(3);
    await everything(4);

    const reminders = (email: string) => mail.messages().filter((m) => m.to.includes(email) && m.subject.startsWith('แจ้งเตือน Soft Token'));
    const ours = () => mail.messages().filter((m) => m.subject.startsWith('jobs-once '));
    await expect.poll(() => ours().length + holders.flatMap((h) => reminders(h.email)).length, { timeout: 30_000 })
      .toBe(subjects.length + holders.length * 2);
    // Room for a duplicate to show up: more passes everywhere, then none left running.
    await everything(5);
    await expect.poll(() => ours().length, { timeout: 30_000 }).toBe(subjects.length);
    await Promise.all([...workers.map((w) => w.stop()), ...schedulers.map((s) => s.stop())]);

    expect(ours().map((m) => m.subject).sort()).toEqual([...subjects].sort());
    for (const h of holders) {
      expect(reminders(h.email).map((m) => m.subject).sort(), h.username).toEqual([
        expect.stringContaining('อีก 1 วัน'), expect.stringContaining('อีก 7 วัน'),
      ]);
      const audited = await tdb.database.db.select().from(auditEvents)
        .where(and(eq(auditEvents.subjectAccountId, h.account.id), eq(auditEvents.action, 'token.reminder')));
      expect(audited, h.username).toHaveLength(2);
    }
    const [unsent] = await tdb.database.db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox).where(sql`${mailOutbox.sentAt} is null`);
    expect(unsent!.n).toBe(0);
  }, 120_000);

  it('should deliver, once, the mail an instance claimed and was killed sending, only after its claim lapses', async () => {
    const tdb = await testDatabase();
    const stalling = await stallingSmtp();
    const mail = await catcher();
    const claimSeconds = 8;
    const recipients = ['left1@example.go.th', 'left2@example.go.th', 'left3@example.go.th'];
    for (const to of recipients) await enqueueMail(tdb.database.db, { to, subject: `left behind ${to}`, text: 'x' });
    const ids = (await tdb.database.db.select({ id: mailOutbox.id }).from(mailOutbox)).map((r) => r.id);
    expect(ids).toHaveLength(3);

    // Instance A: a process of its own, whose mail server takes the messages and never answers.
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/mail-worker-child.ts'], {
      env: {
        ...process.env, NODE_ENV: 'test', PUBLIC_ORIGIN: TEST_ORIGIN, LOG_LEVEL: 'silent', DATABASE_URL: tdb.url,
        DATA_KEY: TEST_DATA_KEY, SMTP_URL: stalling.url, JOB_CLAIM_SECONDS: String(claimSeconds),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = once(child, 'exit');
    cleanups.push(async () => { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await exited; } });
    await Promise.race([
      stalling.dataStarted(ids.length),
      exited.then(() => { throw new Error(`the worker process ended before sending: ${stderr}`); }),
    ]);

    // Mid-send: every row is claimed by A. A is killed.
    const claimed = await tdb.database.db.select().from(mailOutbox).where(inArray(mailOutbox.id, ids));
    expect(claimed.map((r) => r.lockedUntil)).not.toContain(null);
    child.kill('SIGKILL');
    await exited;

    // While A's claim holds (by the database's clock, fixed within a transaction), nobody takes the rows.
    await tdb.database.db.transaction(async (tx) => {
      const [held] = await tx.select({ n: sql<number>`count(*)::int` }).from(mailOutbox)
        .where(and(inArray(mailOutbox.id, ids), sql`${mailOutbox.lockedUntil} > now()`));
      if (held!.n !== ids.length) return; // a very slow machine: the claim has already lapsed
      expect(await claimDueMail(tx, claimSeconds)).toEqual([]);
    });

    // Instance B, alive, with a mail server that answers: it delivers them once A's claim has lapsed.
    const b = createTestApp(tdb.database, { SMTP_URL: mail.smtpUrl, JOB_CLAIM_SECONDS: String(claimSeconds) });
    const survivor = await worker(b.deps);
    await expect.poll(async () => { await survivor.drain(); return mail.messages().length; }, { timeout: 60_000, interval: 500 }).toBe(ids.length);
    await survivor.drain();
    await survivor.stop();

    const got = mail.messages();
    for (const to of recipients) expect(got.filter((m) => m.to.includes(to)), to).toHaveLength(1);
    expect(stalling.started()).toBe(ids.length); // A's sends never went further than the stalled DATA
    const done = await tdb.database.db.select().from(mailOutbox).where(inArray(mailOutbox.id, ids));
    for (const row of done) {
      const lease = claimed.find((r) => r.id === row.id)!.lockedUntil!;
      expect(row.sentAt).toBeInstanceOf(Date);
      // In the database's order of events: sent after A's claim ran out, and A's try never counted as a failure.
      expect(row.sentAt!.getTime()).toBeGreaterThanOrEqual(lease.getTime());
      expect(row).toMatchObject({ attempts: 0, lockedUntil: null, lastError: null });
    }
  }, 120_000);

  it('should let the step in progress finish and leave the rest to the next pass when stopped', async () => {
    const tdb = await testDatabase();
    const t = createTestApp(tdb.database);
    const { account } = await newAccount(tdb.database);
    const past = new Date(t.clock.now().getTime() - 3600_000);
    await tdb.database.db.insert(sessions).values({ idHash: 'stopped-pass', accountId: account.id, kind: 'portal', expiresAt: past });
    await tdb.database.db.insert(oidcRecords).values({ model: 'Grant', idHash: 'stopped-pass', payload: {}, expiresAt: past });
    const left = async () => ({
      sessions: (await tdb.database.db.select().from(sessions).where(eq(sessions.idHash, 'stopped-pass'))).length,
      oidcRecords: (await tdb.database.db.select().from(oidcRecords).where(eq(oidcRecords.idHash, 'stopped-pass'))).length,
    });

    // Another connection holds the sessions table: the pass waits in its expired-sessions step.
    const other = postgres(tdb.url!, { max: 2, onnotice: () => {} }); // one holds the lock, one looks on
    cleanups.push(() => other.end());
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    cleanups.push(() => Promise.resolve(release()));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => { locked = resolve; });
    const holding = other.begin(async (tx) => {
      await tx`lock table sessions in access exclusive mode`;
      locked();
      await released;
    });
    await isLocked;
    const s = scheduler(t.deps);
    const pass = s.runOnce();
    await expect.poll(async () => (await other`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query like 'delete from "sessions"%'`)[0]!.n, { timeout: 30_000 }).toBe(1);

    // SIGTERM now: the step in progress finishes once it can; the next steps do not start.
    const stopped = s.stop();
    release();
    await holding;
    await stopped;
    await pass;
    expect(await left()).toEqual({ sessions: 0, oidcRecords: 1 });

    // The next pass, on any instance, does the rest.
    await scheduler(t.deps).runOnce();
    expect(await left()).toEqual({ sessions: 0, oidcRecords: 0 });
  }, 120_000);
});

describe('login-request expiry sweep', () => {
  it('should expire, once, a login request whose desktop waited on an instance that died, and tell the survivor', async () => {
    const tdb = await testDatabase();
    const a = createTestApp(tdb.database);
    const holder = await activatedAccount(a, tdb.database);
    const { body, binding } = await startLogin(a, holder.username, holder.password);
    const id: string = body.requestId;

    // The desktop waits on instance A, which arms its timer for the request, then A dies.
    const stream = await a.request(`/api/login-requests/${id}/events`, { headers: { cookie: binding } });
    expect(await followEvents(stream, () => true).first).toEqual({ event: 'status', data: 'pending' });
    loginRequestExpiry(a.deps).stop();

    // Two instances alive, neither with a live channel for the request: B listens for it, as its
    // live channels would. Both run their jobs at once once the request is past its time.
    const b = await secondInstance(a.deps, tdb.url, 'b');
    const c = await secondInstance(a.deps, tdb.url, 'c');
    const heard: string[] = [];
    const unsubscribe = await b.live.subscribe('login_request', id, (detail) => { heard.push(detail); });
    cleanups.push(() => Promise.resolve(unsubscribe()));
    a.clock.advance(2 * 60_000 + 1);
    await Promise.all([scheduler(b).runOnce(), scheduler(c).runOnce()]);

    await expect.poll(() => heard, { timeout: 10_000 }).toContain('expired');
    const [row] = await tdb.database.db.select().from(loginRequests).where(eq(loginRequests.id, id));
    expect(row!.status).toBe('expired');
    const audited = await tdb.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, 'login.request.expired')));
    expect(audited).toHaveLength(1);
    expect((await expiredCount(b)) + (await expiredCount(c))).toBe(1);

    // The desktop reconnects, through the load balancer, to B: it is told at once.
    const bApp = createTestApp(b.database);
    cleanups.push(() => bApp.deps.live.close());
    bApp.clock.set(a.clock.now());
    const again = await bApp.request(`/api/login-requests/${id}/events`, { headers: { cookie: binding } });
    expect(await followEvents(again, () => true).first).toEqual({ event: 'status', data: 'expired' });
  }, 120_000);
});
