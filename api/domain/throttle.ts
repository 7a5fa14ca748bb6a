/**
 * Failed-attempt throttling, per account and per IP (R-6.1): exponential backoff after a
 * few free tries, and an account lock at 100 consecutive failures (NIST SP 800-63B-4's
 * upper bound) that only an officer lifts. Counters live in the database, shared by
 * every API instance.
 */
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { loginThrottles } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';

export const LOCK_AFTER = 100;
const FORGET_AFTER_MS = 60 * 60_000;

/**
 * An IP is shared by a whole office behind NAT, so it gets more free tries and a shorter
 * ceiling than one account.
 */
const POLICY = {
  account: { free: 5, maxDelayMs: 15 * 60_000 },
  ip: { free: 20, maxDelayMs: 5 * 60_000 },
} as const;

/** Delay before the next try after `failures` consecutive failures on a key. */
export function backoffMs(key: string, failures: number): number {
  const policy = key.startsWith('ip:') ? POLICY.ip : POLICY.account;
  if (failures < policy.free) return 0;
  return Math.min(1000 * 2 ** (failures - policy.free), policy.maxDelayMs);
}

export type ThrottleState = { blocked: false } | { blocked: true; locked: boolean; retryAfterSeconds: number };

export async function checkThrottle(ex: Executor, clock: Clock, keys: string[]): Promise<ThrottleState> {
  const now = clock.now().getTime();
  let worst: ThrottleState = { blocked: false };
  for (const key of keys) {
    const [row] = await ex.select().from(loginThrottles).where(eq(loginThrottles.key, key));
    if (!row) continue;
    if (row.locked) return { blocked: true, locked: true, retryAfterSeconds: 0 };
    const until = row.blockedUntil?.getTime() ?? 0;
    if (until > now) {
      const retryAfterSeconds = Math.ceil((until - now) / 1000);
      if (!worst.blocked || retryAfterSeconds > worst.retryAfterSeconds) worst = { blocked: true, locked: false, retryAfterSeconds };
    }
  }
  return worst;
}

/** Count one failure against each key; `lockable` keys lock at LOCK_AFTER. */
export async function recordFailure(ex: Executor, clock: Clock, keys: string[], lockable: string[] = []): Promise<void> {
  const now = clock.now();
  for (const key of keys) {
    // A quiet hour forgets the count, except for a locked account (only an officer unlocks it).
    const quietSince = new Date(now.getTime() - FORGET_AFTER_MS);
    const [row] = await ex.insert(loginThrottles).values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({ target: loginThrottles.key, set: {
        failures: sql`case when ${loginThrottles.lastFailureAt} < ${quietSince.toISOString()}::timestamptz and not ${loginThrottles.locked} then 1 else ${loginThrottles.failures} + 1 end`,
        lastFailureAt: now,
      } })
      .returning();
    const failures = row!.failures;
    const delay = backoffMs(key, failures);
    const locked = lockable.includes(key) && failures >= LOCK_AFTER;
    if (delay > 0 || locked) {
      await ex.update(loginThrottles).set({ blockedUntil: new Date(now.getTime() + delay), locked })
        .where(eq(loginThrottles.key, key));
    }
  }
}

/** A success clears the counters. */
export async function clearFailures(ex: Executor, keys: string[]): Promise<void> {
  for (const key of keys) await ex.delete(loginThrottles).where(eq(loginThrottles.key, key));
}

export const accountKey = (accountId: string) => `account:${accountId}`;
export const ipKey = (ip: string) => `ip:${ip}`;
