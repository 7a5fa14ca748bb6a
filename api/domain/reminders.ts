/**
 * Expiry reminders: email and push at 30, 7 and 1 days before the token certificate
 * ends. Each reminder is a row keyed by (authenticator, threshold, validity end), inserted
 * with ON CONFLICT DO NOTHING in the transaction that queues the mail: however many
 * scheduler instances run, only the one whose insert wins sends it — exactly once. A
 * renewal moves the validity end, so the next period's reminders start afresh.
 */
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { accounts, authenticators, persons, tokenReminders } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { formatThaiDate } from '../lib/thai-date.ts';
import { enqueueMail } from '../services/mail.ts';
import { recordAudit, SYSTEM_ACTOR } from './audit.ts';
import { tokenExpiryReminderMail } from './emails.ts';
import { daysLeft } from './token-validity.ts';

export const REMINDER_DAYS = [1, 7, 30] as const;
const DAY_MS = 86_400_000;

export type DueReminder = { authenticatorId: string; accountId: string; username: string; email: string | null; daysLeft: number; threshold: number };

/** Claim and queue every reminder due now; returns those this caller won (to push after commit). */
export async function sendDueReminders(ex: Executor, clock: Clock): Promise<DueReminder[]> {
  const now = clock.now();
  const horizon = new Date(now.getTime() + Math.max(...REMINDER_DAYS) * DAY_MS + DAY_MS);
  const rows = await ex.select({ token: authenticators, username: accounts.username, email: persons.email })
    .from(authenticators)
    .innerJoin(accounts, eq(accounts.id, authenticators.accountId))
    .leftJoin(persons, eq(persons.id, authenticators.personId))
    .where(and(isNull(authenticators.revokedAt), gt(authenticators.validUntil, now), lte(authenticators.validUntil, horizon)));
  const won: DueReminder[] = [];
  for (const { token, username, email } of rows) {
    const left = daysLeft(token.validUntil, now);
    // The nearest threshold reached; the larger ones are settled with it so a late start sends one mail, not three.
    const threshold = REMINDER_DAYS.find((d) => left <= d);
    if (threshold === undefined || left < 1) continue;
    const settle = REMINDER_DAYS.filter((d) => d >= threshold).map((d) => ({ authenticatorId: token.id, daysBefore: d, validUntil: token.validUntil, sentAt: now }));
    const inserted = await ex.insert(tokenReminders).values(settle).onConflictDoNothing().returning({ daysBefore: tokenReminders.daysBefore });
    if (!inserted.some((r) => r.daysBefore === threshold)) continue;
    if (email) await enqueueMail(ex, { to: email, ...tokenExpiryReminderMail(username, left, formatThaiDate(token.validUntil)) });
    await recordAudit(ex, SYSTEM_ACTOR, 'token.reminder', { accountId: token.accountId, targetType: 'authenticator', targetId: token.id, details: { threshold, daysLeft: left } });
    won.push({ authenticatorId: token.id, accountId: token.accountId, username, email, daysLeft: left, threshold });
  }
  return won;
}
