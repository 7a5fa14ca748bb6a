/**
 * The step 3 form's working copy: what the server saved, else what proofing proved, and
 * typing kept in sessionStorage so a reload (or a crash) loses nothing not yet saved.
 */
import type { PersonalDetails, Registration, WorkplaceDetails } from '../../lib/api.ts';

export type PersonalDraft = {
  line1: string; line2: string; province: string; district: string; subdistrict: string; postcode: string;
  mobile: string; phone: string;
};
export type WorkplaceDraft = {
  position: string; level: string; line1: string; province: string; district: string; subdistrict: string; postcode: string;
  phone: string; fax: string;
};
export type DetailsDraft = { personal: PersonalDraft; workplace: WorkplaceDraft; email: string };

const emptyWorkplace = (): WorkplaceDraft => ({
  position: '', level: '', line1: '', province: '', district: '', subdistrict: '', postcode: '', phone: '', fax: '',
});

/** The form as the server has it; a part never saved starts from the proven address (personal) or empty. */
export function draftFromServer(reg: Registration): DetailsDraft {
  const details = reg.details;
  const saved = details?.personal;
  const proven = details?.proven?.address?.parts;
  const personal: PersonalDraft = saved
    ? { ...saved.address, line2: saved.address.line2 ?? '', mobile: saved.mobile, phone: saved.phone ?? '' }
    : {
        line1: proven?.line1 ?? '', line2: proven?.line2 ?? '', province: proven?.province ?? '', district: proven?.district ?? '',
        subdistrict: proven?.subdistrict ?? '', postcode: proven?.postcode ?? '', mobile: '', phone: '',
      };
  const w = details?.workplace;
  const workplace: WorkplaceDraft = w ? { ...emptyWorkplace(), ...w, phone: w.phone ?? '', fax: w.fax ?? '' } : emptyWorkplace();
  return { personal, workplace, email: details?.email ?? '' };
}

export function toPersonal(d: PersonalDraft): PersonalDetails {
  const { mobile, phone, ...address } = d;
  return { address: { ...address, line2: address.line2 || undefined }, mobile, phone: phone || undefined };
}

export function toWorkplace(d: WorkplaceDraft): WorkplaceDetails {
  return { ...d, phone: d.phone || undefined, fax: d.fax || undefined };
}

const key = (registrationId: string) => `registration-draft:${registrationId}`;

export function loadDraft(registrationId: string): DetailsDraft | undefined {
  try {
    const raw = sessionStorage.getItem(key(registrationId));
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<DetailsDraft>;
    if (typeof parsed !== 'object' || !parsed.personal || !parsed.workplace) return undefined;
    return { personal: parsed.personal, workplace: { ...emptyWorkplace(), ...parsed.workplace }, email: parsed.email ?? '' };
  } catch {
    return undefined;
  }
}

export function storeDraft(registrationId: string, draft: DetailsDraft): void {
  try {
    sessionStorage.setItem(key(registrationId), JSON.stringify(draft));
  } catch {
    // Storage full or blocked: the draft is only a convenience.
  }
}

export function clearDraft(registrationId: string): void {
  try {
    sessionStorage.removeItem(key(registrationId));
  } catch {
    // As above.
  }
}
