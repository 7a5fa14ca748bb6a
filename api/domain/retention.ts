/**
 * Retention (PDPA): personal data is deleted once its purpose is served, after the periods of
 * `config.retentionDays`. Appointment orders after the decision, signed service-request scans
 * after the request is closed, registrations abandoned before submission (the account stays:
 * it belongs to the unit), and expired codes, challenges, resets, proofing sessions, login
 * requests and sent mail. The audit log is kept (append-only; it holds masked national IDs).
 */
import { and, eq, inArray, isNotNull, isNull, lt, notExists, or, sql, type SQL } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/index.ts';
import {
  activationCodes, consents, documents, emailCodes, loginRequests, mailOutbox, passwordResets, proofingSessions,
  registrations, serviceRequests, webauthnChallenges,
} from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { recordAudit, SYSTEM_ACTOR } from './audit.ts';

const DAY_MS = 86_400_000;

export type RetentionDays = { appointment: number; scan: number; draft: number; expired: number };

export type ExpiredCounts = {
  emailCodes: number; activationCodes: number; webauthnChallenges: number;
  passwordResets: number; proofingSessions: number; loginRequests: number;
};

export type RetentionCounts = ExpiredCounts & {
  appointmentDocuments: number; serviceRequestScans: number; draftRegistrations: number; sentMail: number;
};

export type RetentionResult = { ok: true; counts: RetentionCounts; total: number } | { ok: false; reason: 'busy' };

/** Any number taken for this lock alone: one retention pass at a time across instances. */
const RETENTION_LOCK = 727_002;

const cutoff = (clock: Clock, days: number) => new Date(clock.now().getTime() - days * DAY_MS);

/** Delete documents no registration or service request names any more; returns how many went. */
async function deleteUnlinkedDocuments(ex: Executor, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const gone = await ex.delete(documents).where(and(
    inArray(documents.id, ids),
    notExists(ex.select({ one: sql`1` }).from(registrations).where(eq(registrations.appointmentDocumentId, documents.id))),
    notExists(ex.select({ one: sql`1` }).from(serviceRequests).where(eq(serviceRequests.scanDocumentId, documents.id))),
  )).returning({ id: documents.id });
  return gone.length;
}

/**
 * Appointment orders, `days` after the registration was decided (approved, later activated, or
 * rejected) or cancelled: unlinked from the registration, then deleted. Returns how many.
 */
export async function deleteDecidedAppointments(ex: Executor, clock: Clock, days: number): Promise<number> {
  const before = cutoff(clock, days);
  const rows = await ex.select({ id: registrations.id, documentId: registrations.appointmentDocumentId }).from(registrations)
    .where(and(isNotNull(registrations.appointmentDocumentId), or(
      and(inArray(registrations.status, ['approved', 'activated', 'rejected']), lt(registrations.decidedAt, before)),
      and(eq(registrations.status, 'cancelled'), lt(registrations.updatedAt, before)),
    ))).for('update', { skipLocked: true });
  if (!rows.length) return 0;
  // updated_at is left alone: it is what dates a cancellation.
  await ex.update(registrations).set({ appointmentDocumentId: null }).where(inArray(registrations.id, rows.map((r) => r.id)));
  return deleteUnlinkedDocuments(ex, rows.map((r) => r.documentId!));
}

/** Signed service-request forms, `days` after the request was closed (reviewed): unlinked, then deleted. */
export async function deleteClosedRequestScans(ex: Executor, clock: Clock, days: number): Promise<number> {
  const closedAt = sql`coalesce(${serviceRequests.reviewedAt}, ${serviceRequests.processedAt}, ${serviceRequests.updatedAt})`;
  const rows = await ex.select({ id: serviceRequests.id, documentId: serviceRequests.scanDocumentId }).from(serviceRequests)
    .where(and(
      isNotNull(serviceRequests.scanDocumentId),
      inArray(serviceRequests.status, ['completed', 'refused']),
      sql`${closedAt} < ${cutoff(clock, days).toISOString()}::timestamptz`,
    )).for('update', { skipLocked: true });
  if (!rows.length) return 0;
  await ex.update(serviceRequests).set({ scanDocumentId: null }).where(inArray(serviceRequests.id, rows.map((r) => r.id)));
  return deleteUnlinkedDocuments(ex, rows.map((r) => r.documentId!));
}

/**
 * Registrations left before submission (step 1, proofing or details) and untouched for `days`,
 * with everything that names them: proofing sessions, email codes, consents, activation codes
 * and the appointment order. The account stays, so the person can start again. Returns how many.
 */
