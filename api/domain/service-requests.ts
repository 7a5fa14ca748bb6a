/**
 * Service requests (SPEC §9, แบบคำร้องขอใช้บริการ Soft Token). Anyone may file one without
 * logging in (the phone may be lost); the answer never says whether the account or email
 * exists. The requester prints the filled form, has it signed, uploads the scan; an officer
 * processes it (done, or refused with a reason) and a reviewer — another person — signs it
 * off, and only then do its effects apply and the outcome is emailed.
 *
 * What a form says is never trusted alone (FLOWS §6, R-9.4): a request naming an officer
 * account is treated as naming no account; effects that release credentials or lead to a new
 * activation need the requester's national ID to be the holder's proven one and the contact
 * email to be the verified one on file; and the system mails only that verified address —
 * never an address typed into the form. A reset is a link to that address; a new holder's
 * initial password is a sealed slip handed to the reviewing officer.
 */
import { and, eq, isNull, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/index.ts';
import { getServiceRequestScan, getServiceRequestWithOfficers } from '../../db/queries/service-requests.ts';
import { activeTokenOf } from '../../db/queries/tokens.ts';
import { findUnit, unitViewColumns } from '../../db/queries/units.ts';
import {
  accounts, authenticators, emailCodes, persons, registrations, serviceRequests, units,
  type Account, type ServiceRequest, SERVICE_PURPOSES,
} from '../../db/schema.ts';
import { maskNationalId } from '../../db/sealing.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword, randomString, randomToken, safeEqual, sha256 } from '../lib/crypto.ts';
import { thaiFullName } from '../lib/thai-name.ts';
import { storeDocument } from './documents.ts';
import { enqueueMail } from '../services/mail.ts';
import { emailChangedMail, emailChangeLinkMail, serviceRequestOutcomeMail, type ServiceRequestOutcome } from './emails.ts';
import { publish } from '../services/live.ts';
import type { Slip } from './account-admin.ts';
import { generateInitialPassword } from './accounts.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { emailBoundElsewhere } from './email-otp.ts';
import { emailSchema, mobileSchema, nationalIdSchema, unitCodeSchema, usernameSchema } from './identifiers.ts';
import { cancelPasswordResets, createPasswordReset, suspendPassword, verifiedEmailOf } from './password-reset.ts';
import { returnToProofing } from './registration.ts';
import { revokeToken } from './revocation.ts';
import { deleteAccountSessions } from './sessions.ts';

export type { ServiceRequest };
export type ServicePurpose = (typeof SERVICE_PURPOSES)[number];

export const PURPOSE_LABELS: Record<ServicePurpose, { th: string; en: string }> = {
  reset_password: { th: 'ขอ reset รหัสผ่าน/ ลืมรหัสผ่าน', en: 'Reset password / forgotten password' },
  change_phone: { th: 'เปลี่ยนมือถือ', en: 'Change of phone' },
  lost_phone: { th: 'มือถือหาย', en: 'Lost phone' },
  other: { th: 'อื่น ๆ (โปรดระบุ)', en: 'Other (please specify)' },
  change_holder: { th: 'เปลี่ยนผู้ใช้งาน เนื่องจากผู้ใช้งานเดิม', en: 'Change of holder, because the previous holder' },
  change_email: { th: 'เปลี่ยน email ที่ลงทะเบียนไว้', en: 'Change the registered email' },
};

export const HOLDER_REASONS = { resigned: { th: 'ลาออก', en: 'Resigned' }, moved: { th: 'ย้ายสังกัด', en: 'Moved' }, other: { th: 'อื่นๆ', en: 'Other' } } as const;

const text = (max: number) => z.string().trim().min(1, 'required').max(max, 'too_long');

/** The four parts of the form; purpose-specific fields are checked below. */
export const ServiceRequestSchema = z.object({
  unitCode: unitCodeSchema,
  requester: z.object({
    name: text(200), nationalId: nationalIdSchema, email: emailSchema, mobile: mobileSchema,
    division: text(200), department: text(200), ministry: text(200),
  }),
  username: usernameSchema,
  purpose: z.enum(SERVICE_PURPOSES),
  otherText: z.string().trim().max(500).optional(),
  holderReason: z.enum(['resigned', 'moved', 'other']).optional(),
  holderReasonText: z.string().trim().max(500).optional(),
  newHolderEmail: emailSchema.optional(),
  newEmail: emailSchema.optional(),
}).superRefine((v, ctx) => {
  // The username carries its unit code: it must be this unit's.
  if (v.username.slice(1, 11) !== v.unitCode) ctx.addIssue({ code: 'custom', message: 'username_not_in_unit', path: ['username'] });
  const need = (field: string) => ctx.addIssue({ code: 'custom', message: 'required', path: [field] });
  if (v.purpose === 'other' && !v.otherText) need('otherText');
  if (v.purpose === 'change_holder') {
    if (!v.holderReason) need('holderReason');
    if (v.holderReason === 'other' && !v.holderReasonText) need('holderReasonText');
    if (!v.newHolderEmail) need('newHolderEmail');
  }
  if (v.purpose === 'change_email') {
    if (!v.newEmail) need('newEmail');
    else if (v.newEmail === v.requester.email) ctx.addIssue({ code: 'custom', message: 'same_email', path: ['newEmail'] });
  }
});
export type ServiceRequestInput = z.infer<typeof ServiceRequestSchema>;

const TRACKING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A tracking number that is also the requester's key to the form and status: ~59 bits. */
export function newTrackingNumber(): string {
  return `SR-${randomString(6, TRACKING_ALPHABET)}-${randomString(6, TRACKING_ALPHABET)}`;
}

export type CreateServiceRequestResult = { ok: true; request: ServiceRequest } | { ok: false; reason: 'unit_unknown' };

/**
 * File a request. The account is resolved quietly; nothing in the answer depends on it. An
 * officer account is resolved as none at all: officers recover through the admin CLI only.
 */
export async function createServiceRequest(
  ex: Executor, clock: Clock, input: ServiceRequestInput, actor: AuditActor,
): Promise<CreateServiceRequestResult> {
  const unit = await findUnit(ex, input.unitCode);
  if (!unit) return { ok: false, reason: 'unit_unknown' };
  const [named] = await ex.select({ id: accounts.id, kind: accounts.kind }).from(accounts)
    .where(and(eq(accounts.username, input.username), eq(accounts.unitCode, input.unitCode)));
  const account = named?.kind === 'staff' ? named : undefined;
  if (named && !account) {
    await recordAudit(ex, actor, 'service_request.officer_named', { accountId: named.id, nationalId: input.requester.nationalId, details: { purpose: input.purpose } });
  }
  const { unitCode, username, requester, purpose, ...detail } = input;
  const [request] = await ex.insert(serviceRequests).values({
    trackingNumber: newTrackingNumber(), unitCode, username, accountId: account?.id ?? null,
    requester: { ...requester, unitName: unit.name }, purpose, purposeDetail: detail, status: 'awaiting_scan',
    createdAt: clock.now(), updatedAt: clock.now(),
  }).returning();
  await recordAudit(ex, actor, 'service_request.create', {
    accountId: account?.id, nationalId: requester.nationalId, targetType: 'service_request', targetId: request!.id, details: { purpose },
  });
  return { ok: true, request: request! };
}

export async function findByTracking(ex: Executor, trackingNumber: string): Promise<ServiceRequest | undefined> {
  const [row] = await ex.select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber.trim().toUpperCase()));
  return row;
}

