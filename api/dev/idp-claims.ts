/**
 * The ThaID claim profile of the local identity provider: which claims exist, what they are
 * called on the wire (renamable, so tests can run a differently configured provider), which
 * scope releases which claim, and how a test citizen turns into claim values.
 */
import { formatThaiAddress, type Citizen } from './citizens.ts';

/** ThaID's claim names; each is also the name of the scope that releases it. */
export const THAID_CLAIMS = [
  'pid', 'title', 'title_en', 'given_name', 'middle_name', 'family_name',
  'given_name_en', 'middle_name_en', 'family_name_en', 'birthdate', 'address', 'ial',
] as const;

export type ThaidClaim = (typeof THAID_CLAIMS)[number];

/** Wire name for each ThaID claim, e.g. `{ pid: 'national_id', ial: 'assurance_level' }`. */
export type ClaimNames = Record<ThaidClaim, string>;

/** The default scope string of the ThaID profile (matches config.proofing.scopes). */
export const THAID_SCOPES = ['openid', ...THAID_CLAIMS].join(' ');

export function resolveClaimNames(overrides: Partial<ClaimNames> = {}): ClaimNames {
  const names = Object.fromEntries(THAID_CLAIMS.map((c) => [c, overrides[c] ?? c])) as ClaimNames;
  const wire = Object.values(names);
  if (new Set(wire).size !== wire.length) throw new Error('claimNames must map every claim to a distinct name');
  return names;
}

/**
 * Scope → claims for oidc-provider's `claims` setting. ThaID has one scope per claim, named
 * like the claim; a custom map (scope → wire claim names) replaces that.
 */
export function scopeClaims(names: ClaimNames, custom?: Record<string, string[]>): Record<string, string[]> {
  const perClaim = custom ?? Object.fromEntries(Object.values(names).map((n) => [n, [n]]));
  return { openid: ['sub'], ...perClaim };
}

/** The address claim: an OpenID Connect address object extended with the Thai parts the form needs. */
export type AddressClaim = {
  formatted: string;
  street_address: string;
  subdistrict: string;
  district: string;
  province: string;
  postal_code: string;
  /** Standard members duplicated for generic OIDC clients: locality = district, region = province. */
  locality: string;
  region: string;
  country: 'TH';
};

export function addressClaim(c: Citizen): AddressClaim {
  const a = c.address;
  return {
    formatted: formatThaiAddress(a),
    street_address: a.line1,
    subdistrict: a.subdistrict,
    district: a.district,
    province: a.province,
    postal_code: a.postcode,
    locality: a.district,
    region: a.province,
    country: 'TH',
  };
}

/** Claim values of a citizen under ThaID names; absent middle names are omitted, not empty. */
export function thaidValues(c: Citizen): Partial<Record<ThaidClaim, string | number | AddressClaim>> {
  return {
    pid: c.nationalId,
    title: c.title,
    title_en: c.titleEn,
    given_name: c.givenName,
    middle_name: c.middleName,
    family_name: c.familyName,
    given_name_en: c.givenNameEn,
    middle_name_en: c.middleNameEn,
    family_name_en: c.familyNameEn,
    birthdate: c.birthdate,
    address: addressClaim(c),
    ial: c.ial,
  };
}

/** Claim values keyed by their wire names. */
export function claimsOf(c: Citizen, names: ClaimNames): Record<string, string | number | AddressClaim> {
  const out: Record<string, string | number | AddressClaim> = {};
  for (const [claim, value] of Object.entries(thaidValues(c)) as Array<[ThaidClaim, string | number | AddressClaim | undefined]>) {
    if (value !== undefined && value !== '') out[names[claim]] = value;
  }
  return out;
}

/** Consent-page labels, Thai first with English beside. */
export const CLAIM_LABELS: Record<ThaidClaim, { th: string; en: string }> = {
  pid: { th: 'เลขประจำตัวประชาชน', en: 'National ID' },
  title: { th: 'คำนำหน้าชื่อ', en: 'Title' },
  title_en: { th: 'คำนำหน้าชื่อภาษาอังกฤษ', en: 'Title (English)' },
  given_name: { th: 'ชื่อ', en: 'Given name' },
  middle_name: { th: 'ชื่อกลาง', en: 'Middle name' },
  family_name: { th: 'นามสกุล', en: 'Family name' },
  given_name_en: { th: 'ชื่อภาษาอังกฤษ', en: 'Given name (English)' },
  middle_name_en: { th: 'ชื่อกลางภาษาอังกฤษ', en: 'Middle name (English)' },
  family_name_en: { th: 'นามสกุลภาษาอังกฤษ', en: 'Family name (English)' },
  birthdate: { th: 'วันเดือนปีเกิด', en: 'Date of birth' },
  address: { th: 'ที่อยู่', en: 'Address' },
  ial: { th: 'ระดับความน่าเชื่อถือของการพิสูจน์ตัวตน (IAL)', en: 'Identity assurance level' },
};

/** The ThaID claims a scope string releases, in profile order (for the consent page). */
export function requestedClaims(scope: string, names: ClaimNames, scopes: Record<string, string[]>): ThaidClaim[] {
  const wire = new Set(scope.split(' ').flatMap((s) => scopes[s] ?? []));
  return THAID_CLAIMS.filter((c) => wire.has(names[c]));
}
