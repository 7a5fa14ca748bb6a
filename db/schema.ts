/**
 * The whole data model of SPEC §1–§10. snake_case in SQL, camelCase in TypeScript,
 * every timestamp with time zone (stored UTC). Secrets are stored only as hashes; personal
 * data (national IDs, birth dates, addresses, phone numbers, proofed claims, documents) is
 * sealed (db/sealing.ts) and found through blind indexes (`*_index`), never in clear.
 */
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey,
  text, timestamp, uniqueIndex, uuid, varchar,
} from 'drizzle-orm/pg-core';
import { sealedBytes, sealedJson, sealedText } from './sealing.ts';
import type {
  AuditDetails, PersonalDetails, ProvenIdentity, PurposeDetail, ServiceRequester, SettingValues, ThaiAddress, WorkplaceDetails,
} from './json-types.ts';

export type { ThaiAddress } from './json-types.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (v instanceof Uint8Array ? new Uint8Array(v) : v),
});

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();
const updatedAt = () => ts('updated_at').notNull().defaultNow();

/* ── §1–2 units, accounts, persons ─────────────────────────────────────────── */

export const units = pgTable('units', {
  code: varchar('code', { length: 10 }).primaryKey(), // รหัสหน่วยเบิกจ่าย, 10 digits
  ministry: text('ministry').notNull(),
  department: text('department').notNull(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const ROLES = ['officer', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: varchar('username', { length: 32 }).notNull().unique(), // stored upper case
  unitCode: varchar('unit_code', { length: 10 }).notNull().references(() => units.code),
  kind: text('kind', { enum: ['staff', 'officer'] }).notNull().default('staff'),
  roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
  displayName: text('display_name'),
  email: text('email'), // officers' contact; a staff member's email lives on the person
  passwordHash: text('password_hash'),
  passwordIsInitial: boolean('password_is_initial').notNull().default(true),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  passwordChangedAt: ts('password_changed_at'),
  holderPersonId: uuid('holder_person_id').references(() => persons.id), // at most one active holder
  legacyTokenUser: boolean('legacy_token_user').notNull().default(false), // step 0
  appointmentOnRecord: boolean('appointment_on_record').notNull().default(false), // no PDF needed in step 1
  status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
  // Officers only: their own national ID, so four-eyes rules can see who they are (FLOWS §7).
  nationalId: sealedText('national_id'),
  nationalIdIndex: text('national_id_index'),
  // Set when the password stops working at once ("not me", lost/changed phone, MFA fatigue,
  // FLOWS §6); only a reset through the verified email on file clears it.
  passwordSuspendedAt: ts('password_suspended_at'),
  passwordSuspendReason: text('password_suspend_reason'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index('accounts_unit_idx').on(t.unitCode)]);

export const persons = pgTable('persons', {
  id: uuid('id').primaryKey().defaultRandom(),
  nationalId: sealedText('national_id').notNull(),
  nationalIdIndex: text('national_id_index').notNull().unique(),
  title: text('title'),
  firstNameTh: text('first_name_th').notNull(),
  middleNameTh: text('middle_name_th'),
  lastNameTh: text('last_name_th').notNull(),
  titleEn: text('title_en'),
  firstNameEn: text('first_name_en'),
  middleNameEn: text('middle_name_en'),
  lastNameEn: text('last_name_en'),
  birthDate: sealedText('birth_date'), // YYYY-MM-DD
  address: sealedJson('address').$type<ThaiAddress>(),
  mobile: sealedText('mobile'),
  phone: sealedText('phone'),
  email: text('email'), // lower case; bound to this national ID
  emailVerifiedAt: ts('email_verified_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('persons_email_uq').on(t.email)]);

/* ── §3–4 registration ─────────────────────────────────────────────────────── */

export const REGISTRATION_STATUSES = [
  'step1', 'proofing', 'details', 'pending', 'approved', 'rejected', 'activated', 'cancelled',
] as const;

export const registrations = pgTable('registrations', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  status: text('status', { enum: REGISTRATION_STATUSES }).notNull().default('step1'),
  nationalId: sealedText('national_id'),
  nationalIdIndex: text('national_id_index'),
  appointmentDocumentId: uuid('appointment_document_id').references(() => documents.id),
  step1DoneAt: ts('step1_done_at'),
  proofedAt: ts('proofed_at'),
  proofedClaims: sealedJson('proofed_claims').$type<ProvenIdentity>(),
  // The proven names in clear, for the officers' name search (names are not sealed; IDs are).
  nameTh: text('name_th'),
  nameEn: text('name_en'),
  personal: sealedJson('personal').$type<PersonalDetails>(), // ส่วนที่ 1, as entered
  workplace: jsonb('workplace').$type<WorkplaceDetails>(), // ส่วนที่ 2
  email: text('email'),
  emailVerifiedAt: ts('email_verified_at'),
  submittedAt: ts('submitted_at'),
  decidedAt: ts('decided_at'),
  decidedBy: uuid('decided_by').references(() => accounts.id),
  rejectReason: text('reject_reason'),
  personId: uuid('person_id').references(() => persons.id),
  // Sent back to proofing after a token was lost, changed or reissued (FLOWS §6): a proof by the
  // same national ID leads straight back to step 5, without a new officer decision.
  reproofing: boolean('reproofing').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('registrations_account_idx').on(t.accountId),
  index('registrations_national_id_idx').on(t.nationalIdIndex),
  index('registrations_status_idx').on(t.status, t.submittedAt),
  // One live registration per account; rejected or cancelled ones stay as history.
  uniqueIndex('registrations_live_uq').on(t.accountId).where(sql`status not in ('rejected', 'cancelled')`),
]);

export const consents = pgTable('consents', {
  id: uuid('id').primaryKey().defaultRandom(),
  registrationId: uuid('registration_id').notNull().references(() => registrations.id),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  textVersion: text('text_version').notNull(),
  acceptedAt: ts('accepted_at').notNull().defaultNow(),
  ip: text('ip'),
  userAgent: text('user_agent'),
});

export const documents = pgTable('documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  ownerAccountId: uuid('owner_account_id').references(() => accounts.id),
  kind: text('kind', { enum: ['appointment', 'service_request_scan'] }).notNull(),
  filename: text('filename').notNull(),
  mediaType: text('media_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  content: sealedBytes('content').notNull(), // in the database so every API instance serves it
  createdAt: createdAt(),
});

export const proofingSessions = pgTable('proofing_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  registrationId: uuid('registration_id').notNull().references(() => registrations.id),
  codeHash: text('code_hash').notNull().unique(), // the QR's short link code, hashed
  desktopIp: text('desktop_ip'),
  desktopUserAgent: text('desktop_user_agent'),
  status: text('status', { enum: ['waiting', 'redirected', 'done', 'failed', 'refused'] }).notNull().default('waiting'),
  state: text('state').unique(),
  nonce: text('nonce'),
  codeVerifier: text('code_verifier'),
  phoneBindingHash: text('phone_binding_hash'),
  failureCode: text('failure_code'),
  claims: sealedJson('claims').$type<ProvenIdentity>(),
  expiresAt: ts('expires_at').notNull(),
  confirmedAt: ts('confirmed_at'),
  completedAt: ts('completed_at'),
  createdAt: createdAt(),
});

export const emailCodes = pgTable('email_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  registrationId: uuid('registration_id').references(() => registrations.id),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  email: text('email').notNull(),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  resendAfter: ts('resend_after').notNull(),
  expiresAt: ts('expires_at').notNull(),
  consumedAt: ts('consumed_at'),
  createdAt: createdAt(),
}, (t) => [index('email_codes_account_idx').on(t.accountId, t.createdAt)]);

/* ── §5 authenticators (token certificates), devices, push ─────────────────── */

export const authenticators = pgTable('authenticators', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  personId: uuid('person_id').references(() => persons.id),
  webauthnUserId: text('webauthn_user_id').notNull(), // opaque, never the username or national ID
  credentialId: text('credential_id').notNull().unique(), // base64url
  publicKey: bytea('public_key').notNull(),
  counter: bigint('counter', { mode: 'number' }).notNull().default(0),
  transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
  backupEligible: boolean('backup_eligible').notNull().default(false),
  backupState: boolean('backup_state').notNull().default(false),
  aaguid: text('aaguid'),
  deviceLabel: text('device_label'),
  validFrom: ts('valid_from').notNull().defaultNow(),
  validUntil: ts('valid_until').notNull(), // the token certificate: 2 years
  lastUsedAt: ts('last_used_at'),
  suspendedAt: ts('suspended_at'),
  revokedAt: ts('revoked_at'),
  revokeReason: text('revoke_reason'),
  createdAt: createdAt(),
}, (t) => [
  // One active token per account.
  uniqueIndex('authenticators_active_uq').on(t.accountId).where(sql`revoked_at is null`),
]);

/** The phone app's device cookie: reads its pending requests, never approves. */
export const deviceTokens = pgTable('device_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  authenticatorId: uuid('authenticator_id').notNull().references(() => authenticators.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  lastSeenAt: ts('last_seen_at'),
});

export const pushSubscriptions = pgTable('push_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  authenticatorId: uuid('authenticator_id').notNull().references(() => authenticators.id, { onDelete: 'cascade' }),
  endpoint: text('endpoint').notNull().unique(),
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  userAgent: text('user_agent'),
  lastSuccessAt: ts('last_success_at'),
  deadAt: ts('dead_at'), // 404/410 from the push service
  createdAt: createdAt(),
});

