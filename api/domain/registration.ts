/**
 * Registration (SPEC §3–4): the five-step tracker and each step's state change. A
 * registration row moves step1 → proofing → details → pending → approved → activated, or
 * to rejected (the person may then start again from step 1). Every move is a conditional
 * update on the expected status, audited and published to the live channel.
 */
import { and, desc, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { activationCodes, consents, registrations, type Account, type Registration } from '../../db/schema.ts';
import { withNationalId } from '../../db/sealing.ts';
import type { Clock } from '../lib/clock.ts';
import { publish } from '../services/live.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { CONSENT_VERSION } from './consent.ts';
import { storeDocument } from './documents.ts';

export type StepState = 'start' | 'done' | 'blocked' | 'waiting' | 'approved';
export type Tracker = {
  registrationId: string | null;
  status: Registration['status'] | 'none';
  steps: [StepState, StepState, StepState, StepState, StepState];
  /** The reason of the latest rejection, when the person must start again. */
  rejectReason: string | null;
  appointmentRequired: boolean;
};

const CLOSED: Registration['status'][] = ['rejected', 'cancelled'];

/** The account's live registration (not rejected or cancelled), if any. */
export async function findLiveRegistration(ex: Executor, accountId: string): Promise<Registration | undefined> {
  const [row] = await ex.select().from(registrations)
    .where(and(eq(registrations.accountId, accountId), notInArray(registrations.status, CLOSED)));
  return row;
}

/** The tracker of: each step's state follows from the registration's status. */
export async function getTracker(ex: Executor, account: Account): Promise<Tracker> {
  const live = await findLiveRegistration(ex, account.id);
  let rejectReason: string | null = null;
  if (!live) {
    const [last] = await ex.select().from(registrations).where(eq(registrations.accountId, account.id))
      .orderBy(desc(registrations.createdAt)).limit(1);
    if (last?.status === 'rejected') rejectReason = last.rejectReason;
  }
  const status = live?.status ?? 'none';
  return {
    registrationId: live?.id ?? null,
    status,
    steps: stepsFor(status),
    rejectReason,
    appointmentRequired: !account.appointmentOnRecord,
  };
}

export function stepsFor(status: Tracker['status']): Tracker['steps'] {
  switch (status) {
    case 'none': case 'step1': case 'rejected': case 'cancelled':
      return ['start', 'blocked', 'blocked', 'blocked', 'blocked'];
    case 'proofing': return ['done', 'start', 'blocked', 'blocked', 'blocked'];
    case 'details': return ['done', 'done', 'start', 'blocked', 'blocked'];
    case 'pending': return ['done', 'done', 'done', 'waiting', 'blocked'];
    case 'approved': return ['done', 'done', 'done', 'approved', 'start'];
    case 'activated': return ['done', 'done', 'done', 'approved', 'done'];
  }
}

export type Step1Result =
  | { ok: true; registration: Registration }
  | { ok: false; reason: 'already_registered' | 'pdf_required' };

/**
 * Step 1: national ID, the appointment PDF (checked already; stored here, null
 * when one is on record), consent. Call inside a transaction.
 */
export async function completeStep1(
  ex: Executor, clock: Clock,
  input: { account: Account; nationalId: string; document: { filename: string; bytes: Uint8Array } | null; consentVersion: string },
  actor: AuditActor,
): Promise<Step1Result> {
  const { account } = input;
  if (!input.document && !account.appointmentOnRecord) return { ok: false, reason: 'pdf_required' };
  const documentId = input.document
    ? await storeDocument(ex, { ownerAccountId: account.id, kind: 'appointment', ...input.document })
    : null;
  const now = clock.now();
  const [registration] = await ex.insert(registrations).values({
    accountId: account.id, status: 'proofing', ...withNationalId(input.nationalId),
    appointmentDocumentId: documentId, step1DoneAt: now, createdAt: now, updatedAt: now,
  }).onConflictDoNothing().returning();
  if (!registration) return { ok: false, reason: 'already_registered' };
  await ex.insert(consents).values({
    registrationId: registration.id, accountId: account.id, textVersion: input.consentVersion ?? CONSENT_VERSION,
    ip: actor.ip, userAgent: actor.userAgent?.slice(0, 512),
  });
  await recordAudit(ex, actor, 'registration.step1', {
    accountId: account.id, nationalId: input.nationalId, targetType: 'registration', targetId: registration.id,
    details: { consentVersion: input.consentVersion, document: documentId },
  });
  await publish(ex, 'registration', account.id, 'step1');
  return { ok: true, registration };
}

/** Move a registration from one status to the next only if it is still in `from`. */
export async function moveRegistration(
  ex: Executor, clock: Clock, id: string, from: Registration['status'], set: Partial<typeof registrations.$inferInsert> & { status: Registration['status'] },
): Promise<Registration | undefined> {
  const [row] = await ex.update(registrations).set({ ...set, updatedAt: clock.now() })
    .where(and(eq(registrations.id, id), eq(registrations.status, from))).returning();
  if (row) await publish(ex, 'registration', row.accountId, row.status);
  return row;
}

/**
 * Back to step 2 (FLOWS §6): after a lost or changed phone, "not me" or a reissued password,
 * whoever holds the password may not be the holder, so step 5 waits until the holder's
 * national ID is proven again at the identity provider. Unused activation codes die now.
 */
export async function returnToProofing(
  ex: Executor, clock: Clock, input: { accountId: string; reason: string }, actor: AuditActor,
): Promise<Registration | undefined> {
  const now = clock.now();
  await ex.update(activationCodes).set({ consumedAt: now })
    .where(and(eq(activationCodes.accountId, input.accountId), isNull(activationCodes.consumedAt)));
  const [row] = await ex.update(registrations).set({ status: 'proofing', reproofing: true, updatedAt: now })
    .where(and(eq(registrations.accountId, input.accountId), inArray(registrations.status, ['approved', 'activated']))).returning();
  if (!row) return undefined;
  await recordAudit(ex, actor, 'registration.reproofing', {
    accountId: input.accountId, nationalId: row.nationalId, targetType: 'registration', targetId: row.id, details: { reason: input.reason },
  });
  await publish(ex, 'registration', input.accountId, 'proofing');
  return row;
}

/** Tell the account's open trackers (on any instance) that its registration changed. */
export async function publishRegistration(ex: Executor, registrationId: string, detail: string): Promise<void> {
  const [row] = await ex.select({ accountId: registrations.accountId }).from(registrations).where(eq(registrations.id, registrationId));
  if (row) await publish(ex, 'registration', row.accountId, detail);
}
