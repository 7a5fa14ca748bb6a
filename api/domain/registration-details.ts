/**
 * Step 3 (R-3.5 … ): personal data (prefilled from the proven claims, proven fields
 * read-only), verified email, workplace; then submission for officer approval. Drafts are
 * saved as the person goes, so a half-done registration is never lost.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/index.ts';
import type { PersonalDetails, ProvenIdentity, WorkplaceDetails } from '../../db/json-types.ts';
import { registrations, type Registration } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { publish } from '../services/live.ts';
import { isRealAddress } from './address.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { emailBoundElsewhere } from './email-otp.ts';
import { mobileSchema } from './identifiers.ts';
import { moveRegistration } from './registration.ts';

const text = (max: number) => z.string().trim().min(1, 'required').max(max, 'too_long');
const optionalText = (max: number) => z.string().trim().max(max, 'too_long').optional().transform((v) => v || undefined);
const phone = z.string().trim().max(20, 'too_long').regex(/^[0-9 +()#-]*$/, 'phone_format').optional().transform((v) => v || undefined);

const addressParts = {
  province: text(100), district: text(100), subdistrict: text(100), postcode: z.string().trim().regex(/^\d{5}$/, 'postcode_format'),
};
const realAddress = <T extends { province: string; district: string; subdistrict: string; postcode: string }>(a: T) => isRealAddress(a);

/** ส่วนที่ 1: the fields a person may edit; proven ones come from the claims. */
export const PersonalSchema = z.object({
  address: z.object({ line1: text(200), line2: optionalText(200), ...addressParts })
    .refine(realAddress, { message: 'address_not_real', path: ['subdistrict'] }),
  mobile: mobileSchema,
  phone,
}) satisfies z.ZodType<PersonalDetails>;
export type PersonalInput = z.infer<typeof PersonalSchema>;

/** ส่วนที่ 2: ตำแหน่ง/สถานที่ทำงาน, `*` fields required. */
export const WorkplaceSchema = z.object({
  position: text(150), level: text(100), line1: text(200), ...addressParts, phone, fax: phone,
}).refine(realAddress, { message: 'address_not_real', path: ['subdistrict'] }) satisfies z.ZodType<WorkplaceDetails>;
export type WorkplaceInput = z.infer<typeof WorkplaceSchema>;

/** The read-only part of ส่วนที่ 1, straight from the proven identity. */
export function provenFields(registration: Registration): ProvenIdentity | null {
  return registration.proofedClaims;
}

/** Save one part of the draft (only while step 3 is open). */
export async function saveDetailsPart(
  ex: Executor, clock: Clock, registration: Registration, part: 'personal' | 'workplace', input: PersonalInput | WorkplaceInput, actor: AuditActor,
): Promise<boolean> {
  const [row] = await ex.update(registrations).set({ [part]: input, updatedAt: clock.now() })
    .where(and(eq(registrations.id, registration.id), eq(registrations.status, 'details'))).returning({ id: registrations.id });
  if (!row) return false;
  await recordAudit(ex, actor, `registration.${part}.save`, { accountId: registration.accountId, targetType: 'registration', targetId: registration.id });
  await publish(ex, 'registration', registration.accountId, `${part}_saved`);
  return true;
}

/** Clear both parts (เริ่มต้นใหม่); the verified email stays. */
export async function clearDetails(ex: Executor, clock: Clock, registration: Registration, actor: AuditActor): Promise<void> {
  await ex.update(registrations).set({ personal: null, workplace: null, updatedAt: clock.now() })
    .where(and(eq(registrations.id, registration.id), eq(registrations.status, 'details')));
  await recordAudit(ex, actor, 'registration.details.clear', { accountId: registration.accountId, targetType: 'registration', targetId: registration.id });
}

export type SubmitResult =
  | { ok: true; registration: Registration }
  | { ok: false; reason: 'wrong_step' | 'email_not_verified' | 'email_taken' }
  | { ok: false; reason: 'incomplete'; missing: Array<'personal' | 'workplace'> };

/** ยืนยันข้อมูล: every part present and valid, email verified and not another person's. */
export async function submitRegistration(ex: Executor, clock: Clock, registration: Registration, actor: AuditActor): Promise<SubmitResult> {
  if (registration.status !== 'details') return { ok: false, reason: 'wrong_step' };
  const missing: Array<'personal' | 'workplace'> = [];
  if (!PersonalSchema.safeParse(registration.personal).success) missing.push('personal');
  if (!WorkplaceSchema.safeParse(registration.workplace).success) missing.push('workplace');
  if (missing.length) return { ok: false, reason: 'incomplete', missing };
  if (!registration.email || !registration.emailVerifiedAt) return { ok: false, reason: 'email_not_verified' };
  if (await emailBoundElsewhere(ex, registration.email, registration.nationalId!)) return { ok: false, reason: 'email_taken' };
  const moved = await moveRegistration(ex, clock, registration.id, 'details', { status: 'pending', submittedAt: clock.now() });
  if (!moved) return { ok: false, reason: 'wrong_step' };
  await recordAudit(ex, actor, 'registration.submit', { accountId: moved.accountId, nationalId: moved.nationalId, targetType: 'registration', targetId: moved.id });
  await publish(ex, 'officer_queue', 'registrations', moved.id);
  return { ok: true, registration: moved };
}