export async function purgeAbandonedRegistrations(ex: Executor, clock: Clock, days: number): Promise<number> {
  const rows = await ex.select({ id: registrations.id, documentId: registrations.appointmentDocumentId }).from(registrations)
    .where(and(
      isNull(registrations.submittedAt),
      inArray(registrations.status, ['step1', 'proofing', 'details']),
      lt(registrations.updatedAt, cutoff(clock, days)),
    )).for('update', { skipLocked: true });
  if (!rows.length) return 0;
  const ids = rows.map((r) => r.id);
  await ex.delete(proofingSessions).where(inArray(proofingSessions.registrationId, ids));
  await ex.delete(emailCodes).where(inArray(emailCodes.registrationId, ids));
  await ex.delete(consents).where(inArray(consents.registrationId, ids));
  await ex.delete(activationCodes).where(inArray(activationCodes.registrationId, ids));
  const gone = await ex.delete(registrations).where(inArray(registrations.id, ids)).returning({ id: registrations.id });
  await deleteUnlinkedDocuments(ex, rows.flatMap((r) => (r.documentId ? [r.documentId] : [])));
  return gone.length;
}

/**
 * Single-use rows `days` after they expired: email codes, activation codes, WebAuthn challenges,
 * password resets, proofing sessions and login requests. No foreign key points at any of them
 * (a service request names a login request only inside its JSON detail).
 */
export async function deleteExpiredRecords(ex: Executor, clock: Clock, days: number): Promise<ExpiredCounts> {
  const before = cutoff(clock, days);
  const count = async (rows: Promise<unknown[]>) => (await rows).length;
  return {
    emailCodes: await count(ex.delete(emailCodes).where(lt(emailCodes.expiresAt, before)).returning({ id: emailCodes.id })),
    activationCodes: await count(ex.delete(activationCodes).where(lt(activationCodes.expiresAt, before)).returning({ id: activationCodes.id })),
    webauthnChallenges: await count(ex.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, before)).returning({ id: webauthnChallenges.id })),
    passwordResets: await count(ex.delete(passwordResets).where(lt(passwordResets.expiresAt, before)).returning({ id: passwordResets.id })),
    proofingSessions: await count(ex.delete(proofingSessions).where(lt(proofingSessions.expiresAt, before)).returning({ id: proofingSessions.id })),
    loginRequests: await count(ex.delete(loginRequests).where(lt(loginRequests.expiresAt, before)).returning({ id: loginRequests.id })),
  };
}

/** Mail already delivered, `days` after it was sent (its body is personal data). Unsent mail stays. */
export async function deleteSentMail(ex: Executor, clock: Clock, days: number): Promise<number> {
  const gone = await ex.delete(mailOutbox)
    .where(and(isNotNull(mailOutbox.sentAt), lt(mailOutbox.sentAt, cutoff(clock, days))))
    .returning({ id: mailOutbox.id });
  return gone.length;
}

/** Rows of a raw query, whichever driver ran it (postgres.js: an array; PGlite: `{ rows }`). */
async function rawRows(ex: Executor, query: SQL): Promise<Record<string, unknown>[]> {
  const result: unknown = await ex.execute(query);
  return Array.isArray(result) ? (result as Record<string, unknown>[]) : (result as { rows: Record<string, unknown>[] }).rows;
}

/**
 * One retention pass, inside `tx`: only the instance that takes the transaction's advisory lock
 * runs it (the others answer 'busy' at once); what it deleted is audited as `retention.purge`.
 */
export async function purgeExpiredPersonalData(tx: Tx, clock: Clock, days: RetentionDays): Promise<RetentionResult> {
  const [lock] = await rawRows(tx, sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK}) as won`);
  if (lock?.won !== true) return { ok: false, reason: 'busy' };
  const counts: RetentionCounts = {
    appointmentDocuments: await deleteDecidedAppointments(tx, clock, days.appointment),
    serviceRequestScans: await deleteClosedRequestScans(tx, clock, days.scan),
    draftRegistrations: await purgeAbandonedRegistrations(tx, clock, days.draft),
    ...(await deleteExpiredRecords(tx, clock, days.expired)),
    sentMail: await deleteSentMail(tx, clock, days.expired),
  };
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total > 0) await recordAudit(tx, SYSTEM_ACTOR, 'retention.purge', { details: { ...counts, days } });
  return { ok: true, counts, total };
}
