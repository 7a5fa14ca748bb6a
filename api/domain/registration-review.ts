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

/** Row by row: proof against entry. Pure, so the rules are tested without a database. */
export function compareWithProof(
  registration: Pick<Registration, 'nationalId' | 'proofedClaims' | 'personal'>,
  currentHolder: { nationalId: string; name: string | null } | null,
): ComparisonRow[] {
  const { proofedClaims: proven, personal } = registration;
  const rows: ComparisonRow[] = [];
  const provenId = proven?.nationalId ?? null;
  rows.push({ field: 'nationalId', proven: provenId, entered: registration.nationalId, differs: provenId !== registration.nationalId });
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
      field: 'holder', proven: provenId, entered: `${currentHolder.nationalId}${currentHolder.name ? ` ${currentHolder.name}` : ''}`,
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
  nationalId: string | null;
  proven: ProvenIdentity | null;
  personal: PersonalDetails | null;
  workplace: WorkplaceDetails | null;
  email: string | null;
  emailVerifiedAt: Date | null;
  comparison: ComparisonRow[];
  document: { filename: string; size: number; uploadedAt: Date } | null;
  /** The officer may not decide (four-eyes): why, or null. */
  fourEyes: FourEyesConflict | null;
  /** The officer may not decide: `fourEyes` is set. */
  ownRegistration: boolean;
};

/** One registration for the review page; the look is audited, as every officer action is (R-10.1). */
export async function reviewRegistration(
  ex: Executor, officer: Account, registrationId: string, actor: AuditActor,
): Promise<{ ok: true; review: RegistrationReview } | { ok: false; reason: 'not_found' }> {
  const row = await getRegistrationForReview(ex, registrationId);
  // Drafts that were never submitted are not for officers' eyes.
  if (!row || !row.registration.submittedAt) return { ok: false, reason: 'not_found' };
  const { registration: r, unit, holder, decider, document } = row;
  const fourEyes = await fourEyesConflict(ex, officer, r);
  const holderName = (holder && thaiFullName(holder)) || null;
  await recordAudit(ex, actor, 'registration.view', { accountId: r.accountId, nationalId: r.nationalId, targetType: 'registration', targetId: r.id });
  return {
    ok: true,
    review: {
      id: r.id, status: r.status, submittedAt: r.submittedAt, decidedAt: r.decidedAt,
      decidedBy: decider?.username ? { username: decider.username, displayName: decider.displayName } : null,
      rejectReason: r.rejectReason,
      account: { id: row.account.id, username: row.account.username },
      unit,
      nationalId: r.nationalId,
      proven: r.proofedClaims,
      personal: r.personal,
      workplace: r.workplace,
      email: r.email, emailVerifiedAt: r.emailVerifiedAt,
      comparison: compareWithProof(r, holder?.nationalId ? { nationalId: holder.nationalId, name: holderName } : null),
      document: document?.id ? { filename: document.filename, size: document.size, uploadedAt: document.createdAt } : null,
      fourEyes,
      ownRegistration: fourEyes !== null,
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
