/**
 * Periodic jobs, safe with any number of API instances: each job claims its work in the
 * database (see sendDueReminders), so running it everywhere is harmless. Retention runs
 * under an advisory lock: one instance's pass at a time, the others skip it.
 */
import type { Deps } from './deps.ts';
import { sendDueReminders } from './domain/reminders.ts';
import { deleteExpiredActivationChallenges } from './domain/activation.ts';
import { forgetStaleBrowsers } from './domain/known-browsers.ts';
import { deleteExpiredPasskeyLoginChallenges } from './domain/passkey-login.ts';
import { deleteExpiredSessions } from './domain/sessions.ts';
import { deleteExpiredOidcRecords } from '../db/queries/oidc.ts';
import { forgetQuietFailures } from './domain/throttle.ts';
import { purgeExpiredPersonalData } from './domain/retention.ts';
import { expiryReminderPush } from './lib/messages.ts';

export type Scheduler = { runOnce(): Promise<void>; stop(): Promise<void> };

export function startScheduler(deps: Pick<Deps, 'config' | 'database' | 'clock' | 'log' | 'push'>, intervalMs = 60 * 60_000): Scheduler {
  const { config, database, clock, log, push } = deps;
  let running: Promise<void> | undefined;
  const runOnce = async () => {
    const won = await database.db.transaction((tx) => sendDueReminders(tx, clock));
    for (const r of won) {
      await push.send(database.db, r.authenticatorId, {
        type: 'renew', ...expiryReminderPush(r.daysLeft),
      }, 24 * 3600).catch((err) => log.warn({ err }, 'reminder push failed'));
    }
    await deleteExpiredSessions(database.db, clock);
    await deleteExpiredOidcRecords(database.db, clock.now());
    await forgetQuietFailures(database.db, clock);
    await forgetStaleBrowsers(database.db, clock);
    await deleteExpiredActivationChallenges(database.db, clock);
    await deleteExpiredPasskeyLoginChallenges(database.db, clock);
    if (won.length) log.info({ reminders: won.length }, 'expiry reminders queued');
    const purged = await database.db.transaction((tx) => purgeExpiredPersonalData(tx, clock, config.retentionDays));
    if (purged.ok && purged.total) log.info({ retention: purged.counts }, 'retention: personal data deleted');
  };
  const tick = () => {
    running ??= runOnce().catch((err) => log.error({ err }, 'scheduler run failed')).finally(() => { running = undefined; });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const first = setTimeout(tick, 5_000);
  first.unref();
  return {
    runOnce,
    async stop() { clearTimeout(first); clearInterval(timer); await running; },
  };
}
