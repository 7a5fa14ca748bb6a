/**
 * The password step of every login: one generic failure, throttled per
 * account and per IP, argon2id verified in constant-ish time for unknown usernames too.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { accounts, authenticators, type Account } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword, needsRehash, verifyPassword } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { accountKey, checkThrottle, clearFailures, ipKey, recordFailure } from './throttle.ts';

/** Where a correct password leads: officers to the console, staff without a token to the tracker. */
export type LoginNext = 'officer' | 'tracker' | 'token';

export type PasswordLoginResult =
  | { ok: true; account: Account; next: LoginNext }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number; locked: boolean };

// Verified against when the username is unknown, so timing does not tell which usernames exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPasswordLogin(
  ex: Executor, clock: Clock, input: { username: string; password: string }, actor: AuditActor & { ip: string },
): Promise<PasswordLoginResult> {
  const username = input.username.trim().toUpperCase();
  const [account] = await ex.select().from(accounts).where(eq(accounts.username, username));
  const keys = [ipKey(actor.ip), ...(account ? [accountKey(account.id)] : [])];
  const throttle = await checkThrottle(ex, clock, keys);
  if (throttle.blocked) {
    await recordAudit(ex, actor, 'login.throttled', { accountId: account?.id, details: { username, locked: throttle.locked } });
    return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds, locked: throttle.locked };
  }
  const stored = account?.passwordHash ?? (await (dummyHash ??= hashPassword('dummy-password-for-timing')));
  const valid = (await verifyPassword(stored, input.password)) && Boolean(account) && account!.status === 'active';
  if (!valid || !account) {
    await recordFailure(ex, clock, keys, account ? [accountKey(account.id)] : []);
    await recordAudit(ex, actor, 'login.password.failed', { accountId: account?.id, details: { username } });
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(ex, keys);
  if (needsRehash(account.passwordHash!)) {
    await ex.update(accounts).set({ passwordHash: await hashPassword(input.password) }).where(eq(accounts.id, account.id));
  }
  await recordAudit(ex, { ...actor, accountId: account.id }, 'login.password.ok', { accountId: account.id });
  return { ok: true, account, next: await nextStep(ex, account) };
}

/** A soft token always means phone approval, officers included; without one, password only. */
async function nextStep(ex: Executor, account: Account): Promise<LoginNext> {
  const [token] = await ex.select({ id: authenticators.id }).from(authenticators)
    .where(and(eq(authenticators.accountId, account.id), isNull(authenticators.revokedAt)));
  if (token) return 'token';
  return account.kind === 'officer' ? 'officer' : 'tracker';
}

/** An officer lifts a lock (and the backoff) on an account. */
export async function unlockAccount(ex: Executor, accountId: string, actor: AuditActor): Promise<void> {
  await clearFailures(ex, [accountKey(accountId)]);
  await recordAudit(ex, actor, 'account.unlock', { accountId });
}
