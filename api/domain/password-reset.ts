/**
 * Password recovery (FLOWS §6, R-9.4). When a token is suspended or revoked ("not me", a lost
 * or changed phone) or someone who knows the password keeps pushing login requests, the
 * password stops working at once; the holder gets a single-use link only at the verified
 * email on file, never at an address typed into a form. The link's token is stored as its
 * SHA-256, lives 24 hours, and is consumed by a conditional update.
 */
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { accounts, loginRequests, passwordResets, persons } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword, randomToken, sha256, verifyPassword } from '../lib/crypto.ts';
import { enqueueMail } from '../services/mail.ts';
import { publish } from '../services/live.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { passwordResetDoneMail, passwordResetMail, type PasswordResetWhy } from './emails.ts';
import { checkPassword, type PasswordProblem, type PolicyName } from './password-policy.ts';
import { deleteAccountSessions } from './sessions.ts';

export const PASSWORD_RESET_TTL_MS = 24 * 3600_000;
export type ResetReason = PasswordResetWhy;

/**
 * The only address credentials may go to: a staff holder's verified email (persons), or an
 * officer's own email on the account (set by an administrator). Null when there is none.
 */
export async function verifiedEmailOf(ex: Executor, accountId: string): Promise<string | null> {
  const [row] = await ex.select({ kind: accounts.kind, own: accounts.email, email: persons.email, verifiedAt: persons.emailVerifiedAt })
    .from(accounts).leftJoin(persons, eq(persons.id, accounts.holderPersonId)).where(eq(accounts.id, accountId));
  if (!row) return null;
  if (row.kind === 'officer') return row.own ?? null;
  return row.email && row.verifiedAt ? row.email : null;
}

/**
 * The password stops working now: login answers as for a wrong password until a reset link
 * is used. Every session ends, and requests waiting for (or holding) a phone approval are
 * cancelled so an approval given by mistake cannot still become a session.
 */
export async function suspendPassword(
  ex: Executor, clock: Clock, input: { accountId: string; reason: ResetReason }, actor: AuditActor,
): Promise<void> {
  const now = clock.now();
  await ex.update(accounts).set({ passwordSuspendedAt: now, passwordSuspendReason: input.reason, updatedAt: now })
    .where(eq(accounts.id, input.accountId));
  const cancelled = await ex.update(loginRequests).set({ status: 'cancelled', decidedAt: now })
    .where(and(eq(loginRequests.accountId, input.accountId), inArray(loginRequests.status, ['pending', 'approved'])))
    .returning({ id: loginRequests.id });
  for (const c of cancelled) await publish(ex, 'login_request', c.id, 'cancelled');
  await deleteAccountSessions(ex, input.accountId);
  await recordAudit(ex, actor, 'password.suspend', { accountId: input.accountId, details: { reason: input.reason } });
}

export type CreateResetResult = { ok: true; expiresAt: Date } | { ok: false; reason: 'no_verified_email' };

/**
 * Mail a reset link to the verified email on file. The recipient is deliberately not a
 * parameter: no caller can send a reset anywhere else. Earlier links stay valid until used
 * or expired; using any one of them kills the others.
 */
export async function createPasswordReset(
  ex: Executor, clock: Clock, input: { accountId: string; reason: ResetReason; origin: string }, actor: AuditActor,
): Promise<CreateResetResult> {
  const email = await verifiedEmailOf(ex, input.accountId);
  const [account] = await ex.select({ username: accounts.username }).from(accounts).where(eq(accounts.id, input.accountId));
  if (!email || !account) {
    await recordAudit(ex, actor, 'password.reset.no_email', { accountId: input.accountId, details: { reason: input.reason } });
    return { ok: false, reason: 'no_verified_email' };
  }
  const now = clock.now();
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  const [row] = await ex.insert(passwordResets).values({
    accountId: input.accountId, tokenHash: sha256(token), reason: input.reason, expiresAt, createdAt: now,
  }).returning({ id: passwordResets.id });
  // The token travels in the fragment: never in request lines, logs or Referer.
  const link = `${input.origin}/password/reset#${token}`;
  await enqueueMail(ex, { to: email, ...passwordResetMail(account.username, link, input.reason, PASSWORD_RESET_TTL_MS / 3600_000) });
  await recordAudit(ex, actor, 'password.reset.issue', {
    accountId: input.accountId, targetType: 'password_reset', targetId: row!.id, details: { reason: input.reason },
  });
  return { ok: true, expiresAt };
}