/** The signed scan (a checked PDF) arrives: stored, and the request enters the officers' queue. Call inside a transaction. */
export async function attachScan(
  ex: Executor, clock: Clock, request: ServiceRequest, scan: { filename: string; bytes: Uint8Array }, actor: AuditActor,
): Promise<boolean> {
  const documentId = await storeDocument(ex, { ownerAccountId: request.accountId, kind: 'service_request_scan', ...scan });
  const [row] = await ex.update(serviceRequests).set({ scanDocumentId: documentId, status: 'submitted', updatedAt: clock.now() })
    .where(and(eq(serviceRequests.id, request.id), eq(serviceRequests.status, 'awaiting_scan'))).returning({ id: serviceRequests.id });
  if (!row) return false;
  await recordAudit(ex, actor, 'service_request.scan', { accountId: request.accountId, targetType: 'service_request', targetId: request.id });
  await publish(ex, 'officer_queue', 'service_requests', request.id);
  return true;
}

/** Purposes whose effect releases a credential or leads to a new activation: the checks must pass. */
export const CHECKED_PURPOSES: readonly ServicePurpose[] = ['reset_password', 'change_phone', 'lost_phone', 'change_holder', 'change_email'];

export type CheckName = 'holderMatches' | 'emailMatches';

/** What the records say about a request; officers see each line, "done" needs the required ones. */
export type ServiceRequestChecks = {
  accountFound: boolean;
  /** The requester's national ID against the holder's proven one; null when the account has no holder. */
  holderMatches: boolean | null;
  /** The contact email against the verified email on file; null when none is on file. */
  emailMatches: boolean | null;
  /** What the records hold, beside what the form says. */
  onFile: { nationalId: string | null; email: string | null };
  /** The checks this purpose needs; a check that cannot be made (null) does not pass. */
  required: CheckName[];
  passed: boolean;
};

