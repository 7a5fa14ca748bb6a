/**
 * What an officer sees before deciding (R-4.1): the proven claims beside what the person
 * entered, with every difference marked, and the facts around the account (its unit, its
 * current holder). Names and birth date are taken from the proof read-only (R-3.5), so
 * only the national ID of step 1, the address and a change of holder can differ.
 */
import type { Executor } from '../../db/index.ts';
import type { PersonalDetails, ProvenIdentity, WorkplaceDetails } from '../../db/json-types.ts';
import { getRegistrationDocument, getRegistrationForReview } from '../../db/queries/registrations.ts';
import type { UnitView } from '../../db/queries/units.ts';
import type { Account, Registration } from '../../db/schema.ts';
import { maskNationalId } from '../../db/sealing.ts';
import { thaiFullName } from '../lib/thai-name.ts';
import { fourEyesConflict, type FourEyesConflict } from './approval.ts';
import { recordAudit, type AuditActor } from './audit.ts';

export type ComparisonField = 'nationalId' | 'nameTh' | 'nameEn' | 'birthDate' | 'address' | 'holder';

export type ComparisonRow = {
  field: ComparisonField;
  proven: string | null;
  /** What the person entered, or null when the field was taken from the proof as is. */
  entered: string | null;
  differs: boolean;
};

