/**
 * Password change: the rules of, then every session of the account ends.
 * Wrong old passwords are login failures like any other: a stolen session must not
 * become a free password-guessing oracle.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { accounts, type Account } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword, verifyPassword } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { checkPassword, type PasswordProblem, type PolicyName } from './password-policy.ts';
import { deleteAccountSessions } from './sessions.ts';
import { checkThrottle, clearFailures, notifyThrottledHolder, passwordChangeKey, recordFailure } from './throttle.ts';

export type ChangeResult =
  | { ok: true }
  | { ok: false; reason: 'wrong_old_password' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  | { ok: false; reason: 'mismatch' }
  | { ok: false; reason: 'weak'; problems: PasswordProblem[] };

export async function changePassword(
  ex: Executor, clock: Clock,
  input: { account: Account; oldPassword: string; newPassword: string; confirmPassword: string; policy: PolicyName },
  actor: AuditActor,
): Promise<ChangeResult> {
  const { account } = input;
  const key = passwordChangeKey(account.id);
  const throttle = await checkThrottle(ex, clock, [key]);
  if (throttle.blocked) {
    await recordAudit(ex, actor, 'password.change.throttled', { accountId: account.id, details: { locked: throttle.locked } });
    return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };
  }
  if (!account.passwordHash || !(await verifyPassword(account.passwordHash, input.oldPassword))) {
    const { blocked } = await recordFailure(ex, clock, [key], [key]);
    if (blocked) await notifyThrottledHolder(ex, clock, { accountId: account.id }, actor);
    await recordAudit(ex, actor, 'password.change.wrong_old', { accountId: account.id });
    return { ok: false, reason: 'wrong_old_password' };
  }
  await clearFailures(ex, [key]);
  const problems = checkPassword(input.newPassword, { policy: input.policy, username: account.username, oldPassword: input.oldPassword });
  if (problems.length) return { ok: false, reason: 'weak', problems };
  if (input.newPassword !== input.confirmPassword) return { ok: false, reason: 'mismatch' };
  const now = clock.now();
  await ex.update(accounts).set({
    passwordHash: await hashPassword(input.newPassword), passwordIsInitial: false, mustChangePassword: false,
    passwordChangedAt: now, updatedAt: now,
  }).where(eq(accounts.id, account.id));
  await deleteAccountSessions(ex, account.id);
  await recordAudit(ex, actor, 'password.change', { accountId: account.id });
  return { ok: true };
}
