/**
 * WebAuthn challenges as database rows (STYLE §5): stored when the options are made, consumed
 * once with a conditional update when the response comes back, on any API instance. Used by
 * the officers' passkeys (bound to the account) and the passkey login (bound to the row's id:
 * nobody is known until the assertion names its credential).
 */
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import type { Executor } from '../../db/index.ts';
import { webauthnChallenges } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';

export type ChallengeRow = typeof webauthnChallenges.$inferSelect;

/** The server needs to remember this challenge until it verifies the response; returns the row's id. */
export async function storeChallenge(
  ex: Executor, clock: Clock,
  input: { purpose: string; accountId?: string; challenge: string; webauthnUserId?: string; ttlMs: number },
): Promise<string> {
  const now = clock.now();
  const [row] = await ex.insert(webauthnChallenges).values({
    purpose: input.purpose, accountId: input.accountId ?? null, challenge: input.challenge, webauthnUserId: input.webauthnUserId,
    expiresAt: new Date(now.getTime() + input.ttlMs), createdAt: now,
  }).returning({ id: webauthnChallenges.id });
  return row!.id;
}

/**
 * Consume, once, the live challenge the response was signed over, found by the account it was
 * made for or by its row id. A conditional update: two responses racing over the same
 * challenge, on any instance, get one row between them; an expired one gets none.
 */
export async function consumeChallenge(
  ex: Executor, clock: Clock,
  input: { purpose: string; clientDataJSON: string } & ({ accountId: string } | { id: string }),
): Promise<ChallengeRow | undefined> {
  let challenge: string;
  try {
    challenge = decodeClientDataJSON(input.clientDataJSON).challenge;
  } catch {
    return undefined;
  }
  if (typeof challenge !== 'string' || !challenge) return undefined;
  const now = clock.now();
  const [row] = await ex.update(webauthnChallenges).set({ consumedAt: now }).where(and(
    eq(webauthnChallenges.purpose, input.purpose),
    'id' in input ? eq(webauthnChallenges.id, input.id) : eq(webauthnChallenges.accountId, input.accountId),
    eq(webauthnChallenges.challenge, challenge), isNull(webauthnChallenges.consumedAt), gt(webauthnChallenges.expiresAt, now),
  )).returning();
  return row;
}

/** Periodic: a purpose's challenges are useless once expired (the passkey login's are asked for by anyone). */
export async function deleteExpiredChallenges(ex: Executor, clock: Clock, purpose: string): Promise<void> {
  await ex.delete(webauthnChallenges).where(and(eq(webauthnChallenges.purpose, purpose), lt(webauthnChallenges.expiresAt, clock.now())));
}