export async function checkServiceRequest(ex: Executor, request: ServiceRequest): Promise<ServiceRequestChecks> {
  const { requester } = request;
  const [holder] = request.accountId
    ? await ex.select({ nationalId: persons.nationalId }).from(accounts)
      .innerJoin(persons, eq(persons.id, accounts.holderPersonId)).where(eq(accounts.id, request.accountId))
    : [];
  const email = request.accountId ? await verifiedEmailOf(ex, request.accountId) : null;
  const typedEmail = requester.email.trim().toLowerCase();
  const holderMatches = holder ? holder.nationalId === requester.nationalId : null;
  const emailMatches = email ? email.toLowerCase() === typedEmail : null;
  const required: CheckName[] = CHECKED_PURPOSES.includes(request.purpose) ? ['holderMatches', 'emailMatches'] : [];
  const values = { holderMatches, emailMatches };
  return {
    accountFound: Boolean(request.accountId), holderMatches, emailMatches,
    onFile: { nationalId: holder?.nationalId ?? null, email },
    required, passed: Boolean(request.accountId) && required.every((name) => values[name] === true),
  };
}

const masked = (id: string | null) => (id ? maskNationalId(id) : id);

/** A request in the officers' queue: the requester's national ID masked (PDPA), the purpose's details left for its page. */
export function queueItemOf({ purposeDetail: _detail, ...request }: ServiceRequest) {
  return { ...request, requester: { ...request.requester, nationalId: masked(request.requester.nationalId) } };
}

/**
 * One request for an officer's page: who processed and reviewed it, each check, and whether
 * this officer may sign it off. National IDs are masked (PDPA); the checks compare the full
 * numbers, and `revealServiceRequestNationalIds` shows them, audited.
 */
export async function describeServiceRequest(ex: Executor, officer: Pick<Account, 'id'>, id: string) {
  const found = await getServiceRequestWithOfficers(ex, id);
  if (!found) return undefined;
  const { request } = found;
  const checks = await checkServiceRequest(ex, request);
  return {
    ...request,
    requester: { ...request.requester, nationalId: masked(request.requester.nationalId) },
    processedByOfficer: found.processedByOfficer,
    reviewedByOfficer: found.reviewedByOfficer,
    checks: { ...checks, onFile: { ...checks.onFile, nationalId: masked(checks.onFile.nationalId) } },
    // Four-eyes: the reviewer is someone other than the officer who processed it.
    canReview: request.status === 'processed' && request.processedBy !== officer.id,
  };
}

export type ServiceRequestNationalIds = {
  /** As the requester typed it on the form. */
  requesterNationalId: string;
  /** The account holder's proven one, when the account has a holder. */
  onFileNationalId: string | null;
};