const join = (...parts: Array<string | null | undefined>) => parts.map((p) => p?.trim()).filter(Boolean).join(' ') || null;
const norm = (s: string | null | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Row by row: proof against entry. Pure, so the rules are tested without a database.
 * `showId` writes each national ID into the rows (the review page masks them); differences
 * are always judged on the full numbers.
 */
export function compareWithProof(
  registration: Pick<Registration, 'nationalId' | 'proofedClaims' | 'personal'>,
  currentHolder: { nationalId: string; name: string | null } | null,
  showId: (nationalId: string) => string = (id) => id,
): ComparisonRow[] {
  const { proofedClaims: proven, personal } = registration;
  const rows: ComparisonRow[] = [];
  const provenId = proven?.nationalId ?? null;
  const show = (id: string | null) => (id ? showId(id) : id);
  rows.push({ field: 'nationalId', proven: show(provenId), entered: show(registration.nationalId), differs: provenId !== registration.nationalId });
  rows.push({ field: 'nameTh', proven: (proven && thaiFullName(proven)) || null, entered: null, differs: false });
  rows.push({ field: 'nameEn', proven: join(proven?.titleEn, proven?.firstNameEn, proven?.middleNameEn, proven?.lastNameEn), entered: null, differs: false });
  rows.push({ field: 'birthDate', proven: proven?.birthDate ?? null, entered: null, differs: false });

  const a = personal?.address;
  const entered = a ? join(a.line1, a.line2, a.subdistrict, a.district, a.province, a.postcode) : null;
  const p = proven?.address;
  let addressDiffers: boolean;
  if (!a || !p) addressDiffers = Boolean(a) !== Boolean(p);
  else if (p.parts) {
    const parts = p.parts;
    addressDiffers = norm(parts.line1) !== norm(join(a.line1, a.line2))
      || (['subdistrict', 'district', 'province', 'postcode'] as const).some((k) => norm(parts[k]) !== norm(a[k]));
  } else addressDiffers = norm(p.formatted) !== norm(entered);
  rows.push({ field: 'address', proven: p?.formatted ?? null, entered, differs: addressDiffers });

  // A different person holds the account today: approving hands it over (a change of holder).
  if (currentHolder) {
    rows.push({
      field: 'holder', proven: show(provenId), entered: `${showId(currentHolder.nationalId)}${currentHolder.name ? ` ${currentHolder.name}` : ''}`,
      differs: currentHolder.nationalId !== provenId,
    });
  }
  return rows;
}

export type RegistrationReview = {
  id: string;
  status: Registration['status'];
  submittedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: { username: string; displayName: string | null } | null;
  rejectReason: string | null;
  account: { id: string; username: string };
  unit: UnitView;
  /** Masked (PDPA); `revealRegistrationNationalIds` gives the full numbers, audited. */
  nationalId: string | null;
  proven: ProvenIdentity | null;
  personal: PersonalDetails | null;
  workplace: WorkplaceDetails | null;
  email: string | null;
  emailVerifiedAt: Date | null;
  /** National IDs in it are masked, like `nationalId`. */
  comparison: ComparisonRow[];
  document: { filename: string; size: number; uploadedAt: Date } | null;
  /** The officer may not decide (four-eyes): why, or null. */
  fourEyes: FourEyesConflict | null;
  /** The officer may not decide: `fourEyes` is set. */
  ownRegistration: boolean;
};

/** A registration as officers may see it: drafts that were never submitted are not for their eyes. */
async function submittedRegistration(ex: Executor, registrationId: string) {
  const row = await getRegistrationForReview(ex, registrationId);
  return row?.registration.submittedAt ? row : undefined;
}

type ReviewRow = NonNullable<Awaited<ReturnType<typeof submittedRegistration>>>;

/** Who holds the account today, as the comparison shows it. */
function currentHolderOf({ holder }: ReviewRow) {
  return holder?.nationalId ? { nationalId: holder.nationalId, name: thaiFullName(holder) || null } : null;
}

const masked = (id: string | null) => (id ? maskNationalId(id) : id);

/** One registration for the review page, national IDs masked (PDPA); the look is audited, as every officer action is (R-10.1). */
export async function reviewRegistration(
  ex: Executor, officer: Account, registrationId: string, actor: AuditActor,
): Promise<{ ok: true; review: RegistrationReview } | { ok: false; reason: 'not_found' }> {
  const row = await submittedRegistration(ex, registrationId);
  if (!row) return { ok: false, reason: 'not_found' };
  const { registration: r, unit, decider, document } = row;
  const fourEyes = await fourEyesConflict(ex, officer, r);
  await recordAudit(ex, actor, 'registration.view', { accountId: r.accountId, nationalId: r.nationalId, targetType: 'registration', targetId: r.id });
  return {
    ok: true,
    review: {
      id: r.id, status: r.status, submittedAt: r.submittedAt, decidedAt: r.decidedAt,
      decidedBy: decider?.username ? { username: decider.username, displayName: decider.displayName } : null,
      rejectReason: r.rejectReason,
      account: { id: row.account.id, username: row.account.username },
      unit,
      nationalId: masked(r.nationalId),
      proven: r.proofedClaims && { ...r.proofedClaims, nationalId: maskNationalId(r.proofedClaims.nationalId) },
      personal: r.personal,
      workplace: r.workplace,
      email: r.email, emailVerifiedAt: r.emailVerifiedAt,
      comparison: compareWithProof(r, currentHolderOf(row), maskNationalId),
      document: document?.id ? { filename: document.filename, size: document.size, uploadedAt: document.createdAt } : null,
      fourEyes,
      ownRegistration: fourEyes !== null,
    },
  };
}

export type RegistrationNationalIds = {
  /** Entered at step 1. */
  nationalId: string | null;
  provenNationalId: string | null;
  /** The account's current holder, when it has one. */
  holderNationalId: string | null;
  /** The review's rows that carry national IDs, in full. */
  comparison: ComparisonRow[];
};

/**
 * The full national IDs behind the review page's masked ones, for the officer who presses
 * "show"; each look is audited (PDPA). Call inside a transaction.
 */
export async function revealRegistrationNationalIds(
  ex: Executor, registrationId: string, actor: AuditActor,
): Promise<{ ok: true; nationalIds: RegistrationNationalIds } | { ok: false; reason: 'not_found' }> {
  const row = await submittedRegistration(ex, registrationId);
  if (!row) return { ok: false, reason: 'not_found' };
  const { registration: r } = row;
  const holder = currentHolderOf(row);
  await recordAudit(ex, actor, 'registration.national_id_view', { accountId: r.accountId, nationalId: r.nationalId, targetType: 'registration', targetId: r.id });
  return {
    ok: true,
    nationalIds: {
      nationalId: r.nationalId,
      provenNationalId: r.proofedClaims?.nationalId ?? null,
      holderNationalId: holder?.nationalId ?? null,
      comparison: compareWithProof(r, holder).filter((c) => c.field === 'nationalId' || c.field === 'holder'),
    },
  };
}

/** The appointment PDF of a registration for an officer's viewer; each opening is audited. */
export async function openAppointmentDocument(ex: Executor, registrationId: string, actor: AuditActor) {
  const doc = await getRegistrationDocument(ex, registrationId);
  if (!doc) return null;
  await recordAudit(ex, actor, 'document.view', { accountId: doc.accountId, nationalId: doc.nationalId, targetType: 'document', targetId: doc.id });
  return { filename: doc.filename, content: doc.content };
}