export const activationCodes = pgTable('activation_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  registrationId: uuid('registration_id').notNull().references(() => registrations.id),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  codeHash: text('code_hash').notNull().unique(), // the QR's long code
  typedCodeHash: text('typed_code_hash').notNull(), // the short code a person can type
  challenge: text('challenge'), // WebAuthn registration challenge once the phone asks
  webauthnUserId: text('webauthn_user_id'), // the opaque user handle offered with that challenge
  attempts: integer('attempts').notNull().default(0),
  expiresAt: ts('expires_at').notNull(),
  consumedAt: ts('consumed_at'),
  createdAt: createdAt(),
});

/** Officers' passkeys (FLOWS §7): password + this passkey for every console sign-in. */
export const officerPasskeys = pgTable('officer_passkeys', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  webauthnUserId: text('webauthn_user_id').notNull(),
  credentialId: text('credential_id').notNull().unique(), // base64url
  publicKey: bytea('public_key').notNull(),
  counter: bigint('counter', { mode: 'number' }).notNull().default(0),
  transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
  backupEligible: boolean('backup_eligible').notNull().default(false),
  backupState: boolean('backup_state').notNull().default(false),
  aaguid: text('aaguid'),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
  createdAt: createdAt(),
}, (t) => [index('officer_passkeys_account_idx').on(t.accountId)]);

