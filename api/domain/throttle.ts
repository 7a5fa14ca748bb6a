/**
 * Failed-attempt throttling (R-6.1): exponential backoff after a few free tries, and a lock
 * at 100 consecutive failures (NIST SP 800-63B-4's upper bound) that only an officer lifts.
 * Counters live in the database, shared by every API instance.
 *
 * Built so that an outsider cannot turn it against the holder (see loginThrottleKeys): the
 * per-account backoff is counted per source, a browser that completed a login on the account
 * has a counter of its own and never meets the lock, unknown usernames are counted exactly like
 * known ones, and a success never clears a counter another account's attempts fed.
 */
import { and, eq, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/index.ts';
import { accounts, loginThrottles, type LoginThrottle } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { sha256 } from '../lib/crypto.ts';
import { enqueueMail } from '../services/mail.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { loginThrottledMail } from './emails.ts';
import { verifiedEmailOf } from './password-reset.ts';

export const LOCK_AFTER = 100;
/** A quiet hour forgets a count (except a lock): counts decay, successes do not reset them. */
const FORGET_AFTER_MS = 60 * 60_000;
/** The holder hears about throttling at most once a day per account. */
const NOTIFY_EVERY_MS = 24 * 3600_000;

type Policy = { free: number; maxDelayMs: number };

/**
 * An IP is shared by a whole office behind NAT, so it gets more free tries and a shorter
 * ceiling than one account from one source. An account's total over all strangers has no
 * delay of its own (a botnet must not slow the holder down): it only locks at LOCK_AFTER.
 */
const POLICY = {
  ip: { free: 20, maxDelayMs: 5 * 60_000 },
  source: { free: 5, maxDelayMs: 15 * 60_000 },
  total: { free: Number.POSITIVE_INFINITY, maxDelayMs: 0 },
} as const satisfies Record<string, Policy>;

function policyOf(key: string): Policy {
  if (key.startsWith('ip:')) return POLICY.ip;
  if (/^(account|user):[^:]+$/.test(key)) return POLICY.total;
  return POLICY.source;
}

/** Delay before the next try after `failures` consecutive failures on a key. */
export function backoffMs(key: string, failures: number): number {
  const policy = policyOf(key);
  if (failures < policy.free) return 0;
  return Math.min(1000 * 2 ** (failures - policy.free), policy.maxDelayMs);
}

export type ThrottleState = { blocked: false } | { blocked: true; locked: boolean; retryAfterSeconds: number };

/** The throttle rows of these keys (one statement); most keys have none. */
export async function readThrottles(ex: Executor, keys: string[]): Promise<LoginThrottle[]> {
  if (!keys.length) return [];
  return ex.select().from(loginThrottles).where(inArray(loginThrottles.key, keys));
}

/** Whether these rows block a try now: a lock, or the longest backoff still running. */
export function throttleStateOf(rows: LoginThrottle[], clock: Clock): ThrottleState {
  const now = clock.now().getTime();
  let worst: ThrottleState = { blocked: false };
  for (const row of rows) {
    if (row.locked) return { blocked: true, locked: true, retryAfterSeconds: 0 };
    const until = row.blockedUntil?.getTime() ?? 0;
    if (until > now) {
      const retryAfterSeconds = Math.ceil((until - now) / 1000);
      if (!worst.blocked || retryAfterSeconds > worst.retryAfterSeconds) worst = { blocked: true, locked: false, retryAfterSeconds };
    }
  }
  return worst;
}

export async function checkThrottle(ex: Executor, clock: Clock, keys: string[]): Promise<ThrottleState> {
  return throttleStateOf(await readThrottles(ex, keys), clock);
}

/**
 * Count one failure against each key; `lockable` keys lock at LOCK_AFTER. Says whether any
 * key now blocks the next try (so the caller can tell the holder).
 */
export async function recordFailure(
  ex: Executor, clock: Clock, keys: string[], lockable: string[] = [],
): Promise<{ blocked: boolean }> {
  const now = clock.now();
  let blocked = false;
  for (const key of keys) {
    // A quiet hour forgets the count, except for a locked key (only an officer unlocks it).
    const quietSince = new Date(now.getTime() - FORGET_AFTER_MS);
    const [row] = await ex.insert(loginThrottles).values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({ target: loginThrottles.key, set: {
        failures: sql`case when ${loginThrottles.lastFailureAt} < ${quietSince.toISOString()}::timestamptz and not ${loginThrottles.locked} then 1 else ${loginThrottles.failures} + 1 end`,
        lastFailureAt: now,
      } })
      .returning();
    const failures = row!.failures;
    const delay = backoffMs(key, failures);
    const locked = row!.locked || (lockable.includes(key) && failures >= LOCK_AFTER);
    if (delay > 0 || locked) {
      blocked = true;
      await ex.update(loginThrottles).set({ blockedUntil: new Date(now.getTime() + delay), locked })
        .where(eq(loginThrottles.key, key));
    }
  }
  return { blocked };
}

/** Forget the counts of these keys (a success from the source they belong to). */
export async function clearFailures(ex: Executor, keys: string[]): Promise<void> {
  if (keys.length) await ex.delete(loginThrottles).where(inArray(loginThrottles.key, keys));
}

/** An officer lifts an account's lock and every backoff counted on it, whatever the source. */
export async function clearAccountFailures(ex: Executor, accountId: string): Promise<void> {
  const key = accountKey(accountId);
  await ex.delete(loginThrottles).where(or(eq(loginThrottles.key, key), like(loginThrottles.key, `${key}:%`)));
}

/** Periodic: drop counts a quiet hour has already forgotten (never a lock, nor a recent notice). */
export async function forgetQuietFailures(ex: Executor, clock: Clock): Promise<void> {
  const now = clock.now().getTime();
  await ex.delete(loginThrottles).where(and(
    eq(loginThrottles.locked, false),
    or(isNull(loginThrottles.lastFailureAt), lt(loginThrottles.lastFailureAt, new Date(now - FORGET_AFTER_MS))),
    or(isNull(loginThrottles.notifiedAt), lt(loginThrottles.notifiedAt, new Date(now - NOTIFY_EVERY_MS))),
  ));
}

const ACCOUNT = 'account:';
/** An account's total over all strangers: the lock at 100, and where officers see it. */
export const accountKey = (accountId: string) => `${ACCOUNT}${accountId}`;
export const ipKey = (ip: string) => `ip:${ip}`;
/** An unknown username's total: hashed, so whatever was typed cannot shape the key. */
export const usernameKey = (normalised: string) => `user:${sha256(normalised).slice(0, 32)}`;
/** Wrong old passwords on the password-change form of a signed-in account. */
export const passwordChangeKey = (accountId: string) => `${accountKey(accountId)}:password`;

export type LoginSource = {
  ip: string;
  /** The hash of this browser's known-browser token for the account, when it has one. */
  knownBrowser?: string;
};

export type LoginThrottleKeys = {
  /** Checked before the password is. */
  check: string[];
  /** Counted on a failure. */
  count: string[];
  /** Lock at LOCK_AFTER. */
  lockable: string[];
  /** Forgotten after a success: only counts this very source fed on this very account. */
  clearOnSuccess: string[];
};

/**
 * The keys one password attempt is throttled on. `subject` is accountKey(id) for an existing
 * account and usernameKey(name) otherwise, so unknown usernames are counted and answered
 * exactly like known ones.
 *
 * - A stranger (a browser that never completed a login on this account) is counted per IP
 *   (many accounts from one address), per account + IP (backoff, so one source's misses do
 *   not slow the holder elsewhere) and in the account's total over all strangers (no delay,
 *   the lock at 100 that stops a botnet).
 * - A known browser is counted on its own key only: strangers' misses, from any address, never
 *   slow it down nor lock it out, and its own backoff keeps a thief on a stolen computer slow.
 *   Its own 100 consecutive misses lock that browser alone (NIST SP 800-63B-4's ceiling per
 *   account), which only someone holding that browser can cause; an officer unlocks it.
 */
export function loginThrottleKeys(subject: string, source: LoginSource): LoginThrottleKeys {
  if (source.knownBrowser) {
    const own = subject + browserSuffix(source.knownBrowser);
    return { check: [own], count: [own], lockable: [own], clearOnSuccess: [own] };
  }
  const perSource = subject + ipSuffix(source.ip);
  return {
    check: [ipKey(source.ip), subject, perSource],
    count: [ipKey(source.ip), subject, perSource],
    lockable: [subject],
    clearOnSuccess: [perSource],
  };
}

const ipSuffix = (ip: string) => `:ip:${ip}`;
const browserSuffix = (knownBrowserHash: string) => `:browser:${knownBrowserHash.slice(0, 32)}`;

/**
 * Every key loginThrottleKeys could check for an attempt, as a condition on login_throttles for
 * the statement that reads the account (`accountId` its column, null for an unknown username): a
 * few keys, a superset that the caller narrows with loginThrottleKeys once it knows the account
 * and whether the browser is known. Built once for each number of known-browser tokens the
 * browser sends (db/reusable.ts): its placeholders take loginThrottleCandidateValues().
 */
export function loginThrottleCandidates(accountId: AnyPgColumn, knownBrowserCount: number): SQL {
  const subject = sql`coalesce(${ACCOUNT} || ${accountId}::text, ${sql.placeholder('throttleUser')})`;
  const suffixes = Array.from({ length: 2 + knownBrowserCount }, (_, i) => sql`${subject} || ${sql.placeholder(`throttleSuffix${i}`)}`);
  return or(eq(loginThrottles.key, sql.placeholder('throttleIp')), sql`${loginThrottles.key} in (${sql.join(suffixes, sql`, `)})`)!;
}

/** The values of loginThrottleCandidates' placeholders: an attempt on `username` from `ip`, its browser holding tokens with these hashes. */
export function loginThrottleCandidateValues(username: string, ip: string, knownBrowserHashes: string[]): Record<string, string> {
  const suffixes = ['', ipSuffix(ip), ...knownBrowserHashes.map(browserSuffix)];
  return { throttleUser: usernameKey(username), throttleIp: ipKey(ip), ...Object.fromEntries(suffixes.map((s, i) => [`throttleSuffix${i}`, s])) };
}

/**
 * Tell the holder, once a day at most, that their account is being throttled: someone may be
 * guessing their password. Only the verified email on file is used; nothing when there is none.
 */
export async function notifyThrottledHolder(
  ex: Executor, clock: Clock, input: { accountId: string }, actor: AuditActor,
): Promise<boolean> {
  const now = clock.now();
  const key = accountKey(input.accountId);
  // The claim is a conditional upsert, so two instances failing at once send one email.
  const [claimed] = await ex.insert(loginThrottles).values({ key, failures: 0, notifiedAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key, set: { notifiedAt: now },
      setWhere: sql`${loginThrottles.notifiedAt} is null or ${loginThrottles.notifiedAt} < ${new Date(now.getTime() - NOTIFY_EVERY_MS).toISOString()}::timestamptz`,
    })
    .returning({ key: loginThrottles.key });
  if (!claimed) return false;
  const email = await verifiedEmailOf(ex, input.accountId);
  const [account] = await ex.select({ username: accounts.username }).from(accounts).where(eq(accounts.id, input.accountId));
  if (email && account) await enqueueMail(ex, { to: email, ...loginThrottledMail(account.username) });
  await recordAudit(ex, actor, 'login.throttled.notified', { accountId: input.accountId, details: { emailed: Boolean(email) } });
  return Boolean(email);
}
