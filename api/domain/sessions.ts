/**
 * Browser sessions: a random 256-bit cookie value, stored only as its SHA-256, with an idle
 * and an absolute expiry. Any API instance can validate any session.
 */
import { and, eq, lt } from 'drizzle-orm';
import { notify, type Executor } from '../../db/index.ts';
import { columnValue, reusable } from '../../db/reusable.ts';
import { deleteAccountOidcRecords, OIDC_LOGOUT_CHANNEL } from '../../db/queries/oidc.ts';
import { accounts, sessions, type Account, type Session } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { randomToken, sha256 } from '../lib/crypto.ts';

/** `officerIdleMinutes`: officers' sessions idle out sooner (FLOWS §7); staff's idle limit when unset. */
export type SessionPolicy = { idleMinutes: number; absoluteHours: number; officerIdleMinutes?: number };

/** The idle limit that applies to an account's sessions. */
export function idleMinutesFor(policy: SessionPolicy, kind: Account['kind']): number {
  return kind === 'officer' ? (policy.officerIdleMinutes ?? policy.idleMinutes) : policy.idleMinutes;
}

export type SessionKind = Session['kind'];

const insertSession = reusable('insert_session', (ex) => ex.insert(sessions).values({
  idHash: columnValue('idHash'), accountId: columnValue('accountId'), kind: columnValue('kind'), amr: columnValue('amr'),
  ip: columnValue('ip'), userAgent: columnValue('userAgent'), createdAt: columnValue('createdAt'), lastSeenAt: columnValue('lastSeenAt'), expiresAt: columnValue('expiresAt'),
}));

export async function createSession(
  ex: Executor, clock: Clock, policy: SessionPolicy,
  input: { accountId: string; kind: SessionKind; ip?: string; userAgent?: string; /** RFC 8176 methods the login used (api/domain/oidc-claims.ts) */ amr?: string[] },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken(32);
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3600_000);
  await insertSession(ex, {
    idHash: sha256(token), accountId: input.accountId, kind: input.kind, amr: input.amr ?? [],
    ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 512) ?? null, createdAt: now, lastSeenAt: now, expiresAt,
  });
  return { token, expiresAt };
}

export type SessionValidation =
  | { ok: true; session: Session; account: Account }
  | { ok: false; reason: 'unknown' | 'expired' };

/** Look a cookie value up; slide the idle window (written at most once a minute). */
export async function validateSession(ex: Executor, clock: Clock, policy: SessionPolicy, token: string): Promise<SessionValidation> {
  const idHash = sha256(token);
  const [row] = await ex.select({ session: sessions, account: accounts }).from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId)).where(eq(sessions.idHash, idHash));
  if (!row) return { ok: false, reason: 'unknown' };
  const now = clock.now();
  const idleLimit = row.session.lastSeenAt.getTime() + idleMinutesFor(policy, row.account.kind) * 60_000;
  if (now >= row.session.expiresAt || now.getTime() >= idleLimit || row.account.status !== 'active') {
    await ex.delete(sessions).where(eq(sessions.idHash, idHash));
    return { ok: false, reason: 'expired' };
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await ex.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { ok: true, session: row.session, account: row.account };
}

export async function deleteSession(ex: Executor, token: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.idHash, sha256(token)));
}

/**
 * End every session of an account (after a password change, revocation, …), and with them
 * its sign-ins at other systems: the OpenID Connect provider's sessions, grants and tokens.
 */
export async function deleteAccountSessions(ex: Executor, accountId: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.accountId, accountId));
  const ended = await deleteAccountOidcRecords(ex, accountId);
  // On commit, the provider tells these sessions' clients (api/services/oidc-provider.ts).
  if (ended.length) {
    await notify(ex, OIDC_LOGOUT_CHANNEL, JSON.stringify(ended.map((s) => ({ accountId: s.payload.accountId, authorizations: s.payload.authorizations }))));
  }
}

export async function deleteExpiredSessions(ex: Executor, clock: Clock): Promise<void> {
  await ex.delete(sessions).where(and(lt(sessions.expiresAt, clock.now())));
}