type ResetRow = typeof passwordResets.$inferSelect;

async function liveReset(ex: Executor, clock: Clock, token: string): Promise<ResetRow | undefined> {
  const [row] = await ex.select().from(passwordResets).where(and(
    eq(passwordResets.tokenHash, sha256(token)), isNull(passwordResets.consumedAt), gt(passwordResets.expiresAt, clock.now()),
  ));
  return row;
}

export type LookupResetResult = { ok: true; username: string; expiresAt: Date } | { ok: false; reason: 'invalid' };

/** What the reset page shows before the form: whose password, until when. */
export async function lookupPasswordReset(ex: Executor, clock: Clock, token: string): Promise<LookupResetResult> {
  const row = await liveReset(ex, clock, token);
  if (!row) return { ok: false, reason: 'invalid' };
  const [account] = await ex.select({ username: accounts.username }).from(accounts).where(eq(accounts.id, row.accountId));
  if (!account) return { ok: false, reason: 'invalid' };
  return { ok: true, username: account.username, expiresAt: row.expiresAt };
}

export type ConsumeResetResult =
  | { ok: true; username: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'mismatch' }
  | { ok: false; reason: 'weak'; problems: PasswordProblem[] };

/**
 * Use a link: a new password under the configured policy (never the one it replaces, which
 * may be what an attacker knows), the suspension lifted, every session ended, every other
 * live link of the account consumed.
 */
export async function consumePasswordReset(
  ex: Executor, clock: Clock,
  input: { token: string; newPassword: string; confirmPassword: string; policy: PolicyName },
  actor: AuditActor,
): Promise<ConsumeResetResult> {
  const row = await liveReset(ex, clock, input.token);
  if (!row) return { ok: false, reason: 'invalid' };
  const [account] = await ex.select().from(accounts).where(eq(accounts.id, row.accountId));
  if (!account) return { ok: false, reason: 'invalid' };
  const problems = checkPassword(input.newPassword, { policy: input.policy, username: account.username });
  if (account.passwordHash && (await verifyPassword(account.passwordHash, input.newPassword))) problems.push('same_as_old');
  if (problems.length) return { ok: false, reason: 'weak', problems };
  if (input.newPassword !== input.confirmPassword) return { ok: false, reason: 'mismatch' };
  const now = clock.now();
  // Single use even when two tabs race: only one update finds the row unconsumed.
  const [consumed] = await ex.update(passwordResets).set({ consumedAt: now })
    .where(and(eq(passwordResets.id, row.id), isNull(passwordResets.consumedAt))).returning({ id: passwordResets.id });
  if (!consumed) return { ok: false, reason: 'invalid' };
  await ex.update(passwordResets).set({ consumedAt: now })
    .where(and(eq(passwordResets.accountId, account.id), isNull(passwordResets.consumedAt)));
  await ex.update(accounts).set({
    passwordHash: await hashPassword(input.newPassword), passwordIsInitial: false, mustChangePassword: false,
    passwordChangedAt: now, passwordSuspendedAt: null, passwordSuspendReason: null, updatedAt: now,
  }).where(eq(accounts.id, account.id));
  await deleteAccountSessions(ex, account.id);
  const email = await verifiedEmailOf(ex, account.id);
  if (email) await enqueueMail(ex, { to: email, ...passwordResetDoneMail(account.username) });
  await recordAudit(ex, { ...actor, accountId: account.id }, 'password.reset.done', {
    accountId: account.id, targetType: 'password_reset', targetId: row.id, details: { reason: row.reason },
  });
  return { ok: true, username: account.username };
}

/** The holder changes (or is released): links sent to the previous holder's email die. */
export async function cancelPasswordResets(ex: Executor, clock: Clock, accountId: string): Promise<void> {
  await ex.update(passwordResets).set({ consumedAt: clock.now() })
    .where(and(eq(passwordResets.accountId, accountId), isNull(passwordResets.consumedAt)));
}