/**
 * The full national IDs behind the request page's masked ones, for the officer who presses
 * "show"; each look is audited (PDPA). Call inside a transaction.
 */
export async function revealServiceRequestNationalIds(ex: Executor, id: string, actor: AuditActor): Promise<ServiceRequestNationalIds | undefined> {
  const found = await getServiceRequestWithOfficers(ex, id);
  if (!found) return undefined;
  const { request } = found;
  const { onFile } = await checkServiceRequest(ex, request);
  await recordAudit(ex, actor, 'service_request.national_id_view', {
    accountId: request.accountId, nationalId: request.requester.nationalId || onFile.nationalId, targetType: 'service_request', targetId: request.id,
  });
  return { requesterNationalId: request.requester.nationalId, onFileNationalId: onFile.nationalId };
}

/** The signed scan for an officer's viewer; each opening is audited. */
export async function openServiceRequestScan(ex: Executor, id: string, actor: AuditActor) {
  const doc = await getServiceRequestScan(ex, id);
  if (!doc) return null;
  await recordAudit(ex, actor, 'document.view', { accountId: doc.accountId, targetType: 'document', targetId: doc.id });
  return { filename: doc.filename, content: doc.content };
}

export type ProcessResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_submitted' | 'no_account' | 'reason_required' | 'checks_failed' };

/** The officer's decision: ดำเนินการตามคำร้องเรียบร้อยแล้ว, or ไม่สามารถดำเนินการได้ เนื่องจาก … */
export async function processServiceRequest(
  ex: Executor, clock: Clock, input: { officer: Account; id: string; outcome: 'done' | 'refused'; reason?: string }, actor: AuditActor,
): Promise<ProcessResult> {
  const [request] = await ex.select().from(serviceRequests).where(eq(serviceRequests.id, input.id));
  if (!request) return { ok: false, reason: 'not_found' };
  if (request.status !== 'submitted') return { ok: false, reason: 'not_submitted' };
  if (input.outcome === 'refused' && !input.reason?.trim()) return { ok: false, reason: 'reason_required' };
  if (input.outcome === 'done' && !request.accountId) return { ok: false, reason: 'no_account' };
  if (input.outcome === 'done' && !(await checkServiceRequest(ex, request)).passed) {
    await recordAudit(ex, actor, 'service_request.process.checks_failed', { accountId: request.accountId, targetType: 'service_request', targetId: request.id });
    return { ok: false, reason: 'checks_failed' };
  }
  const [row] = await ex.update(serviceRequests).set({
    status: 'processed', outcome: input.outcome, outcomeReason: input.outcome === 'refused' ? input.reason!.trim() : null,
    processedBy: input.officer.id, processedAt: clock.now(), updatedAt: clock.now(),
  }).where(and(eq(serviceRequests.id, request.id), eq(serviceRequests.status, 'submitted'))).returning({ id: serviceRequests.id });
  if (!row) return { ok: false, reason: 'not_submitted' };
  await recordAudit(ex, actor, 'service_request.process', {
    accountId: request.accountId, targetType: 'service_request', targetId: request.id, details: { outcome: input.outcome, reason: input.reason },
  });
  await publish(ex, 'officer_queue', 'service_requests', request.id);
  return { ok: true };
}

export type ReviewResult =
  | { ok: true; request: ServiceRequest; slip: Slip | null }
  | { ok: false; reason: 'not_found' | 'not_processed' | 'same_person' | 'checks_failed' };

/**
 * ได้ตรวจสอบความถูกต้องแล้ว: a different person signs off; then the effects apply and the outcome
 * is emailed. The checks run again (the records may have changed since processing). A change of
 * holder answers with the new initial password as a slip, for this reviewer to print and seal.
 */
