/**
 * Service requests (SPEC §9, แบบคำร้องขอใช้บริการ Soft Token). Anyone may file one without
 * logging in (the phone may be lost); the answer never says whether the account or email
 * exists. The requester prints the filled form, has it signed, uploads the scan; an officer
 * processes it (done, or refused with a reason) and a reviewer — another person — signs it
 * off, and only then do its effects apply and the outcome is emailed.
 */
import { and, eq, isNull, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/index.ts';
import {
  accounts, authenticators, emailCodes, persons, registrations, serviceRequests, units,
  type Account, type ServiceRequest, SERVICE_PURPOSES,
} from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword, randomString, randomToken, safeEqual, sha256 } from '../lib/crypto.ts';
import { enqueueMail } from '../services/mail.ts';
import { publish } from '../services/live.ts';
import { generateInitialPassword } from './accounts.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { emailBoundElsewhere } from './email-otp.ts';
import { emailSchema, mobileSchema, nationalIdSchema, unitCodeSchema, usernameSchema } from './identifiers.ts';
import { revokeToken } from './revocation.ts';
import { deleteAccountSessions } from './sessions.ts';

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

/** File a request. The account is resolved quietly; nothing in the answer depends on it. */
export async function createServiceRequest(
  ex: Executor, clock: Clock, input: ServiceRequestInput, actor: AuditActor,
): Promise<CreateServiceRequestResult> {
  const [unit] = await ex.select().from(units).where(eq(units.code, input.unitCode));
  if (!unit) return { ok: false, reason: 'unit_unknown' };
  const [account] = await ex.select({ id: accounts.id }).from(accounts)
    .where(and(eq(accounts.username, input.username), eq(accounts.unitCode, input.unitCode)));
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

/** The signed scan arrives: the request enters the officers' queue. */
export async function attachScan(ex: Executor, clock: Clock, request: ServiceRequest, documentId: string, actor: AuditActor): Promise<boolean> {
  const [row] = await ex.update(serviceRequests).set({ scanDocumentId: documentId, status: 'submitted', updatedAt: clock.now() })
    .where(and(eq(serviceRequests.id, request.id), eq(serviceRequests.status, 'awaiting_scan'))).returning({ id: serviceRequests.id });
  if (!row) return false;
  await recordAudit(ex, actor, 'service_request.scan', { accountId: request.accountId, targetType: 'service_request', targetId: request.id });
  await publish(ex, 'officer_queue', 'service_requests', request.id);
  return true;
}

export type ProcessResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_submitted' | 'no_account' | 'reason_required' };

/** The officer's decision: ดำเนินการตามคำร้องเรียบร้อยแล้ว, or ไม่สามารถดำเนินการได้ เนื่องจาก … */
export async function processServiceRequest(
  ex: Executor, clock: Clock, input: { officer: Account; id: string; outcome: 'done' | 'refused'; reason?: string }, actor: AuditActor,
): Promise<ProcessResult> {
  const [request] = await ex.select().from(serviceRequests).where(eq(serviceRequests.id, input.id));
  if (!request) return { ok: false, reason: 'not_found' };
  if (request.status !== 'submitted') return { ok: false, reason: 'not_submitted' };
  if (input.outcome === 'refused' && !input.reason?.trim()) return { ok: false, reason: 'reason_required' };
  if (input.outcome === 'done' && !request.accountId) return { ok: false, reason: 'no_account' };
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

export type ReviewResult = { ok: true; request: ServiceRequest } | { ok: false; reason: 'not_found' | 'not_processed' | 'same_person' };

/** ได้ตรวจสอบความถูกต้องแล้ว: a different person signs off; then the effects apply and the outcome is emailed. */
export async function reviewServiceRequest(
  ex: Executor, clock: Clock, input: { reviewer: Account; id: string; publicOrigin: string }, actor: AuditActor,
): Promise<ReviewResult> {
  const [request] = await ex.select().from(serviceRequests).where(eq(serviceRequests.id, input.id)).for('update');
  if (!request) return { ok: false, reason: 'not_found' };
  if (request.status !== 'processed') return { ok: false, reason: 'not_processed' };
  if (request.processedBy === input.reviewer.id) return { ok: false, reason: 'same_person' };
  const now = clock.now();
  const [done] = await ex.update(serviceRequests).set({ status: 'completed', reviewedBy: input.reviewer.id, reviewedAt: now, updatedAt: now })
    .where(and(eq(serviceRequests.id, request.id), eq(serviceRequests.status, 'processed'))).returning();
  if (!done) return { ok: false, reason: 'not_processed' };
  const recipient = await registeredEmail(ex, request);
  if (request.outcome === 'done' && request.accountId) {
    await applyEffect(ex, clock, done, recipient, input.publicOrigin, actor);
  } else if (recipient) {
    await enqueueMail(ex, { to: recipient, ...outcomeMail(request, `ไม่สามารถดำเนินการได้ เนื่องจาก ${request.outcomeReason}`, `Could not be done because: ${request.outcomeReason}`) });
  }
  await recordAudit(ex, actor, 'service_request.review', { accountId: request.accountId, targetType: 'service_request', targetId: request.id, details: { outcome: request.outcome } });
  await publish(ex, 'officer_queue', 'service_requests', request.id);
  return { ok: true, request: done };
}

/** Outcomes go to the email on record for the account's holder; the typed one only when there is none. */
async function registeredEmail(ex: Executor, request: ServiceRequest): Promise<string | null> {
  if (request.accountId) {
    const [row] = await ex.select({ email: persons.email }).from(accounts)
      .innerJoin(persons, eq(persons.id, accounts.holderPersonId)).where(eq(accounts.id, request.accountId));
    if (row?.email) return row.email;
  }
  const typed = (request.requester as { email?: unknown }).email;
  return typeof typed === 'string' ? typed : null;
}

function outcomeMail(request: ServiceRequest, th: string, en: string) {
  return {
    subject: `ผลการดำเนินการตามคำร้องขอใช้บริการ Soft Token เลขที่ ${request.trackingNumber}`,
    text: `คำร้อง: ${PURPOSE_LABELS[request.purpose].th}\nชื่อผู้ใช้งาน: ${request.username}\n\n${th}\n\nRequest ${request.trackingNumber} (${PURPOSE_LABELS[request.purpose].en}): ${en}\n\n—\nระบบการพิสูจน์ยืนยันตัวตน Soft Token กรมบัญชีกลาง`,
  };
}

async function applyEffect(ex: Executor, clock: Clock, request: ServiceRequest, recipient: string | null, origin: string, actor: AuditActor) {
  const [account] = await ex.select().from(accounts).where(eq(accounts.id, request.accountId!));
  if (!account) return;
  const detail = (request.purposeDetail ?? {}) as Partial<ServiceRequestInput>;
  const mail = (th: string, en: string, to = recipient) => (to ? enqueueMail(ex, { to, ...outcomeMail(request, th, en) }) : Promise.resolve());
  const done = 'ดำเนินการตามคำร้องเรียบร้อยแล้ว';
  switch (request.purpose) {
    case 'reset_password': {
      const temporary = generateInitialPassword();
      const [token] = await ex.select({ id: authenticators.id }).from(authenticators)
        .where(and(eq(authenticators.accountId, account.id), isNull(authenticators.revokedAt)));
      // With a token the next login forces a change; without one it is a new initial password.
      await ex.update(accounts).set({ passwordHash: await hashPassword(temporary), mustChangePassword: Boolean(token), passwordIsInitial: !token, updatedAt: clock.now() })
        .where(eq(accounts.id, account.id));
      await deleteAccountSessions(ex, account.id);
      await mail(`${done}\nรหัสผ่านชั่วคราวของท่านคือ ${temporary}\nกรุณา Login แล้วเปลี่ยนรหัสผ่านทันที`, `Done. Your temporary password is ${temporary}; log in and change it at once.`);
      break;
    }
    case 'change_phone':
    case 'lost_phone': {
      await revokeToken(ex, clock, { account, reason: PURPOSE_LABELS[request.purpose].th, releaseHolder: false }, actor);
      await mail(`${done}\nSoft Token เดิมถูกยกเลิกแล้ว กรุณา Login เข้าสู่ระบบและลงทะเบียน Soft Token (ขั้นตอนที่ 5) ด้วยโทรศัพท์มือถือเครื่องใหม่`, 'Done. The old soft token is revoked: log in and activate the soft token (step 5) on the new phone.');
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
      const initialPassword = generateInitialPassword();
      await ex.update(accounts).set({ passwordHash: await hashPassword(initialPassword), passwordIsInitial: true, mustChangePassword: false, updatedAt: clock.now() })
        .where(eq(accounts.id, account.id));
      await deleteAccountSessions(ex, account.id);
      await mail(`${done}\nผู้ใช้งานเดิมถูกยกเลิกสิทธิแล้ว`, 'Done. The previous holder has been released.');
      if (detail.newHolderEmail) {
        await enqueueMail(ex, {
          to: detail.newHolderEmail,
          subject: `รหัสผ่านเริ่มต้นของ Soft Token - ชื่อผู้ใช้งาน ${account.username}`,
          text: `ท่านได้รับสิทธิเป็นผู้ใช้งาน ${account.username}\nรหัสผู้ใช้งาน: ${account.username}\nรหัสผ่านเริ่มต้น: ${initialPassword}\n\nกรุณา Login ที่ ${origin}/ แล้วดำเนินการลงทะเบียน Soft Token ตามขั้นตอน (แนะนำให้คัดลอกและวางรหัสผ่าน)\n\nYou are the new holder of ${account.username}. Log in at ${origin}/ with the initial password above and register.`,
        });
      }
      break;
    }
    case 'change_email': {
      if (detail.newEmail) await startEmailChange(ex, clock, { account, newEmail: detail.newEmail, origin });
      await mail(`${done}\nกรุณายืนยันอีเมลใหม่ ${detail.newEmail ?? ''} จากลิงก์ที่ส่งไปยังอีเมลนั้น`, `Done. Confirm the new email ${detail.newEmail ?? ''} from the link sent to it.`);
      break;
    }
    case 'other':
      await mail(`${done}\nเจ้าหน้าที่จะติดต่อกลับทางโทรศัพท์`, 'Done. An officer will call you back.');
      break;
  }
  await recordAudit(ex, actor, `service_request.effect.${request.purpose}`, { accountId: account.id, targetType: 'service_request', targetId: request.id });
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
  await enqueueMail(ex, {
    to: input.newEmail,
    subject: 'ยืนยันอีเมลใหม่สำหรับ Soft Token',
    text: `กรุณาเปิดลิงก์ด้านล่างเพื่อยืนยันอีเมลใหม่ของชื่อผู้ใช้งาน ${input.account.username} (ลิงก์ใช้ได้ 7 วัน)\n\n${input.origin}/verify-email#${token}\n\nOpen the link above to confirm the new email of ${input.account.username} (valid 7 days).`,
  });
}

export type VerifyEmailChangeResult = { ok: true; email: string } | { ok: false; reason: 'invalid' | 'email_taken' };

/** The new address proves itself: it becomes the holder's email on record, verified. */
export async function verifyEmailChange(ex: Executor, clock: Clock, token: string, actor: AuditActor): Promise<VerifyEmailChangeResult> {
  const hash = sha256(token);
  const [row] = await ex.select().from(emailCodes).where(and(eq(emailCodes.codeHash, hash), isNull(emailCodes.registrationId), isNull(emailCodes.consumedAt)));
  if (!row || !safeEqual(row.codeHash, hash) || row.expiresAt <= clock.now()) return { ok: false, reason: 'invalid' };
  const [holder] = await ex.select({ person: persons }).from(accounts).innerJoin(persons, eq(persons.id, accounts.holderPersonId)).where(eq(accounts.id, row.accountId));
  if (!holder) return { ok: false, reason: 'invalid' };
  if (await emailBoundElsewhere(ex, row.email, holder.person.nationalId)) return { ok: false, reason: 'email_taken' };
  const [consumed] = await ex.update(emailCodes).set({ consumedAt: clock.now() }).where(and(eq(emailCodes.id, row.id), isNull(emailCodes.consumedAt))).returning({ id: emailCodes.id });
  if (!consumed) return { ok: false, reason: 'invalid' };
  await ex.update(persons).set({ email: row.email, emailVerifiedAt: clock.now(), updatedAt: clock.now() }).where(eq(persons.id, holder.person.id));
  await recordAudit(ex, actor, 'email.change.verified', { accountId: row.accountId, details: { email: row.email } });
  return { ok: true, email: row.email };
}

/** "This was not me" (R-6.2, [REQ]): suspend the token at once and open a lost-phone request for officers. */
export async function suspendAfterNotMe(ex: Executor, clock: Clock, input: { accountId: string; loginRequestId: string }, actor: AuditActor): Promise<void> {
  const now = clock.now();
  await ex.update(authenticators).set({ suspendedAt: now }).where(and(eq(authenticators.accountId, input.accountId), isNull(authenticators.revokedAt)));
  const [row] = await ex.select({ account: accounts, person: persons, unit: units }).from(accounts)
    .innerJoin(units, eq(units.code, accounts.unitCode))
    .leftJoin(persons, eq(persons.id, accounts.holderPersonId)).where(eq(accounts.id, input.accountId));
  if (!row) return;
  const name = row.person ? [row.person.title && `${row.person.title}${row.person.firstNameTh}`, row.person.lastNameTh].filter(Boolean).join(' ') : '';
  const [request] = await ex.insert(serviceRequests).values({
    trackingNumber: newTrackingNumber(), unitCode: row.account.unitCode, username: row.account.username, accountId: row.account.id,
    requester: { name, nationalId: row.person?.nationalId ?? '', email: row.person?.email ?? '', mobile: row.person?.mobile ?? '', division: '', department: row.unit.department, ministry: row.unit.ministry, unitName: row.unit.name },
    purpose: 'lost_phone', purposeDetail: { source: 'not_me', loginRequestId: input.loginRequestId }, status: 'submitted', createdAt: now, updatedAt: now,
  }).returning({ id: serviceRequests.id });
  await recordAudit(ex, actor, 'token.suspend.not_me', { accountId: input.accountId, targetType: 'service_request', targetId: request!.id });
  await publish(ex, 'officer_queue', 'service_requests', request!.id);
}