/**
 * WebAuthn challenges that belong to no other row (officer enrolment and sign-in, passkey
 * sign-in, one per phone in an activation): single use, a few minutes' life (STYLE 5).
 */
export const webauthnChallenges = pgTable('webauthn_challenges', {
  id: uuid('id').primaryKey().defaultRandom(),
  purpose: text('purpose').notNull(),
  accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
  subjectId: text('subject_id'), // e.g. the activation code row the challenge was made for
  challenge: text('challenge').notNull(),
  webauthnUserId: text('webauthn_user_id'),
  expiresAt: ts('expires_at').notNull(),
  consumedAt: ts('consumed_at'),
  createdAt: createdAt(),
}, (t) => [index('webauthn_challenges_subject_idx').on(t.subjectId)]);

/** A password reset link, sent only to the verified email on file (FLOWS §6). */
export const passwordResets = pgTable('password_resets', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  tokenHash: text('token_hash').notNull().unique(),
  reason: text('reason').notNull(),
  expiresAt: ts('expires_at').notNull(),
  consumedAt: ts('consumed_at'),
  createdAt: createdAt(),
}, (t) => [index('password_resets_account_idx').on(t.accountId)]);

/** Browsers that completed a login on an account: throttled apart from strangers. */
export const knownBrowsers = pgTable('known_browsers', {
  tokenHash: text('token_hash').primaryKey(), // SHA-256 of the long-lived HttpOnly cookie
  accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
}, (t) => [index('known_browsers_account_idx').on(t.accountId)]);

/* ── §6–8 login requests, sessions, throttling, reminders ──────────────────── */

