/**
 * The shapes stored in jsonb columns, given to drizzle with `.$type<…>()`. Types only: no
 * migration follows from them. The zod schemas that validate these values before they are
 * written live in the domain (`api/domain/registration-details.ts`, `service-requests.ts`) and
 * are checked against these types there, so the validator and the stored shape cannot drift.
 */

/** A Thai address as chosen from the address data set. */
export type ThaiAddress = {
  line1: string; line2?: string; province: string; district: string; subdistrict: string; postcode: string;
};

/** The identity the provider proved, as our fields; `registrations.proofed_claims`, `proofing_sessions.claims`. */
export type ProvenIdentity = {
  nationalId: string; ial: number; title: string | null; titleEn: string | null;
  firstNameTh: string; middleNameTh: string | null; lastNameTh: string;
  firstNameEn: string | null; middleNameEn: string | null; lastNameEn: string | null;
  /** YYYY-MM-DD, Gregorian. */
  birthDate: string | null;
  /** As the provider formats it, plus the parts when they form a real Thai address (to prefill the form). */
  address: { formatted: string; parts: ThaiAddress | null } | null;
};

/** ส่วนที่ 1 as entered: the fields a person may edit (`registrations.personal`). */
export type PersonalDetails = { address: ThaiAddress; mobile: string; phone?: string };

/** ส่วนที่ 2: ตำแหน่ง/สถานที่ทำงาน (`registrations.workplace`). */
export type WorkplaceDetails = {
  position: string; level: string; line1: string; province: string; district: string; subdistrict: string; postcode: string;
  phone?: string; fax?: string;
};

export type HolderReason = 'resigned' | 'moved' | 'other';

/** Part 2 of a service request form, with the unit's name as it was when filed (`service_requests.requester`). */
export type ServiceRequester = {
  name: string; nationalId: string; email: string; mobile: string;
  division: string; department: string; ministry: string; unitName: string;
};

/** Part 3's purpose-specific answers; `source: 'not_me'` marks a lost-phone request opened by "this was not me". */
export type PurposeDetail = {
  otherText?: string; holderReason?: HolderReason; holderReasonText?: string; newHolderEmail?: string; newEmail?: string;
  source?: 'not_me'; loginRequestId?: string;
};

/** What an audit event records beside its action and subject; free-form per action. */
export type AuditDetails = Record<string, unknown>;

/** Values in `settings`, by key. */
export type SettingValues = {
  vapid: { publicKey: string; privateKey: string };
  /** Signs the OpenID Connect provider's cookies; shared by every instance. */
  'oidc-cookies': { keys: string[] };
  /** Development only: the demo portal's OpenID Connect client, so its secret survives a restart (api/dev/demo-portal.ts). */
  'dev-demo-portal': { clientId: string; secret: string };
};
