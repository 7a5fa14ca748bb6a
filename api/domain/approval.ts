/**
 * Officer decisions on registrations (R-4.1 … ). Approval makes the proven person the
 * account's holder; rejection needs a reason and lets the person start again from step 1.
 * An officer never decides on a registration for their own account or national ID, nor for
 * an account they created or gave a password to (four-eyes, FLOWS §7).
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { officerIssuedCredentials } from '../../db/queries/audit.ts';
import { accounts, persons, registrations, type Account, type Registration } from '../../db/schema.ts';
import { withNationalId } from '../../db/sealing.ts';
import type { Clock } from '../lib/clock.ts';
import { enqueueMail } from '../services/mail.ts';
import { publish } from '../services/live.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { registrationApprovedMail, registrationRejectedMail } from './emails.ts';
import { moveRegistration } from './registration.ts';

/** Why an officer may not decide a registration (four-eyes, FLOWS §7). */
export type FourEyesConflict = 'own_registration' | 'own_national_id' | 'issued_credentials' | 'officer_national_id_missing';

export type DecisionResult =
  | { ok: true; registration: Registration }
  | { ok: false; reason: 'not_found' | 'not_pending' | FourEyesConflict };

/**
 * Four-eyes: no decision on the officer's own account, on a registration proven (or entered)
 * with the officer's own national ID, nor on an account the officer created or gave a
 * password to. An officer with no national ID on record cannot be checked, so cannot decide.
 */
export async function fourEyesConflict(
  ex: Executor, officer: Account, registration: Pick<Registration, 'accountId' | 'nationalId' | 'proofedClaims'>,
): Promise<FourEyesConflict | null> {
  if (registration.accountId === officer.id) return 'own_registration';
  if (!officer.nationalId) return 'officer_national_id_missing';
  const own = new Set([officer.nationalId]);
  if (officer.holderPersonId) {
    const [p] = await ex.select({ nationalId: persons.nationalId }).from(persons).where(eq(persons.id, officer.holderPersonId));
    if (p) own.add(p.nationalId);
  }
  const proven = registration.proofedClaims?.nationalId;
  if ([registration.nationalId, proven].some((id) => id && own.has(id))) return 'own_national_id';
  if (await officerIssuedCredentials(ex, officer.id, registration.accountId)) return 'issued_credentials';
  return null;
}

async function loadForDecision(ex: Executor, officer: Account, registrationId: string) {
  const [row] = await ex.select({ registration: registrations, account: accounts }).from(registrations)
    .innerJoin(accounts, eq(accounts.id, registrations.accountId)).where(eq(registrations.id, registrationId));
  if (!row) return { ok: false as const, reason: 'not_found' as const };
  if (row.registration.status !== 'pending') return { ok: false as const, reason: 'not_pending' as const };
  const conflict = await fourEyesConflict(ex, officer, row.registration);
  if (conflict) return { ok: false as const, reason: conflict };
  return { ok: true as const, ...row };
}

export async function approveRegistration(
  ex: Executor, clock: Clock, input: { officer: Account; registrationId: string }, actor: AuditActor,
): Promise<DecisionResult> {
  const found = await loadForDecision(ex, input.officer, input.registrationId);
  if (!found.ok) return found;
  const { registration, account } = found;
  const { proofedClaims: proven, personal } = registration;
  // Submission needs both: a pending row without them is not decidable.
  if (!proven || !personal) return { ok: false, reason: 'not_pending' };
  const now = clock.now();
  const person = {
    title: proven.title, firstNameTh: proven.firstNameTh, middleNameTh: proven.middleNameTh, lastNameTh: proven.lastNameTh,
    titleEn: proven.titleEn, firstNameEn: proven.firstNameEn, middleNameEn: proven.middleNameEn, lastNameEn: proven.lastNameEn,
    birthDate: proven.birthDate, address: personal.address, mobile: personal.mobile, phone: personal.phone ?? null,
    email: registration.email, emailVerifiedAt: registration.emailVerifiedAt, updatedAt: now,
  };
  const [saved] = await ex.insert(persons).values({ ...withNationalId(proven.nationalId), ...person })
    .onConflictDoUpdate({ target: persons.nationalIdIndex, set: person }).returning({ id: persons.id });
  const moved = await moveRegistration(ex, clock, registration.id, 'pending', {
    status: 'approved', decidedAt: now, decidedBy: input.officer.id, personId: saved!.id,
  });
  if (!moved) return { ok: false, reason: 'not_pending' };
  await ex.update(accounts).set({ holderPersonId: saved!.id, updatedAt: now }).where(eq(accounts.id, account.id));
  await enqueueMail(ex, { to: registration.email!, ...registrationApprovedMail(account.username) });
  await recordAudit(ex, actor, 'registration.approve', { accountId: account.id, nationalId: registration.nationalId, targetType: 'registration', targetId: registration.id });
  await publish(ex, 'officer_queue', 'registrations', registration.id);
  return { ok: true, registration: moved };
}

export async function rejectRegistration(
  ex: Executor, clock: Clock, input: { officer: Account; registrationId: string; reason: string }, actor: AuditActor,
): Promise<DecisionResult> {
  const found = await loadForDecision(ex, input.officer, input.registrationId);
  if (!found.ok) return found;
  const { registration, account } = found;
  const moved = await moveRegistration(ex, clock, registration.id, 'pending', {
    status: 'rejected', decidedAt: clock.now(), decidedBy: input.officer.id, rejectReason: input.reason,
  });
  if (!moved) return { ok: false, reason: 'not_pending' };
  await enqueueMail(ex, { to: registration.email!, ...registrationRejectedMail(account.username, input.reason) });
  await recordAudit(ex, actor, 'registration.reject', { accountId: account.id, nationalId: registration.nationalId, targetType: 'registration', targetId: registration.id, details: { reason: input.reason } });
  await publish(ex, 'officer_queue', 'registrations', registration.id);
  return { ok: true, registration: moved };
}
