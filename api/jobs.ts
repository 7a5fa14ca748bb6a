/**
 * Background jobs. Every instance runs every job, and no instance is special: each job takes its
 * work in PostgreSQL (how, job by job, in `backgroundJobs`), so instances running a job at the
 * same moment do it once between them, and what an instance that died left undone is done by the
 * next pass anywhere. The mail outbox has its own worker (services/mail.ts: row claims with a
 * lease); the expiry of a login request a desktop waits on, its own timer (services/expiry.ts).
 */
import type { Deps } from './deps.ts';
import { sendDueReminders } from './domain/reminders.ts';
import { deleteExpiredActivationChallenges } from './domain/activation.ts';
import { forgetStaleBrowsers } from './domain/known-browsers.ts';
import { sweepOverdueLoginRequests } from './domain/login-requests.ts';
import { deleteExpiredPasskeyLoginChallenges } from './domain/passkey-login.ts';
import { deleteExpiredSessions } from './domain/sessions.ts';
import { deleteExpiredOidcRecords } from '../db/queries/oidc.ts';
import { forgetQuietFailures } from './domain/throttle.ts';
import { purgeExpiredPersonalData } from './domain/retention.ts';
import { expiryReminderPush } from './lib/messages.ts';

export type Job = { name: string; everyMs: number; run(): Promise<void> };

type JobDeps = Pick<Deps, 'config' | 'database' | 'clock' | 'log' | 'push' | 'metrics'>;

const HOUR_MS = 3600_000;
/** Overdue login requests whose desktop's instance died are expired within this. */
const SWEEP_MS = 30_000;
/** The first pass waits for the instance to settle in. */
const FIRST_PASS_MS = 5_000;

/** Every job, in the order a pass runs them, and how often each is due. */
export function backgroundJobs(deps: JobDeps): Job[] {
  const { config, database, clock, log, push, metrics } = deps;
  const db = database.db;
  return [
    {
      // Once: an advisory lock per pass (the others skip) and the conditional UPDATE pending → expired.
      // Dies mid-way: its transaction rolls back; the next pass on any instance expires them.
      name: 'login-request-expiry', everyMs: SWEEP_MS,
      async run() {
        const swept = await db.transaction((tx) => sweepOverdueLoginRequests(tx, clock));
        if (!swept.ok || !swept.expired.length) return;
        for (const { purpose } of swept.expired) metrics.logins.inc({ outcome: 'expired', purpose });
        log.info({ expired: swept.expired.length }, 'login requests: overdue ones expired');
      },
    },
    {
      // Once: each reminder's row (ON CONFLICT DO NOTHING) commits with its mail in the outbox.
      // The push follows the commit, best effort: a crash in between loses the push only, and the
      // mail, the validity notice at the next login and the next threshold's reminder still come.
      name: 'expiry-reminders', everyMs: HOUR_MS,
      async run() {
        const won = await db.transaction((tx) => sendDueReminders(tx, clock));
        for (const r of won) {
          await push.send(db, r.authenticatorId, {
            type: 'renew', ...expiryReminderPush(r.daysLeft),
          }, 24 * 3600).catch((err) => log.warn({ err }, 'reminder push failed'));
        }
        if (won.length) log.info({ reminders: won.length }, 'expiry reminders queued');
      },
    },
    // Clean-ups: each a DELETE of what has expired, recording nothing. At once on two instances,
    // a row goes once (the second DELETE finds it gone); half done, the next pass deletes the rest.
    { name: 'expired-sessions', everyMs: HOUR_MS, run: () => deleteExpiredSessions(db, clock) },
    { name: 'expired-oidc-records', everyMs: HOUR_MS, run: async () => { await deleteExpiredOidcRecords(db, clock.now()); } },
    { name: 'quiet-login-failures', everyMs: HOUR_MS, run: () => forgetQuietFailures(db, clock) },
    { name: 'stale-browsers', everyMs: HOUR_MS, run: () => forgetStaleBrowsers(db, clock) },
    { name: 'expired-activation-challenges', everyMs: HOUR_MS, run: () => deleteExpiredActivationChallenges(db, clock) },
    { name: 'expired-passkey-challenges', everyMs: HOUR_MS, run: () => deleteExpiredPasskeyLoginChallenges(db, clock) },
    {
      // Once: an advisory lock per pass (the others answer 'busy'), one transaction, one audit row.
      // Dies mid-way: nothing is deleted (rolled back); the next pass does it all.
      name: 'retention', everyMs: HOUR_MS,
      async run() {
        const purged = await db.transaction((tx) => purgeExpiredPersonalData(tx, clock, config.retentionDays));
        if (purged.ok && purged.total) log.info({ retention: purged.counts }, 'retention: personal data deleted');
      },
    },
  ];
}

export type Scheduler = {
  /** Run every job now, in order, after any pass in progress (tests). */
  runOnce(): Promise<void>;
  /** Let the step in progress finish, skip the rest, start no more. */
  stop(): Promise<void>;
};

/** Run the jobs when due: one step at a time, a failed step logged and the next one run. */
export function startScheduler(deps: JobDeps): Scheduler {
  const { log } = deps;
  const jobs = backgroundJobs(deps);
  const lastRun = new Map<string, number>();
  let stopping = false;
  let busy = false;
  let passes = Promise.resolve();

  const pass = (due: () => Job[]) => {
    passes = passes.then(async () => {
      for (const job of due()) {
        if (stopping) return;
        lastRun.set(job.name, performance.now());
        await job.run().catch((err: unknown) => log.error({ err, job: job.name }, 'background job failed'));
      }
    });
    return passes;
  };
  // A tick finding a pass still running leaves the due jobs to the next tick.
  const tick = () => {
    if (busy || stopping) return;
    busy = true;
    void pass(() => {
      const now = performance.now();
      return jobs.filter((job) => now - (lastRun.get(job.name) ?? -Infinity) >= job.everyMs);
    }).finally(() => { busy = false; });
  };
  const timer = setInterval(tick, Math.min(...jobs.map((job) => job.everyMs)));
  timer.unref();
  const first = setTimeout(tick, FIRST_PASS_MS);
  first.unref();
  return {
    runOnce: () => pass(() => jobs),
    async stop() {
      stopping = true;
      clearTimeout(first);
      clearInterval(timer);
      await passes;
    },
  };
}
