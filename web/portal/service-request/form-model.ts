/**
 * The service-request form's working copy and its checks in the browser: the same rules and
 * codes as the server's ServiceRequestSchema (api/domain/service-requests.ts), for a quick
 * answer under each field. The server still decides.
 */
import { localFieldError } from '../../components/field-messages.ts';
import type { FieldErrors, HolderReason, ServicePurpose, ServiceRequestInput } from '../../lib/api.ts';
import { nationalIdProblem, normaliseNationalId } from '../../lib/national-id.ts';

export type Draft = {
  unitCode: string;
  name: string; nationalId: string; email: string; mobile: string; division: string; department: string; ministry: string;
  username: string;
  purpose: ServicePurpose | '';
  otherText: string; holderReason: HolderReason | ''; holderReasonText: string; newHolderEmail: string; newEmail: string;
};

export const emptyDraft = (): Draft => ({
  unitCode: '', name: '', nationalId: '', email: '', mobile: '', division: '', department: '', ministry: '', username: '',
  purpose: '', otherText: '', holderReason: '', holderReasonText: '', newHolderEmail: '', newEmail: '',
});

/** The API's field keys in the order they appear on the form (the first error gets the focus). */
export const FIELD_ORDER = [
  'unitCode', 'requester.name', 'requester.nationalId', 'requester.email', 'requester.mobile', 'requester.division',
  'requester.department', 'requester.ministry', 'username', 'purpose', 'otherText', 'holderReason', 'holderReasonText',
  'newHolderEmail', 'newEmail',
] as const;
export type FieldKey = (typeof FIELD_ORDER)[number];

/** The element id of a field: `requester.mobile` → `requester-mobile`. */
export const fieldId = (key: string) => key.replace('.', '-');

const USERNAME = /^[A-Z]\d{10}[A-Z0-9]{4}$/;
// A quick shape check only; the server's rule is stricter and its answer shows under the field too.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const normaliseMobile = (s: string) => s.replace(/[\s-]/g, '');
export const normaliseUsername = (s: string) => s.trim().toUpperCase();
const lower = (s: string) => s.trim().toLowerCase();

/** One field's problem, by the server's codes; undefined when it is fine. */
export function checkField(d: Draft, key: FieldKey) {
  const required = (v: string) => (v.trim() ? undefined : localFieldError('required'));
  const email = (v: string) => (!v.trim() ? localFieldError('required') : EMAIL.test(v.trim()) ? undefined : localFieldError('email_format'));
  switch (key) {
    case 'unitCode':
      return !d.unitCode.trim() ? localFieldError('required') : /^\d{10}$/.test(d.unitCode.trim()) ? undefined : localFieldError('unit_code_format');
    case 'requester.name': return required(d.name);
    case 'requester.nationalId': {
      if (!d.nationalId.trim()) return localFieldError('required');
      const problem = nationalIdProblem(d.nationalId);
      return problem ? localFieldError(problem) : undefined;
    }
    case 'requester.email': return email(d.email);
    case 'requester.mobile':
      return !d.mobile.trim() ? localFieldError('required') : /^0\d{9}$/.test(normaliseMobile(d.mobile)) ? undefined : localFieldError('mobile_format');
    case 'requester.division': return required(d.division);
    case 'requester.department': return required(d.department);
    case 'requester.ministry': return required(d.ministry);
    case 'username': {
      const u = normaliseUsername(d.username);
      if (!u) return localFieldError('required');
      if (!USERNAME.test(u)) return localFieldError('username_format');
      // The username carries its unit's code.
      return /^\d{10}$/.test(d.unitCode.trim()) && u.slice(1, 11) !== d.unitCode.trim() ? localFieldError('username_not_in_unit') : undefined;
    }
    case 'purpose': return d.purpose ? undefined : localFieldError('required');
    case 'otherText': return d.purpose === 'other' ? required(d.otherText) : undefined;
    case 'holderReason': return d.purpose === 'change_holder' && !d.holderReason ? localFieldError('required') : undefined;
    case 'holderReasonText': return d.purpose === 'change_holder' && d.holderReason === 'other' ? required(d.holderReasonText) : undefined;
    case 'newHolderEmail': return d.purpose === 'change_holder' ? email(d.newHolderEmail) : undefined;
    case 'newEmail': {
      if (d.purpose !== 'change_email') return undefined;
      const problem = email(d.newEmail);
      if (problem) return problem;
      return lower(d.newEmail) === lower(d.email) ? localFieldError('same_email') : undefined;
    }
  }
}

export function validateDraft(d: Draft): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of FIELD_ORDER) {
    const problem = checkField(d, key);
    if (problem) errors[key] = problem;
  }
  return errors;
}

/** What the API takes: only the purpose's own extra answers, normalised as the server would. */
export function toInput(d: Draft): ServiceRequestInput {
  const input: ServiceRequestInput = {
    unitCode: d.unitCode.trim(),
    username: normaliseUsername(d.username),
    purpose: d.purpose as ServicePurpose,
    requester: {
      name: d.name.trim(), nationalId: normaliseNationalId(d.nationalId.trim()), email: lower(d.email), mobile: normaliseMobile(d.mobile),
      division: d.division.trim(), department: d.department.trim(), ministry: d.ministry.trim(),
    },
  };
  if (d.purpose === 'other') input.otherText = d.otherText.trim();
  if (d.purpose === 'change_holder') {
    input.holderReason = d.holderReason || undefined;
    if (d.holderReason === 'other') input.holderReasonText = d.holderReasonText.trim();
    input.newHolderEmail = lower(d.newHolderEmail);
  }
  if (d.purpose === 'change_email') input.newEmail = lower(d.newEmail);
  return input;
}

/** The first field with an error, in form order. */
export function firstError(errors: FieldErrors): string | undefined {
  return FIELD_ORDER.find((k) => errors[k]) ?? Object.keys(errors)[0];
}

const STORAGE_KEY = 'service-request-draft';

/** Typing survives a reload until the request is filed (sessionStorage: this tab only). */
export function loadDraft(): Draft {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Draft> | null;
    return saved && typeof saved === 'object' ? { ...emptyDraft(), ...saved } : emptyDraft();
  } catch {
    return emptyDraft();
  }
}

export function saveDraft(d: Draft) {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(d));
  } catch {
    // Storage may be blocked; the form still works, only a reload would lose it.
  }
}

export function dropDraft() {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // See saveDraft.
  }
}

/** `SR-ABCDEF-GHJKMN`, typed loosely (lower case, spaces, no dashes) → the canonical form, or null. */
export function normaliseTracking(input: string): string | null {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const m = /^SR([A-Z0-9]{6})([A-Z0-9]{6})$/.exec(raw);
  return m ? `SR-${m[1]}-${m[2]}` : null;
}
