/**
 * The durable mail outbox (R-10.2). Domain code enqueues mail in the same transaction as the
 * change it reports; a worker in every API instance delivers it over SMTP. Nothing is lost
 * while the mail server is down: a failed row stays queued and is retried with backoff.
 *
 * Times are the database's `now()`: rows are created with its default, and every instance
 * then agrees on what is due and how long a claim lasts.
 */
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import { notify, type Executor } from '../../db/index.ts';
import { mailOutbox } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';

export const MAIL_CHANNEL = 'mail_outbox';

/** A wake-up may be missed (a reconnect, a crash mid-send); the slow poll catches up. */
const POLL_MS = 5_000;
const BATCH = 10;

/**
 * The SMTP timeouts, fitted inside the claim (JOB_CLAIM_SECONDS): a send that hangs fails before
 * its lease lapses, so no other instance takes a row while it may still be delivered from here.
 * The default 120 s claim gives 10 s to connect, 10 s for the greeting and 30 s of silence.
 */
export function smtpTimeouts(claimSeconds: number) {
  const ms = claimSeconds * 1000;
  return { connectionTimeout: Math.min(10_000, ms / 4), greetingTimeout: Math.min(10_000, ms / 4), socketTimeout: Math.min(30_000, ms / 2) };
}

type MailOutbox = typeof mailOutbox.$inferSelect;

export type OutgoingMail = { to: string; subject: string; text: string; html?: string };

export type OutboxWorker = {
  stop(): Promise<void>;
  drain(): Promise<void>;
  /**
   * This instance's delivery is wedged: a pass has made no progress (no claim, no send finished)
   * for twice the claim lease, longer than any send may take (a statement blocked, a hung socket).
   */
  stuck(): boolean;
};

/** Queue a mail; inside a transaction the row and the wake-up both take effect on commit. */
export async function enqueueMail(ex: Executor, mail: OutgoingMail): Promise<void> {
  await ex.insert(mailOutbox).values({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  await notify(ex, MAIL_CHANNEL, '');
}

/** Wait before attempt n+1 after n failures: 30 s doubling, at most an hour. */
export function retryDelaySeconds(failures: number): number {
  return Math.min(30 * 2 ** Math.max(failures - 1, 0), 3600);
}

/**
 * Take up to `BATCH` due rows for this worker. SKIP LOCKED keeps concurrent instances off
 * each other's rows; `locked_until` keeps them off rows being sent after the statement ends,
 * for `claimSeconds`: rows of an instance that died are taken by another once it has passed.
 */
export async function claimDueMail(ex: Executor, claimSeconds: number): Promise<MailOutbox[]> {
  const now = sql`now()`;
  const due = ex.select({ id: mailOutbox.id }).from(mailOutbox)
    .where(and(
      isNull(mailOutbox.sentAt),
      lte(mailOutbox.nextAttemptAt, now),
      or(isNull(mailOutbox.lockedUntil), lt(mailOutbox.lockedUntil, now)),
    ))
    .orderBy(asc(mailOutbox.createdAt))
    .limit(BATCH)
    .for('update', { skipLocked: true });
  return ex.update(mailOutbox)
    .set({ lockedUntil: sql`now() + ${`${claimSeconds} seconds`}::interval` })
    .where(inArray(mailOutbox.id, due))
    .returning();
}

async function markSent(ex: Executor, id: string): Promise<void> {
  await ex.update(mailOutbox)
    .set({ sentAt: sql`now()`, lockedUntil: null, lastError: null })
    .where(eq(mailOutbox.id, id));
}

async function markFailed(ex: Executor, row: MailOutbox, error: string): Promise<void> {
  const failures = row.attempts + 1;
  await ex.update(mailOutbox)
    .set({
      attempts: failures,
      lastError: error.slice(0, 1000),
      nextAttemptAt: sql`now() + ${`${retryDelaySeconds(failures)} seconds`}::interval`,
      lockedUntil: null,
    })
    .where(eq(mailOutbox.id, row.id));
}

/**
 * Deliver queued mail: at once on NOTIFY, and every few seconds in case a wake-up was missed.
 * `drain()` delivers everything due now and resolves when done (tests, shutdown).
 * Needs only the configuration, database and logger (pass the whole `Deps`).
 */
export async function startOutboxWorker(deps: Pick<Deps, 'config' | 'database' | 'log'>): Promise<OutboxWorker> {
  const { config, database, log } = deps;
  const { smtpUrl, from } = config.mail;
  if (!smtpUrl) {
    log.warn('SMTP_URL is not set: mail stays queued in mail_outbox until a worker with SMTP starts');
    return { stop: async () => {}, drain: async () => {}, stuck: () => false };
  }

  const { jobClaimSeconds } = config.instance;
  const transport = createTransport({ url: smtpUrl, ...smtpTimeouts(jobClaimSeconds) });
  const db = database.db;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  /** When the running pass last moved (performance.now()). */
  let progressAt = 0;

  async function send(row: MailOutbox): Promise<void> {
    let failure: string | undefined;
    try {
      await transport.sendMail({ from, to: row.to, subject: row.subject, text: row.text, html: row.html ?? undefined });
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
    progressAt = performance.now();
    // Only an SMTP failure counts as a failed attempt; a database error here surfaces to the pass.
    if (failure === undefined) {
      await markSent(db, row.id);
      log.info({ mailId: row.id }, 'mail sent');
    } else {
      await markFailed(db, row, failure);
      log.warn({ mailId: row.id, attempts: row.attempts + 1, err: failure }, 'mail delivery failed, will retry');
    }
  }

  async function deliverDue(): Promise<void> {
    for (;;) {
      const rows = await claimDueMail(db, jobClaimSeconds);
      progressAt = performance.now();
      if (rows.length === 0) return;
      await Promise.all(rows.map(send));
      if (stopped) return;
    }
  }

  /** One delivery loop at a time; a wake-up during a loop runs it once more afterwards. */
  function wake(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    progressAt = performance.now();
    running = (async () => {
      do {
        again = false;
        try {
          await deliverDue();
        } catch (err) {
          log.error({ err }, 'mail outbox pass failed');
        }
      } while (again && !stopped);
    })().finally(() => { running = undefined; });
    return running;
  }

  // Back from a lost connection, mail queued meanwhile is due: look at once rather than at the next poll.
  const unlisten = await database.listen(MAIL_CHANNEL, () => { void wake(); }, () => { void wake(); });
  const poll = setInterval(() => { void wake(); }, POLL_MS);
  poll.unref();
  void wake();

  return {
    drain: wake,
    stuck: () => running !== undefined && performance.now() - progressAt > 2 * jobClaimSeconds * 1000,
    async stop() {
      stopped = true;
      clearInterval(poll);
      await unlisten().catch((err: unknown) => log.warn({ err }, 'mail outbox unlisten failed'));
      await running;
      transport.close();
    },
  };
}