export async function reviewServiceRequest(
  ex: Executor, clock: Clock, input: { reviewer: Account; id: string; publicOrigin: string }, actor: AuditActor,
): Promise<ReviewResult> {
  const [request] = await ex.select().from(serviceRequests).where(eq(serviceRequests.id, input.id)).for('update');
  if (!request) return { ok: false, reason: 'not_found' };
  if (request.status !== 'processed') return { ok: false, reason: 'not_processed' };
  if (request.processedBy === input.reviewer.id) return { ok: false, reason: 'same_person' };
  if (request.outcome === 'done' && !(await checkServiceRequest(ex, request)).passed) return { ok: false, reason: 'checks_failed' };
  const now = clock.now();
  const [done] = await ex.update(serviceRequests).set({ status: 'completed', reviewedBy: input.reviewer.id, reviewedAt: now, updatedAt: now })
    .where(and(eq(serviceRequests.id, request.id), eq(serviceRequests.status, 'processed'))).returning();
  if (!done) return { ok: false, reason: 'not_processed' };
  const recipient = await registeredEmail(ex, request);
  let slip: Slip | null = null;
  if (request.outcome === 'done' && request.accountId) {
    slip = await applyEffect(ex, clock, done, recipient, { origin: input.publicOrigin, reviewer: input.reviewer }, actor);
  } else if (recipient) {
    await enqueueMail(ex, { to: recipient, ...outcomeMail(request, { kind: 'refused', reason: request.outcomeReason }) });
  }
  await recordAudit(ex, actor, 'service_request.review', { accountId: request.accountId, targetType: 'service_request', targetId: request.id, details: { outcome: request.outcome } });
  await publish(ex, 'officer_queue', 'service_requests', request.id);
  return { ok: true, request: done, slip };
}

/**
 * Outcome notices go only to the verified email on file. The form's contact email is never
 * written to: anyone can type any address there, and even a plain "done" tells that address
 * the account exists. Without a verified email the requester follows the request by its
 * tracking number on the status page.
 */
async function registeredEmail(ex: Executor, request: ServiceRequest): Promise<string | null> {
  return request.accountId ? verifiedEmailOf(ex, request.accountId) : null;
}

function outcomeMail(request: ServiceRequest, outcome: ServiceRequestOutcome) {
  return serviceRequestOutcomeMail(request, PURPOSE_LABELS[request.purpose], outcome);
}

