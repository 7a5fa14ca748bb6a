/**
 * The OpenID Connect provider's rows: its shared state (oidc-provider's models, keyed by the
 * SHA-256 of the id), its signing keys and the clients it serves.
 */
import { and, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../index.ts';
import { oidcClients, oidcKeys, oidcRecords, type OidcClient } from '../schema.ts';

export type OidcRecord = typeof oidcRecords.$inferSelect;
export type OidcKey = typeof oidcKeys.$inferSelect;

/** Told which provider sessions ended with an account's sessions, so their clients hear of it (back-channel logout). */
export const OIDC_LOGOUT_CHANNEL = 'oidc_logout';

/** Models that belong to one account: what ending an account's sessions deletes. */
export const ACCOUNT_MODELS = ['Session', 'Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken'] as const;

export async function upsertOidcRecord(ex: Executor, row: typeof oidcRecords.$inferInsert): Promise<void> {
  await ex.insert(oidcRecords).values(row).onConflictDoUpdate({
    target: [oidcRecords.model, oidcRecords.idHash],
    set: { payload: row.payload, accountId: row.accountId, grantId: row.grantId, uid: row.uid, expiresAt: row.expiresAt, consumedAt: row.consumedAt ?? null },
  });
}

const live = (now: Date) => or(isNull(oidcRecords.expiresAt), gt(oidcRecords.expiresAt, now));

export async function findOidcRecord(ex: Executor, model: string, idHash: string, now: Date): Promise<OidcRecord | undefined> {
  const [row] = await ex.select().from(oidcRecords)
    .where(and(eq(oidcRecords.model, model), eq(oidcRecords.idHash, idHash), live(now)));
  return row;
}

export async function findOidcRecordByUid(ex: Executor, model: string, uid: string, now: Date): Promise<OidcRecord | undefined> {
  const [row] = await ex.select().from(oidcRecords)
    .where(and(eq(oidcRecords.model, model), eq(oidcRecords.uid, uid), live(now))).limit(1);
  return row;
}

export async function consumeOidcRecord(ex: Executor, model: string, idHash: string, now: Date): Promise<void> {
  await ex.update(oidcRecords).set({ consumedAt: now })
    .where(and(eq(oidcRecords.model, model), eq(oidcRecords.idHash, idHash)));
}

export async function deleteOidcRecord(ex: Executor, model: string, idHash: string): Promise<void> {
  await ex.delete(oidcRecords).where(and(eq(oidcRecords.model, model), eq(oidcRecords.idHash, idHash)));
}

/** Every code and token issued under a grant, of every model (a reused code revokes them all). */
export async function deleteOidcGrant(ex: Executor, grantId: string): Promise<void> {
  await ex.delete(oidcRecords).where(eq(oidcRecords.grantId, grantId));
}

/** The provider's sessions, grants, codes and tokens of an account; returns the sessions that went. */
export async function deleteAccountOidcRecords(ex: Executor, accountId: string): Promise<OidcRecord[]> {
  const gone = await ex.delete(oidcRecords)
    .where(and(eq(oidcRecords.accountId, accountId), inArray(oidcRecords.model, [...ACCOUNT_MODELS]))).returning();
  return gone.filter((r) => r.model === 'Session');
}

/** One provider session (a browser's), by the id its cookie holds; returns it when it existed. */
export async function deleteOidcSession(ex: Executor, id: string, idHash: string): Promise<OidcRecord | undefined> {
  const [gone] = await ex.delete(oidcRecords).where(and(eq(oidcRecords.model, 'Session'), eq(oidcRecords.idHash, idHash))).returning();
  return gone && { ...gone, payload: { ...gone.payload, jti: id } };
}

export async function deleteExpiredOidcRecords(ex: Executor, now: Date): Promise<number> {
  const gone = await ex.delete(oidcRecords).where(lt(oidcRecords.expiresAt, now)).returning({ model: oidcRecords.model });
  return gone.length;
}

/* ── signing keys ─────────────────────────────────────────────────────────── */

/** The signing key first, then retired keys still in their grace period. */
export async function publishedOidcKeys(ex: Executor, retiredSince: Date): Promise<OidcKey[]> {
  return ex.select().from(oidcKeys)
    .where(or(isNull(oidcKeys.retiredAt), gt(oidcKeys.retiredAt, retiredSince)))
    .orderBy(sql`${oidcKeys.retiredAt} is not null`, desc(oidcKeys.createdAt));
}

/** Changes whenever a key is added or retired: instances compare it to know when to reload. */
export async function oidcKeysVersion(ex: Executor): Promise<string> {
  const [row] = await ex.select({
    v: sql<string>`coalesce(max(${oidcKeys.createdAt})::text, '') || '/' || coalesce(max(${oidcKeys.retiredAt})::text, '') || '/' || count(*)::text`,
  }).from(oidcKeys);
  return row?.v ?? '';
}

/* ── clients ──────────────────────────────────────────────────────────────── */

/** A client the provider may serve: registered and not disabled. */
export async function findEnabledOidcClient(ex: Executor, id: string): Promise<OidcClient | undefined> {
  const [row] = await ex.select().from(oidcClients).where(and(eq(oidcClients.id, id), isNull(oidcClients.disabledAt)));
  return row;
}