export const loginRequests = pgTable('login_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  authenticatorId: uuid('authenticator_id').references(() => authenticators.id),
  purpose: text('purpose', { enum: ['login', 'renew', 'revoke', 'export'] }).notNull().default('login'), // export: the holder's data download
  revokeReason: text('revoke_reason'), // purpose 'revoke': the reason chosen on the portal
  nonce: text('nonce').notNull(),
  correctPicture: text('correct_picture').notNull(),
  grid: text('grid').array().notNull(),
  bindingHash: text('binding_hash').notNull(), // SHA-256 of the secret held by the desktop browser
  status: text('status', { enum: ['pending', 'approved', 'denied', 'expired', 'cancelled', 'completed'] })
    .notNull().default('pending'),
  chosenPicture: text('chosen_picture'),
  denyReason: text('deny_reason'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  expiresAt: ts('expires_at').notNull(),
  decidedAt: ts('decided_at'),
  completedAt: ts('completed_at'),
  createdAt: createdAt(),
}, (t) => [
  index('login_requests_account_idx').on(t.accountId, t.createdAt),
  // The expiry sweep (api/jobs.ts) looks for overdue pending requests on every instance, often.
  index('login_requests_pending_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'pending'`),
  // A phone's list and its approval look for its own pending requests (not every phone's).
  index('login_requests_pending_authenticator_idx').on(t.authenticatorId).where(sql`${t.status} = 'pending'`),
  // The password step counts an account's recent requests left unanswered or refused (the MFA
  // fatigue limit): the completed ones, nearly all of them, are not read.
  index('login_requests_unanswered_idx').on(t.accountId, t.createdAt).where(sql`${t.status} in ('pending', 'denied', 'expired', 'cancelled')`),
]);

export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(), // SHA-256 of the cookie value
  accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
  // registration: the tracker; portal: after a full login; password_change: only the forced change;
  // officer_enrol: an officer's password is right but no passkey is enrolled yet; officer_verify: an
  // officer's password is right and their passkey must still sign (FLOWS §7).
  kind: text('kind', { enum: ['registration', 'portal', 'password_change', 'officer_enrol', 'officer_verify'] }).notNull(),
  // What the login used, as RFC 8176 values (api/domain/oidc-claims.ts): e.g. pwd + swk + user + mfa
  // for password and the phone's picture-matching approval. Empty: the password alone.
  amr: text('amr').array().notNull().default(sql`'{}'::text[]`),
  ip: text('ip'),
  userAgent: text('user_agent'),
  createdAt: createdAt(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(), // absolute limit
}, (t) => [index('sessions_account_idx').on(t.accountId)]);

/** Failed-login counters per account and per IP. */
export const loginThrottles = pgTable('login_throttles', {
  key: text('key').primaryKey(), // 'account:<id>' or 'ip:<addr>'
  failures: integer('failures').notNull().default(0),
  lastFailureAt: ts('last_failure_at'),
  blockedUntil: ts('blocked_until'),
  locked: boolean('locked').notNull().default(false),
  notifiedAt: ts('notified_at'), // when the holder was emailed that their account is being throttled
});

