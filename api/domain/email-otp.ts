/**
 * Email verification by a 6-digit code: valid 5 minutes, a resend only after a
 * countdown, at most 5 wrong tries per code, at most EMAIL_CODES_PER_DAY codes per
 * registration in 24 hours (so nobody can flood an address, theirs or someone else's),
 * stored hashed, single use. An email already bound to another national ID is refused.
 */
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { Executor } from '../../db/index.ts';
import { emailCodes, persons, registrations, type Registration } from '../../db/schema.ts';
import { blindIndex } from '../../db/sealing.ts';
import type { Clock } from '../lib/clock.ts';
import { safeEqual, sha256 } from '../lib/crypto.ts';
import { enqueueMail } from '../services/mail.ts';
import { publish } from '../services/live.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { emailOtpMail } from './emails.ts';

export const OTP_TTL_MS = 5 * 60_000;
export const OTP_RESEND_MS = 60_000;
export const OTP_MAX_TRIES = 5;
const DAY_MS = 24 * 3600_000;

const hashCode = (rowId: string, code: string) => sha256(`${rowId}:${code}`);

/** True when another person (another national ID) already holds or registers this email. */
export async function emailBoundElsewhere(ex: Executor, email: string, nationalId: string): Promise<boolean> {
  const index = blindIndex(nationalId);
  const [person] = await ex.select({ id: persons.id }).from(persons)
    .where(and(eq(persons.email, email), ne(persons.nationalIdIndex, index)));
  if (person) return true;
  const [other] = await ex.select({ id: registrations.id }).from(registrations).where(and(
    eq(registrations.email, email), ne(registrations.nationalIdIndex, index),
    sql`${registrations.status} not in ('rejected', 'cancelled')`, sql`${registrations.emailVerifiedAt} is not null`,
  ));
  return Boolean(other);
}

export type SendCodeResult =
  | { ok: true; expiresAt: Date; resendAt: Date }
  | { ok: false; reason: 'resend_too_soon'; resendAt: Date }
  | { ok: false; reason: 'daily_limit'; resendAt: Date }
  | { ok: false; reason: 'email_taken' };

export async function sendEmailCode(
  ex: Executor, clock: Clock, input: { registration: Registration; email: string; perDay: number }, actor: AuditActor,
): Promise<SendCodeResult> {
  const { registration, email } = input;
  const now = clock.now();
  if (await emailBoundElsewhere(ex, email, registration.nationalId!)) return { ok: false, reason: 'email_taken' };
  const [last] = await ex.select().from(emailCodes)
    .where(eq(emailCodes.registrationId, registration.id)).orderBy(sql`${emailCodes.createdAt} desc`).limit(1);
  if (last && last.resendAfter > now) return { ok: false, reason: 'resend_too_soon', resendAt: last.resendAfter };
  // A sliding day: the next code may go once the oldest of the day's codes is 24 hours old.
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const today = await ex.select({ createdAt: emailCodes.createdAt }).from(emailCodes)
    .where(and(eq(emailCodes.registrationId, registration.id), gt(emailCodes.createdAt, dayAgo)))
    .orderBy(sql`${emailCodes.createdAt} asc`);
  if (today.length >= input.perDay) {
    await recordAudit(ex, actor, 'email_code.daily_limit', { accountId: registration.accountId, targetType: 'registration', targetId: registration.id, details: { email } });
    return { ok: false, reason: 'daily_limit', resendAt: new Date(today[0]!.createdAt.getTime() + DAY_MS) };
  }
  // A new code replaces every earlier one.
  await ex.update(emailCodes).set({ consumedAt: now })
    .where(and(eq(emailCodes.registrationId, registration.id), isNull(emailCodes.consumedAt)));
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + OTP_TTL_MS);
  const resendAt = new Date(now.getTime() + OTP_RESEND_MS);
  const [row] = await ex.insert(emailCodes).values({
    registrationId: registration.id, accountId: registration.accountId, email, codeHash: 'pending',
    resendAfter: resendAt, expiresAt, createdAt: now,
  }).returning({ id: emailCodes.id });
  await ex.update(emailCodes).set({ codeHash: hashCode(row!.id, code) }).where(eq(emailCodes.id, row!.id));
  // A changed email must be verified again.
  await ex.update(registrations).set({ email, emailVerifiedAt: null, updatedAt: now }).where(eq(registrations.id, registration.id));
  await enqueueMail(ex, { to: email, ...emailOtpMail(email, code) });
  await publish(ex, 'registration', registration.accountId, 'email_code_sent');
  await recordAudit(ex, actor, 'email_code.send', { accountId: registration.accountId, targetType: 'registration', targetId: registration.id, details: { email } });
  return { ok: true, expiresAt, resendAt };
}

export type VerifyCodeResult =
  | { ok: true; email: string }
  | { ok: false; reason: 'no_code' | 'expired' | 'too_many_tries' | 'email_taken' }
  | { ok: false; reason: 'wrong_code'; triesLeft: number };

export async function verifyEmailCode(
  ex: Executor, clock: Clock, input: { registration: Registration; code: string }, actor: AuditActor,
): Promise<VerifyCodeResult> {
  const { registration } = input;
  const now = clock.now();
  const [row] = await ex.select().from(emailCodes)
    .where(and(eq(emailCodes.registrationId, registration.id), isNull(emailCodes.consumedAt)))
    .orderBy(sql`${emailCodes.createdAt} desc`).limit(1).for('update');
  if (!row) return { ok: false, reason: 'no_code' };
  if (row.expiresAt <= now) return { ok: false, reason: 'expired' };
  if (row.attempts >= OTP_MAX_TRIES) return { ok: false, reason: 'too_many_tries' };
  if (!safeEqual(hashCode(row.id, input.code), row.codeHash)) {
    const attempts = row.attempts + 1;
    await ex.update(emailCodes).set({ attempts, ...(attempts >= OTP_MAX_TRIES ? { consumedAt: now } : {}) }).where(eq(emailCodes.id, row.id));
    await recordAudit(ex, actor, 'email_code.wrong', { accountId: registration.accountId, targetType: 'registration', targetId: registration.id, details: { attempts } });
    return attempts >= OTP_MAX_TRIES ? { ok: false, reason: 'too_many_tries' } : { ok: false, reason: 'wrong_code', triesLeft: OTP_MAX_TRIES - attempts };
  }
  if (await emailBoundElsewhere(ex, row.email, registration.nationalId!)) return { ok: false, reason: 'email_taken' };
  const [consumed] = await ex.update(emailCodes).set({ consumedAt: now })
    .where(and(eq(emailCodes.id, row.id), isNull(emailCodes.consumedAt))).returning({ id: emailCodes.id });
  if (!consumed) return { ok: false, reason: 'no_code' };
  await ex.update(registrations).set({ email: row.email, emailVerifiedAt: now, updatedAt: now }).where(eq(registrations.id, registration.id));
  await publish(ex, 'registration', registration.accountId, 'email_verified');
  await recordAudit(ex, actor, 'email_code.verified', { accountId: registration.accountId, targetType: 'registration', targetId: registration.id, details: { email: row.email } });
  return { ok: true, email: row.email };
}
