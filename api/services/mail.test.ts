import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/index.ts';
import { mailOutbox } from '../../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/db.ts';
import { loadConfig } from '../config.ts';
import type { Deps } from '../deps.ts';
import { startMailCatcher, type MailCatcher } from '../dev/mailcatcher.ts';
import { createLogger } from '../lib/log.ts';
import { enqueueMail, retryDelaySeconds, smtpTimeouts, startOutboxWorker, type OutboxWorker } from './mail.ts';

function depsFor(database: Database, smtpUrl: string | undefined): Pick<Deps, 'config' | 'database' | 'log'> {
  const config = loadConfig({ NODE_ENV: 'test', ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}) });
  return { config, database, log: createLogger('silent') };
}

/** A port nothing listens on (yet): the "mail server is down" case. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function outboxRows(database: Database) {
  return database.db.select().from(mailOutbox).orderBy(mailOutbox.createdAt);
}

describe('retryDelaySeconds', () => {
  it('should double from 30 s and stop at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(8)).toBe(3600);
    expect(retryDelaySeconds(50)).toBe(3600);
  });
});

describe('smtpTimeouts', () => {
  it('should give up on a hung send before its claim lapses, whatever JOB_CLAIM_SECONDS is', () => {
    expect(smtpTimeouts(120)).toEqual({ connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    for (const claim of [1, 8, 60, 120, 3600]) {
      const t = smtpTimeouts(claim);
      expect(t.connectionTimeout + t.greetingTimeout + t.socketTimeout, `claim ${claim} s`).toBeLessThanOrEqual(claim * 1000);
    }
  });
});

describe('mail outbox', () => {
  let tdb: TestDatabase;
  let catcher: MailCatcher | undefined;
  const workers: OutboxWorker[] = [];
  const extraDatabases: Database[] = [];

  // One database for the file; each test starts from an empty outbox.
  beforeAll(async () => { tdb = await createTestDatabase(); });
  afterAll(async () => { await tdb.drop(); });
  beforeEach(async () => { await tdb.database.db.delete(mailOutbox); });
  afterEach(async () => {
    await stopWorkers();
    for (const d of extraDatabases.splice(0)) await d.close();
    await catcher?.close();
    catcher = undefined;
  });

  /** Stopping waits for a pass in flight: after it, every send that was going to happen has happened. */
  async function stopWorkers() {
    for (const w of workers.splice(0)) await w.stop();
  }

  async function worker(database: Database, smtpUrl: string | undefined) {
    const w = await startOutboxWorker(depsFor(database, smtpUrl));
    workers.push(w);
    return w;
  }

  it('should deliver a queued mail with its Thai subject as soon as it is committed', async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
    await worker(tdb.database, catcher.smtpUrl);
    const subject = 'Soft Token: รหัสยืนยันอีเมลของท่าน';
    await tdb.database.db.transaction(async (tx) => {
      await enqueueMail(tx, { to: 'somchai@example.go.th', subject, text: 'รหัสยืนยันของท่านคือ 482913 ใช้ได้ 5 นาที' });
    });
    // Well under the 5 s safety poll: the NOTIFY woke the worker.
    const mail = await catcher.waitFor((m) => m.subject === subject, 3000);
    expect(mail).toMatchObject({ to: ['somchai@example.go.th'], text: 'รหัสยืนยันของท่านคือ 482913 ใช้ได้ 5 นาที' });
    expect(mail.from).toContain('no-reply@softtoken.local');
    await expect.poll(async () => (await outboxRows(tdb.database))[0]?.sentAt).toBeInstanceOf(Date);
  });

  it('should keep mail queued with the error when the mail server is down, and deliver it later', async () => {
    const port = await freePort();
    const w = await worker(tdb.database, `smtp://127.0.0.1:${port}`);
    await enqueueMail(tdb.database.db, { to: 'malee@example.go.th', subject: 'แจ้งผลการอนุมัติ', text: 'อนุมัติแล้ว', html: '<p>อนุมัติแล้ว</p>' });
    await w.drain();

    const [failed] = await outboxRows(tdb.database);
    expect(failed).toMatchObject({ attempts: 1, sentAt: null, lockedUntil: null });
    expect(failed!.lastError).toBeTruthy();
    const [{ wait }] = (await tdb.database.db
      .select({ wait: sql<number>`extract(epoch from ${mailOutbox.nextAttemptAt} - now())::float8` })
      .from(mailOutbox)) as [{ wait: number }];
    expect(wait).toBeGreaterThan(20);
    expect(wait).toBeLessThanOrEqual(30);

    // Not due yet: another pass leaves it alone.
    await w.drain();
    expect((await outboxRows(tdb.database))[0]!.attempts).toBe(1);

    catcher = await startMailCatcher({ smtpPort: port, httpPort: 0, host: '127.0.0.1' });
    await tdb.database.db.update(mailOutbox).set({ nextAttemptAt: sql`now()` }).where(eq(mailOutbox.id, failed!.id));
    await w.drain();

    expect(catcher.messages()).toHaveLength(1);
    expect(catcher.messages()[0]).toMatchObject({ subject: 'แจ้งผลการอนุมัติ', html: '<p>อนุมัติแล้ว</p>' });
    const [sent] = await outboxRows(tdb.database);
    expect(sent).toMatchObject({ attempts: 1, lastError: null, lockedUntil: null });
    expect(sent!.sentAt).toBeInstanceOf(Date);
  });

  it('should deliver each mail exactly once when two workers share the database', async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
    // On PostgreSQL the second worker gets its own connection pool, as a second instance would.
    const second = tdb.url ? await openDatabase({ url: tdb.url }) : tdb.database;
    if (second !== tdb.database) extraDatabases.push(second);
    const count = 25;
    await tdb.database.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await enqueueMail(tx, { to: `user${i}@example.com`, subject: `ฉบับที่ ${i}`, text: `ข้อความ ${i}` });
    });
    const [a, b] = await Promise.all([worker(tdb.database, catcher.smtpUrl), worker(second, catcher.smtpUrl)]);
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    await expect.poll(() => catcher!.messages().length).toBe(count);

    await stopWorkers(); // any duplicate has reached the catcher by now
    const subjects = catcher.messages().map((m) => m.subject);
    expect(subjects).toHaveLength(count);
    expect(new Set(subjects).size).toBe(count);
    const rows = await outboxRows(tdb.database);
    expect(rows.every((r) => r.sentAt !== null && r.attempts === 0)).toBe(true);
  });

  it('should leave mail queued when no SMTP server is configured', async () => {
    const w = await worker(tdb.database, undefined);
    await enqueueMail(tdb.database.db, { to: 'x@example.com', subject: 'รอส่ง', text: 'queued' });
    await w.drain();
    const [row] = await outboxRows(tdb.database);
    expect(row).toMatchObject({ sentAt: null, attempts: 0 });
  });
});