async function applyEffect(
  ex: Executor, clock: Clock, request: ServiceRequest, recipient: string | null,
  context: { origin: string; reviewer: Account }, actor: AuditActor,
): Promise<Slip | null> {
  const [account] = await ex.select().from(accounts).where(eq(accounts.id, request.accountId!));
  // Officers recover through the admin CLI only; a request can never act on their account.
  if (!account || account.kind !== 'staff') return null;
  const detail = request.purposeDetail ?? {};
  const mail = (outcome: ServiceRequestOutcome) => (recipient ? enqueueMail(ex, { to: recipient, ...outcomeMail(request, outcome) }) : Promise.resolve());
  let slip: Slip | null = null;
  switch (request.purpose) {
    case 'reset_password': {
      // A link to the verified email on file, never a password in a mail (FLOWS §6).
      await createPasswordReset(ex, clock, { accountId: account.id, reason: 'service_request', origin: context.origin }, actor);
      await mail({ kind: 'reset_password' });
      break;
    }
    case 'change_phone':
    case 'lost_phone': {
      await revokeToken(ex, clock, { account, reason: PURPOSE_LABELS[request.purpose].th, releaseHolder: false }, actor);
      // No token (never activated): the approved registration still goes back to proofing.
      await returnToProofing(ex, clock, { accountId: account.id, reason: PURPOSE_LABELS[request.purpose].th }, actor);
      // Whoever knew the password when this was filed may be who took the phone. A password
      // replaced since then through the verified email (after "not me") is already the holder's.
      const replacedSince = account.passwordChangedAt && account.passwordChangedAt > request.createdAt && !account.passwordSuspendedAt;
      if (!replacedSince) {
        await suspendPassword(ex, clock, { accountId: account.id, reason: request.purpose }, actor);
        await createPasswordReset(ex, clock, { accountId: account.id, reason: request.purpose, origin: context.origin }, actor);
      }
      await mail({ kind: 'new_phone', passwordReset: !replacedSince });
      break;
    }
    case 'change_holder': {
      const revoked = await revokeToken(ex, clock, { account, reason: `${PURPOSE_LABELS.change_holder.th} ${HOLDER_REASONS[detail.holderReason ?? 'other'].th}`, releaseHolder: true }, actor);
      if (!revoked.ok) {
        await ex.update(accounts).set({ holderPersonId: null, updatedAt: clock.now() }).where(eq(accounts.id, account.id));
        // No token yet: whatever registration the old holder had open goes too.
        await ex.update(registrations).set({ status: 'cancelled', updatedAt: clock.now() })
          .where(and(eq(registrations.accountId, account.id), notInArray(registrations.status, ['rejected', 'cancelled'])));
      }
      // The account is fresh again. Its initial password is not mailed to the typed address (an
      // unverified one): it is a sealed slip for the reviewing officer to hand over, and the new
      // holder then registers from step 1, proofing and officer approval included.
      await cancelPasswordResets(ex, clock, account.id);
      const initialPassword = generateInitialPassword();
      await ex.update(accounts).set({
        passwordHash: await hashPassword(initialPassword), passwordIsInitial: true, mustChangePassword: false,
        passwordSuspendedAt: null, passwordSuspendReason: null, updatedAt: clock.now(),
      }).where(eq(accounts.id, account.id));
      await deleteAccountSessions(ex, account.id);
      const unit = await findUnit(ex, account.unitCode);
      slip = { username: account.username, initialPassword, unitCode: account.unitCode, unitName: unit?.name ?? '', displayName: account.displayName };
      // Recorded as a reissue by the reviewer, so four-eyes rules see who held this password.
      await recordAudit(ex, { ...actor, accountId: context.reviewer.id }, 'account.initial_password.reissue', {
        accountId: account.id, targetType: 'account', targetId: account.id, details: { via: 'service_request', serviceRequest: request.id },
      });
      await mail({ kind: 'change_holder' });
      break;
    }
    case 'change_email': {
      if (detail.newEmail) await startEmailChange(ex, clock, { account, newEmail: detail.newEmail, origin: context.origin });
      await mail({ kind: 'change_email', newEmail: detail.newEmail ?? '' });
      break;
    }
    case 'other':
      await mail({ kind: 'other' });
      break;
  }
  await recordAudit(ex, actor, `service_request.effect.${request.purpose}`, { accountId: account.id, targetType: 'service_request', targetId: request.id });
  return slip;
}

export const EMAIL_CHANGE_TTL_MS = 7 * 86_400_000;

/** A link to the new address; the email on record changes only when it is opened (verified again). */
async function startEmailChange(ex: Executor, clock: Clock, input: { account: Account; newEmail: string; origin: string }) {
  const token = randomToken(32);
  await ex.update(emailCodes).set({ consumedAt: clock.now() })
    .where(and(eq(emailCodes.accountId, input.account.id), isNull(emailCodes.registrationId), isNull(emailCodes.consumedAt)));
  await ex.insert(emailCodes).values({
    accountId: input.account.id, email: input.newEmail, codeHash: sha256(token),
    resendAfter: clock.now(), expiresAt: new Date(clock.now().getTime() + EMAIL_CHANGE_TTL_MS), createdAt: clock.now(),
  });
  await enqueueMail(ex, { to: input.newEmail, ...emailChangeLinkMail(input.account.username, `${input.origin}/verify-email#${token}`, EMAIL_CHANGE_TTL_MS / 86_400_000) });
}

export type VerifyEmailChangeResult = { ok: true; email: string } | { ok: false; reason: 'invalid' | 'email_taken' | 'wrong_account' };

/**
 * The new address proves itself, and the holder proves themself: the link is applied only in a
 * browser signed in to that account with the phone's approval (a portal session), since a form's
 * national ID and email are not secrets (FLOWS §6). Then it becomes the email on record, verified.
 */