/** One row per reminder sent, so several schedulers send each exactly once. */
export const tokenReminders = pgTable('token_reminders', {
  authenticatorId: uuid('authenticator_id').notNull().references(() => authenticators.id, { onDelete: 'cascade' }),
  daysBefore: integer('days_before').notNull(),
  validUntil: ts('valid_until').notNull(),
  sentAt: ts('sent_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.authenticatorId, t.daysBefore, t.validUntil] })]);

/* ── §9 service requests ───────────────────────────────────────────────────── */

export const SERVICE_PURPOSES = [
  'reset_password', 'change_phone', 'lost_phone', 'other', 'change_holder', 'change_email',
] as const;

export const serviceRequests = pgTable('service_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  trackingNumber: text('tracking_number').notNull().unique(),
  unitCode: varchar('unit_code', { length: 10 }).notNull(),
  username: varchar('username', { length: 32 }).notNull(),
  accountId: uuid('account_id').references(() => accounts.id), // resolved server-side, never revealed
  requester: sealedJson('requester').$type<ServiceRequester>().notNull(),
  purpose: text('purpose', { enum: SERVICE_PURPOSES }).notNull(),
  purposeDetail: jsonb('purpose_detail').$type<PurposeDetail>(),
  scanDocumentId: uuid('scan_document_id').references(() => documents.id),
  status: text('status', { enum: ['awaiting_scan', 'submitted', 'processed', 'refused', 'completed'] })
    .notNull().default('awaiting_scan'),
  outcome: text('outcome', { enum: ['done', 'refused'] }),
  outcomeReason: text('outcome_reason'),
  processedBy: uuid('processed_by').references(() => accounts.id),
  processedAt: ts('processed_at'),
  reviewedBy: uuid('reviewed_by').references(() => accounts.id),
  reviewedAt: ts('reviewed_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index('service_requests_status_idx').on(t.status, t.createdAt)]);

/* ── §10 audit log, mail outbox, settings ──────────────────────────────────── */

/** Append-only: a trigger in the migrations refuses UPDATE and DELETE. */
export const auditEvents = pgTable('audit_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull().defaultNow(),
  actorAccountId: uuid('actor_account_id'),
  actorKind: text('actor_kind', { enum: ['user', 'officer', 'device', 'system'] }).notNull(),
  action: text('action').notNull(),
  subjectAccountId: uuid('subject_account_id'),
  // Never the number: its blind index (to search by) and its masked form (to show).
  nationalIdIndex: text('national_id_index'),
  nationalIdMasked: text('national_id_masked'),
  targetType: text('target_type'),
  targetId: text('target_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  details: jsonb('details').$type<AuditDetails>(),
}, (t) => [
  index('audit_events_at_idx').on(t.at),
  index('audit_events_subject_idx').on(t.subjectAccountId, t.at),
  index('audit_events_action_idx').on(t.action, t.at),
  index('audit_events_national_id_idx').on(t.nationalIdIndex, t.at),
]);

export const mailOutbox = pgTable('mail_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
  lockedUntil: ts('locked_until'),
  sentAt: ts('sent_at'),
  lastError: text('last_error'),
  createdAt: createdAt(),
}, (t) => [index('mail_outbox_due_idx').on(t.sentAt, t.nextAttemptAt)]);

/** Values generated once and shared by every instance (e.g. development VAPID keys); sealed. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: sealedJson('value').$type<SettingValues[keyof SettingValues]>().notNull(),
  updatedAt: updatedAt(),
});

/* ── OpenID Connect provider (SPEC §6, docs/oidc.md) ─────────────────────────── */

/**
 * Systems that sign their users in with Soft Token (relying parties), registered by an admin.
 * Redirect URIs are matched exactly; the secret is sealed (the provider must compare it) and
 * shown once; a public client has none and must use PKCE.
 */
export const oidcClients = pgTable('oidc_clients', {
  id: text('id').primaryKey(), // client_id
  name: text('name').notNull(),
  secret: sealedText('secret'), // null for public clients
  redirectUris: text('redirect_uris').array().notNull(),
  postLogoutRedirectUris: text('post_logout_redirect_uris').array().notNull().default(sql`'{}'::text[]`),
  backchannelLogoutUri: text('backchannel_logout_uri'),
  public: boolean('public').notNull().default(false),
  firstParty: boolean('first_party').notNull().default(false), // no consent screen
  disabledAt: ts('disabled_at'),
  secretRotatedAt: ts('secret_rotated_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The provider's state (oidc-provider models: Session, Interaction, AuthorizationCode, Grant,
 * AccessToken, …), shared by every instance. Rows are keyed by the SHA-256 of the id, since
 * for codes and tokens the id is the bearer value itself.
 */
export const oidcRecords = pgTable('oidc_records', {
  model: text('model').notNull(),
  idHash: text('id_hash').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
  grantId: text('grant_id'),
  uid: text('uid'),
  expiresAt: ts('expires_at'),
  consumedAt: ts('consumed_at'),
}, (t) => [
  primaryKey({ columns: [t.model, t.idHash] }),
  index('oidc_records_grant_idx').on(t.grantId),
  index('oidc_records_uid_idx').on(t.uid),
  index('oidc_records_account_idx').on(t.accountId),
  index('oidc_records_expires_idx').on(t.expiresAt),
]);

/**
 * ID token signing keys. The newest unretired key signs; a retired key stays published in
 * the JWKS until `retired_at` + the grace period, so tokens it signed still verify.
 */
export const oidcKeys = pgTable('oidc_keys', {
  kid: text('kid').primaryKey(),
  alg: text('alg').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  privateJwk: sealedJson('private_jwk').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  retiredAt: ts('retired_at'),
});

export type OidcClient = typeof oidcClients.$inferSelect;

export type Unit = typeof units.$inferSelect;
export type Account = typeof accounts.$inferSelect;
export type Person = typeof persons.$inferSelect;
export type Registration = typeof registrations.$inferSelect;
export type Authenticator = typeof authenticators.$inferSelect;
export type OfficerPasskey = typeof officerPasskeys.$inferSelect;
export type WebauthnChallenge = typeof webauthnChallenges.$inferSelect;
export type PasswordReset = typeof passwordResets.$inferSelect;
export type LoginRequest = typeof loginRequests.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type ServiceRequest = typeof serviceRequests.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type LoginThrottle = typeof loginThrottles.$inferSelect;

/**
 * The data keys that seal personal data, each wrapped by the key-encryption key named by
 * `kek_id` (db/sealing.ts). One `index` key makes the blind indexes; the newest unretired
 * `data` key seals new values; a retired key stays only until no value names it.
 */
export const dataKeys = pgTable('data_keys', {
  id: text('id').primaryKey(), // 16 hex digits, written into every value it seals
  purpose: text('purpose', { enum: ['data', 'index'] }).notNull(),
  wrapped: bytea('wrapped').notNull(),
  kekId: text('kek_id').notNull(),
  createdAt: createdAt(),
  retiredAt: ts('retired_at'),
});
