/**
 * The password step of every login: one generic failure, throttled per
 * source and per account (see loginThrottleKeys: a known browser apart from strangers),
 * argon2id verified in constant-ish time and throttled alike for unknown usernames too.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { findActiveToken } from '../../db/queries/tokens.ts';
import { accounts, type Account } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword, needsRehash, verifyPassword } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { findKnownBrowser } from './known-browsers.ts';
import {
  accountKey, checkThrottle, clearAccountFailures, clearFailures, loginThrottleKeys, notifyThrottledHolder, recordFailure, usernameKey,
} from './throttle.ts';

/** Where a correct password leads: officers to the console, staff without a token to the tracker. */
export type LoginNext = 'officer' | 'tracker' | 'token';

export type PasswordLoginResult =
  | { ok: true; account: Account; next: LoginNext }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number; locked: boolean };

// Verified against when the username is unknown, so timing does not tell which usernames exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPasswordLogin(
  ex: Executor, clock: Clock,
  input: { username: string; password: string; /** tokens of this browser's known-browser cookie */ knownBrowsers?: string[] },
  actor: AuditActor & { ip: string },
): Promise<PasswordLoginResult> {
  const username = input.username.trim().toUpperCase();
  const [account] = await ex.select().from(accounts).where(eq(accounts.username, username));
  const knownBrowser = account ? await findKnownBrowser(ex, clock, account.id, input.knownBrowsers ?? []) : undefined;
  const keys = loginThrottleKeys(account ? accountKey(account.id) : usernameKey(username), { ip: actor.ip, knownBrowser });
  const throttle = await checkThrottle(ex, clock, keys.check);
  if (throttle.blocked) {
    await recordAudit(ex, actor, 'login.throttled', { accountId: account?.id, details: { username, locked: throttle.locked, knownBrowser: Boolean(knownBrowser) } });
    return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds, locked: throttle.locked };
  }
  const stored = account?.passwordHash ?? (await (dummyHash ??= hashPassword('dummy-password-for-timing')));
  const valid = (await verifyPassword(stored, input.password)) && Boolean(account) && account!.status === 'active';
  // A suspended password ("not me", lost phone, MFA fatigue: FLOWS §6) fails exactly like a wrong
  // one, so outsiders learn nothing; only the reset link sent to the verified email revives it.
  const suspended = valid && Boolean(account!.passwordSuspendedAt);
  if (!valid || !account || suspended) {
    const { blocked } = await recordFailure(ex, clock, keys.count, keys.lockable);
    if (blocked && account) await notifyThrottledHolder(ex, clock, { accountId: account.id }, actor);
    await recordAudit(ex, actor, suspended ? 'login.password.suspended' : 'login.password.failed', { accountId: account?.id, details: { username } });
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(ex, keys.clearOnSuccess);
  if (needsRehash(account.passwordHash!)) {
    await ex.update(accounts).set({ passwordHash: await hashPassword(input.password) }).where(eq(accounts.id, account.id));
  }
  await recordAudit(ex, { ...actor, accountId: account.id }, 'login.password.ok', { accountId: account.id });
  return { ok: true, account, next: await nextStep(ex, account) };
}

/**
 * Officers always go on to their own passkey (FLOWS §7), never to a soft token; staff with a
 * soft token to phone approval; without one, to the registration tracker.
 */
async function nextStep(ex: Executor, account: Account): Promise<LoginNext> {
  if (account.kind === 'officer') return 'officer';
  return (await findActiveToken(ex, account.id)) ? 'token' : 'tracker';
}

/** An officer lifts a lock (and every backoff, whatever the source) on an account. */
export async function unlockAccount(ex: Executor, accountId: string, actor: AuditActor): Promise<void> {
  await clearAccountFailures(ex, accountId);
  await recordAudit(ex, actor, 'account.unlock', { accountId });
}