export async function verifyEmailChange(
  ex: Executor, clock: Clock, input: { token: string; sessionAccountId: string }, actor: AuditActor,
): Promise<VerifyEmailChangeResult> {
  const hash = sha256(input.token);
  const [row] = await ex.select().from(emailCodes).where(and(eq(emailCodes.codeHash, hash), isNull(emailCodes.registrationId), isNull(emailCodes.consumedAt)));
  if (!row || !safeEqual(row.codeHash, hash) || row.expiresAt <= clock.now()) return { ok: false, reason: 'invalid' };
  if (row.accountId !== input.sessionAccountId) {
    await recordAudit(ex, actor, 'email.change.wrong_account', { accountId: row.accountId });
    return { ok: false, reason: 'wrong_account' };
  }
  const [holder] = await ex.select({ person: persons }).from(accounts).innerJoin(persons, eq(persons.id, accounts.holderPersonId)).where(eq(accounts.id, row.accountId));
  if (!holder) return { ok: false, reason: 'invalid' };
  if (await emailBoundElsewhere(ex, row.email, holder.person.nationalId)) return { ok: false, reason: 'email_taken' };
  const [consumed] = await ex.update(emailCodes).set({ consumedAt: clock.now() }).where(and(eq(emailCodes.id, row.id), isNull(emailCodes.consumedAt))).returning({ id: emailCodes.id });
  if (!consumed) return { ok: false, reason: 'invalid' };
  await ex.update(persons).set({ email: row.email, emailVerifiedAt: clock.now(), updatedAt: clock.now() }).where(eq(persons.id, holder.person.id));
  // The old address hears of it, so a change the holder did not make does not go unnoticed.
  if (holder.person.email && holder.person.email !== row.email) {
    await enqueueMail(ex, { to: holder.person.email, ...emailChangedMail(row.email) });
  }
  await recordAudit(ex, actor, 'email.change.verified', { accountId: row.accountId, details: { email: row.email } });
  return { ok: true, email: row.email };
}

/**
 * "This was not me" (R-6.2, FLOWS §6): whoever typed the password is not the holder. The token
 * and the password are suspended at once (every session ends), the holder gets a reset link at
 * the verified email on file, and officers get a lost-phone request, whose effect sends the
 * registration back to proofing.
 */
export async function suspendAfterNotMe(
  ex: Executor, clock: Clock, input: { accountId: string; loginRequestId: string; origin: string }, actor: AuditActor,
): Promise<void> {
  const now = clock.now();
  await ex.update(authenticators).set({ suspendedAt: now }).where(activeTokenOf(input.accountId));
  await suspendPassword(ex, clock, { accountId: input.accountId, reason: 'not_me' }, actor);
  await createPasswordReset(ex, clock, { accountId: input.accountId, reason: 'not_me', origin: input.origin }, actor);
  const [row] = await ex.select({ account: accounts, person: persons, unit: unitViewColumns }).from(accounts)
    .innerJoin(units, eq(units.code, accounts.unitCode))
    .leftJoin(persons, eq(persons.id, accounts.holderPersonId)).where(eq(accounts.id, input.accountId));
  if (!row) return;
  const name = row.person ? thaiFullName(row.person) : '';
  const [request] = await ex.insert(serviceRequests).values({
    trackingNumber: newTrackingNumber(), unitCode: row.account.unitCode, username: row.account.username, accountId: row.account.id,
    requester: { name, nationalId: row.person?.nationalId ?? '', email: row.person?.email ?? '', mobile: row.person?.mobile ?? '', division: '', department: row.unit.department, ministry: row.unit.ministry, unitName: row.unit.name },
    purpose: 'lost_phone', purposeDetail: { source: 'not_me', loginRequestId: input.loginRequestId }, status: 'submitted', createdAt: now, updatedAt: now,
  }).returning({ id: serviceRequests.id });
  await recordAudit(ex, actor, 'token.suspend.not_me', { accountId: input.accountId, targetType: 'service_request', targetId: request!.id });
  await publish(ex, 'officer_queue', 'service_requests', request!.id);
}
