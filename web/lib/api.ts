/**
 * The one client for the API: same origin, session cookies, JSON both ways. Every failure
 * becomes an ApiError carrying the server's code and its message in the user's language.
 */
import type {
  AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { t } from './i18n.ts';

export type FieldErrors = Record<string, { code: string; message: string; vars?: Record<string, string | number> }>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
    /** Seconds to wait before trying again, from a 429's Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Ready = { status: 'ready' };
export type PublicConfig = { providerName: string; providerNameEn: string; vapidPublicKey: string | null; passwordPolicy: 'manual' | 'nist' };
export type Unit = { code: string; ministry: string; department: string; name: string };
/** How long personal data is kept, in days (the privacy notice). */
export type PrivacyFacts = { retentionDays: { appointment: number; scan: number; draft: number; expired: number } };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** JSON in and out; a FormData body goes as multipart (the browser sets its boundary). */
async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const form = body instanceof FormData ? body : undefined;
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok && data !== undefined) return data as T;
  const retryAfter = Number(response.headers.get('Retry-After'));
  throw toApiError(response.status, data, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

function toApiError(status: number, data: unknown, retryAfter?: number): ApiError {
  if (typeof data === 'object' && data !== null && 'code' in data && 'message' in data) {
    const { code, message } = data;
    const fields = 'fields' in data && typeof data.fields === 'object' && data.fields !== null ? (data.fields as FieldErrors) : {};
    if (typeof code === 'string' && typeof message === 'string') return new ApiError(status, code, message, fields, retryAfter);
  }
  // Not our JSON (a proxy's HTML error page, an empty body): say so plainly.
  return new ApiError(status, 'unexpected_response', t('error.unexpected'));
}

const get = <T>(path: string) => request<T>('GET', path);

/** A file the server sends as an attachment: its bytes and the name it gives it; failures as for JSON. */
async function download(path: string): Promise<{ blob: Blob; filename: string }> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/octet-stream, application/json' } });
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'download';
  return { blob: await response.blob(), filename };
}
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body);
const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
const del = <T>(path: string) => request<T>('DELETE', path);
const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);

// Authentication and registration (R-3.x); shapes follow api/routes/{auth,registration,proofing}.ts.

export type LoginNext = 'tracker' | OfficerStep | 'approve' | 'renew';
/**
 * After an officer's password (FLOWS §7): change the initial password, enrol a passkey, or
 * sign with it; only then does the console open.
 */
export type OfficerStep = 'change_password' | 'enrol_passkey' | 'verify_passkey';
/** A correct password: a session (tracker, an officer's next step) or, with a soft token, a login request the phone approves. */
export type LoginResult =
  | { next: 'tracker' | OfficerStep }
  | { next: 'approve' | 'renew'; requestId: string; picture: string | null; expiresAt: string };
export type Me = {
  username: string; kind: 'staff' | 'officer'; roles: string[]; displayName: string | null;
  session: 'registration' | 'portal' | 'password_change' | 'officer_enrol' | 'officer_verify'; unit: Unit | null;
  token: { validUntil: string; validity: Validity } | null;
};

// Login approval, password change, renewal and revocation (R-6 … R-8); shapes follow api/routes/{auth,login-requests,portal,device}.ts.

/** How long the token certificate has left: a notice at 1–30 days. */
export type Validity = { state: 'valid' } | { state: 'notice'; daysLeft: number } | { state: 'expired' };
/** What the phone is asked to approve: a login, a renewal (Accept), a self-revocation or the holder's data download. */
export type RequestPurpose = 'login' | 'renew' | 'revoke' | 'export';
export type LoginRequestStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled' | 'completed';
export type LoginRequestView = {
  id: string; status: LoginRequestStatus; purpose: RequestPurpose; expiresAt: string;
  denyReason: 'wrong_picture' | 'denied' | 'not_me' | null;
};
export type LoginCompletion = { next: 'change_password' | 'portal' | 'officer'; validity: Validity | null; validUntil: string | null };
/** A sign-in with the phone's passkey alone (issue #15): like a completed login, or an expired token's renewal on the phone. */
export type PasskeyLogin =
  | LoginCompletion
  | { next: 'renew'; requestId: string; picture: null; expiresAt: string; validity: Validity | null; validUntil: string | null };
export type PasswordRules = { policy: 'manual' | 'nist'; rules: { th: string[]; en: string[] } };
export type PasswordChange = { oldPassword: string; newPassword: string; confirmPassword: string };
/** The emailed reset link's page (`/password/reset#<token>`): whose password, until when. */
export type PasswordResetLink = { username: string; expiresAt: string };
export type RevokeReason = 'resigned' | 'transferred' | 'change_holder' | 'change_email' | 'other';
export type PortalProfile = {
  username: string; unit: Unit | null;
  holder: { name: string; nameEn: string | null; email: string } | null;
  token: { validUntil: string; deviceLabel: string | null; validity: Validity } | null;
  revokeReasons: Array<{ id: RevokeReason; th: string; en: string }>;
};
/** What the phone sees of a pending request: never which picture is right; `rpId` is the one to sign for. */
export type DeviceRequest = {
  id: string; purpose: RequestPurpose; nonce: string; grid: string[]; rpId: string; revokeReason: string | null;
  ip: string | null; userAgent: string | null; createdAt: string; expiresAt: string;
};
/** A request the phone must approve, as started from the desktop (login, renewal, revocation). */
export type PhoneRequestStart = { next: 'approve'; requestId: string; picture: string; expiresAt: string };

export type StepState = 'start' | 'done' | 'blocked' | 'waiting' | 'approved';
export type RegistrationStatus = 'none' | 'step1' | 'proofing' | 'details' | 'pending' | 'approved' | 'activated' | 'rejected' | 'cancelled';
export type ProofingStatus = 'waiting' | 'redirected' | 'done' | 'failed' | 'refused';
/** Why a proof failed: the provider's answer, or the callback's own checks. */
export type ProofingFailure =
  | 'denied' | 'provider_error' | 'id_mismatch' | 'ial_too_low' | 'claims_missing' | 'wrong_browser' | 'unknown_state' | 'expired';

export type AddressParts = { line1: string; line2?: string; province: string; district: string; subdistrict: string; postcode: string };
export type ProvenIdentity = {
  nationalId: string; ial: number; title: string | null; titleEn: string | null;
  firstNameTh: string; middleNameTh: string | null; lastNameTh: string;
  firstNameEn: string | null; middleNameEn: string | null; lastNameEn: string | null;
  /** YYYY-MM-DD, Gregorian. */
  birthDate: string | null;
  address: { formatted: string; parts: AddressParts | null } | null;
};
export type PersonalDetails = { address: AddressParts; mobile: string; phone?: string };
export type WorkplaceDetails = {
  position: string; level: string; line1: string; province: string; district: string; subdistrict: string; postcode: string;
  phone?: string; fax?: string;
};

export type Registration = {
  registrationId: string | null;
  status: RegistrationStatus;
  steps: [StepState, StepState, StepState, StepState, StepState];
  rejectReason: string | null;
  appointmentRequired: boolean;
  providerName: string;
  providerNameEn: string;
  account: { username: string };
  unit: Unit | null;
  nationalId: string | null;
  /** Sent back to step 2 after a lost phone, "not me" or a reissued password: a proof leads straight to step 5. */
  reproofing: boolean;
  proofing: { status: ProofingStatus; failureCode: ProofingFailure | null; expiresAt: string } | null;
  details: {
    proven: ProvenIdentity | null;
    personal: PersonalDetails | null;
    workplace: WorkplaceDetails | null;
    email: string | null;
    emailVerified: boolean;
  } | null;
};
export type Consent = { version: string; title: string; intro: string; lead: string; items: string[]; accept: string };
export type ProofingStart = { url: string; qr: string; expiresAt: string };
export type Province = { id: string; name: string };
export type District = { id: string; provinceId: string; name: string };
export type Subdistrict = { id: string; districtId: string; name: string; postcode: string };

/** What the phone sees before confirming a proof: whose it is and which computer asked. */
export type ProofingSession = {
  username: string; unitCode: string; unitName: string; ministry: string; department: string;
  desktop: { at: string; userAgent: string | null; ip: string | null };
  status: ProofingStatus; failureCode: ProofingFailure | null; providerName: string; providerNameEn: string;
};

// Soft-token activation (R-5.x); shapes follow api/routes/{registration,activation,device}.ts.

/** Step 5 on the desktop: the QR holds `url` (the long code in its fragment); `typedCode` is for typing. */
export type ActivationStart = { url: string; qr: string; typedCode: string; expiresAt: string };
export type ActivationOptions = { options: PublicKeyCredentialCreationOptionsJSON; username: string; challengeId: string };
export type PushState = 'none' | 'active' | 'dead';
/** The activated phone, as its device cookie says. */
export type DeviceInfo = {
  username: string; unit?: { code: string; name: string; ministry: string };
  validUntil: string; deviceLabel: string | null; suspended: boolean; push: PushState;
};
export type PushSubscriptionBody = { endpoint: string; keys: { p256dh: string; auth: string } };

// Officer console; shapes follow api/routes/officer*.ts. Times are ISO strings.

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };
export type Role = 'officer' | 'reviewer' | 'admin';
export type AgeBand = 'under1d' | 'd1to3' | 'd3to7' | 'over7d';
/** One queue of waiting work; service requests will add their own key. */
export type WaitingQueue = { key: 'registrations' | 'service_requests'; total: number; oldestAt: string | null; bands: Array<{ band: AgeBand; count: number }> };
export type OfficerDashboard = { queues: WaitingQueue[]; at: string };

export type QueueStatus = 'pending' | 'approved' | 'rejected' | 'all';
export type RegistrationQuery = {
  status?: QueueStatus; unit?: string; from?: string; to?: string; name?: string; nationalId?: string;
  sort?: 'oldest' | 'newest'; page?: number; pageSize?: number;
};
export type RegistrationListItem = {
  id: string; status: RegistrationStatus; submittedAt: string | null; decidedAt: string | null; username: string;
  unitCode: string; unitName: string; nationalId: string | null; nameTh: string | null; nameEn: string | null; email: string | null;
};
export type FourEyesConflict = 'own_registration' | 'own_national_id' | 'issued_credentials' | 'officer_national_id_missing';
export type ComparisonField = 'nationalId' | 'nameTh' | 'nameEn' | 'birthDate' | 'address' | 'holder';
export type ComparisonRow = { field: ComparisonField; proven: string | null; entered: string | null; differs: boolean };
export type RegistrationReview = {
  id: string; status: RegistrationStatus; submittedAt: string | null; decidedAt: string | null;
  decidedBy: { username: string; displayName: string | null } | null; rejectReason: string | null;
  account: { id: string; username: string }; unit: Unit; nationalId: string | null;
  proven: ProvenIdentity | null; personal: PersonalDetails | null; workplace: WorkplaceDetails | null;
  email: string | null; emailVerifiedAt: string | null; comparison: ComparisonRow[];
  document: { filename: string; size: number; uploadedAt: string } | null;
  /** Four-eyes: why this officer may not decide it (their own account or national ID, or they issued its credentials). */
  fourEyes: FourEyesConflict | null; ownRegistration: boolean;
};
/** The full national IDs behind a review's masked ones (each look is audited); `comparison` holds the rows that carry them. */
export type RegistrationNationalIds = {
  nationalId: string | null; provenNationalId: string | null; holderNationalId: string | null; comparison: ComparisonRow[];
};
export type Decision = { id: string; status: RegistrationStatus; decidedAt: string };

/** A sealed slip: the initial password exists only in the answer that made it. */
export type Slip = { username: string; initialPassword: string; unitCode: string; unitName: string; displayName: string | null };
export type CreatedAccount = { id: string; username: string; unitCode: string; legacyTokenUser: boolean; slip: Slip | null };
export type NewAccount = { unitCode: string; username?: string; displayName?: string; legacyToken?: boolean };
/** An OpenID Connect client (relying party) as the console sees it: never its secret. */
export type OidcClient = {
  id: string; name: string; redirectUris: string[]; postLogoutRedirectUris: string[]; backchannelLogoutUri: string | null;
  public: boolean; firstParty: boolean; hasSecret: boolean; disabledAt: string | null; secretRotatedAt: string | null;
  createdAt: string; updatedAt: string;
};
export type NewOidcClient = {
  name: string; redirectUris: string[]; postLogoutRedirectUris?: string[]; backchannelLogoutUri?: string | null; public?: boolean; firstParty?: boolean;
};
export type OidcClientQuery = { q?: string; page?: number; pageSize?: number };
export type AccountQuery = { q?: string; unit?: string; kind?: 'staff' | 'officer'; locked?: boolean; page?: number; pageSize?: number };
export type AccountSummary = {
  id: string; username: string; kind: 'staff' | 'officer'; roles: Role[]; unitCode: string; unitName: string;
  displayName: string | null; status: 'active' | 'disabled'; legacyTokenUser: boolean; hasPassword: boolean;
  passwordIsInitial: boolean; holderName: string | null; hasToken: boolean; tokenKind: 'synced' | 'device_bound' | null;
  /** Push health of the active token; null without a token. */
  pushStatus: PushState | null; locked: boolean; blockedUntil: string | null; createdAt: string;
};

export type AuditQuery = { username?: string; nationalId?: string; action?: string; from?: string; to?: string; page?: number; pageSize?: number };
export type AuditEvent = {
  id: number; at: string; actorKind: 'user' | 'officer' | 'device' | 'system'; actorUsername: string | null; action: string;
  subjectUsername: string | null; nationalId: string | null; targetType: string | null; targetId: string | null;
  ip: string | null; userAgent: string | null; details: Record<string, unknown> | null;
};

export type LegacyProfile = {
  username: string; unitCode: string; unitName: string; displayName: string | null; holderName: string | null;
  initialPasswordIssued: boolean; hasToken: boolean;
};

// Service requests (R-9, แบบคำร้องขอใช้บริการ Soft Token); shapes follow api/routes/{service-requests,officer-service-requests}.ts.

export type ServicePurpose = 'reset_password' | 'change_phone' | 'lost_phone' | 'other' | 'change_holder' | 'change_email';
export type HolderReason = 'resigned' | 'moved' | 'other';
export type ServiceRequestStatus = 'awaiting_scan' | 'submitted' | 'processed' | 'refused' | 'completed';
export type ServiceOutcome = 'done' | 'refused';
export type BilingualLabel = { th: string; en: string };
export type ServiceRequestOptions = { purposes: Record<ServicePurpose, BilingualLabel>; holderReasons: Record<HolderReason, BilingualLabel> };
/** Part 2 of the form: who files it. */
export type Requester = { name: string; nationalId: string; email: string; mobile: string; division: string; department: string; ministry: string };
export type ServiceRequestInput = {
  unitCode: string; username: string; purpose: ServicePurpose; requester: Requester;
  otherText?: string; holderReason?: HolderReason; holderReasonText?: string; newHolderEmail?: string; newEmail?: string;
};
/** Part 3's extra answers; `source: 'not_me'` marks a lost-phone request opened by "this was not me". */
export type PurposeDetail = Partial<Pick<ServiceRequestInput, 'otherText' | 'holderReason' | 'holderReasonText' | 'newHolderEmail' | 'newEmail'>> & {
  source?: 'not_me';
};
/** The requester's view of their own request (by tracking number). */
export type ServiceRequestForm = {
  trackingNumber: string; status: ServiceRequestStatus; createdAt: string; unitCode: string; username: string;
  requester: Requester & { unitName: string }; purpose: ServicePurpose; purposeDetail: PurposeDetail | null;
  scanUploaded: boolean; outcome: ServiceOutcome | null; outcomeReason: string | null;
};
export type ServiceRequestQueueStatus = 'waiting' | 'awaiting_scan' | 'submitted' | 'processed' | 'completed' | 'all';
export type ServiceRequestQuery = { status?: ServiceRequestQueueStatus; sort?: 'oldest' | 'newest'; page?: number; pageSize?: number };
export type ServiceRequestItem = {
  id: string; trackingNumber: string; unitCode: string; username: string; accountId: string | null;
  requester: Requester & { unitName: string }; purpose: ServicePurpose; scanDocumentId: string | null;
  status: ServiceRequestStatus; outcome: ServiceOutcome | null; outcomeReason: string | null;
  processedBy: string | null; processedAt: string | null; reviewedBy: string | null; reviewedAt: string | null;
  createdAt: string; updatedAt: string;
};
export type ServiceCheckName = 'holderMatches' | 'emailMatches';
/**
 * What the records say about a request: the requester's national ID against the holder's
 * proven one, the contact email against the verified one on file; `required` checks must all
 * pass (`passed`) before "done" for purposes that release credentials or lead to re-activation.
 */
export type ServiceRequestChecks = {
  accountFound: boolean; holderMatches: boolean | null; emailMatches: boolean | null;
  onFile: { nationalId: string | null; email: string | null };
  required: ServiceCheckName[]; passed: boolean;
};
/** The full national IDs behind a request's masked ones (each look is audited). */
export type ServiceRequestNationalIds = { requesterNationalId: string; onFileNationalId: string | null };
/** One request for officers (national IDs masked): what the records say about it, and whether this officer may sign it off. */
export type ServiceRequestReview = ServiceRequestItem & {
  purposeDetail: PurposeDetail | null;
  checks: ServiceRequestChecks;
  canReview: boolean;
};

// OpenID Connect provider (issue #14); shapes follow api/routes/oidc.ts.

/** A pending sign-in for a client: who asks, and which scopes (what is released) it wants. */
export type OidcInteraction = { uid: string; clientName: string; firstParty: boolean; scopes: string[]; /** the client accepts only a passkey sign-in */ passkeyOnly: boolean };
/** After consent or cancel: the provider's URL that answers the client (a full-page navigation). */
export type OidcNext = { redirectTo: string };

/** `?a=1&b=x` from the given values; empty ones are left out. */
function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export const api = {
  /** Can the system serve now (database, live updates): the login page's status line. */
  ready: () => get<Ready>('/api/ready'),
  officer: {
    dashboard: () => get<OfficerDashboard>('/api/officer/dashboard'),
    units: () => get<Unit[]>('/api/officer/units'),
    /** Server-sent events: `ready`, then `update` whenever a queue changes. */
    eventsUrl: '/api/officer/events',
    registrations: (q: RegistrationQuery = {}) => get<Paged<RegistrationListItem>>(`/api/officer/registrations${query(q)}`),
    registration: (id: string) => get<RegistrationReview>(`/api/officer/registrations/${enc(id)}`),
    /** "Show": the full national IDs of a registration; the server records the look. */
    registrationNationalIds: (id: string) => get<RegistrationNationalIds>(`/api/officer/registrations/${enc(id)}/national-id`),
    /** The appointment PDF, for an <iframe> on the review page. */
    documentUrl: (id: string) => `/api/officer/registrations/${enc(id)}/document`,
    approve: (id: string) => post<Decision>(`/api/officer/registrations/${enc(id)}/approve`),
    reject: (id: string, reason: string) => post<Decision>(`/api/officer/registrations/${enc(id)}/reject`, { reason }),
    accounts: (q: AccountQuery = {}) => get<Paged<AccountSummary>>(`/api/officer/accounts${query(q)}`),
    createAccount: (input: NewAccount) => post<{ created: CreatedAccount[] }>('/api/officer/accounts', input),
    importAccounts: (csv: string) => post<{ created: CreatedAccount[] }>('/api/officer/accounts/import', { csv }),
    reissue: (id: string) => post<{ slip: Slip }>(`/api/officer/accounts/${enc(id)}/reissue`),
    unlock: (id: string) => post<{ ok: true }>(`/api/officer/accounts/${enc(id)}/unlock`),
    oidcClients: (q: OidcClientQuery = {}) => get<Paged<OidcClient>>(`/api/officer/oidc-clients${query(q)}`),
    /** The answer is the only time the secret is shown (null for a public client). */
    createOidcClient: (input: NewOidcClient) => post<{ client: OidcClient; secret: string | null }>('/api/officer/oidc-clients', input),
    updateOidcClient: (id: string, input: Partial<Omit<NewOidcClient, 'public'>>) => patch<{ client: OidcClient }>(`/api/officer/oidc-clients/${enc(id)}`, input),
    rotateOidcClientSecret: (id: string) => post<{ clientId: string; secret: string }>(`/api/officer/oidc-clients/${enc(id)}/rotate-secret`),
    setOidcClientDisabled: (id: string, disabled: boolean) =>
      post<{ client: OidcClient }>(`/api/officer/oidc-clients/${enc(id)}/${disabled ? 'disable' : 'enable'}`),
    audit: (q: AuditQuery = {}) => get<Paged<AuditEvent>>(`/api/officer/audit${query(q)}`),
    auditActions: () => get<string[]>('/api/officer/audit/actions'),
    legacyProfile: (username: string) => get<LegacyProfile>(`/api/officer/legacy/${enc(username)}`),
    legacyIssue: (username: string) => post<{ username: string; initialPassword: string }>(`/api/officer/legacy/${enc(username)}/initial-password`),
    legacyLogout: (username: string) => post<{ ok: true }>(`/api/officer/legacy/${enc(username)}/logout`),
    serviceRequests: (q: ServiceRequestQuery = {}) => get<Paged<ServiceRequestItem>>(`/api/officer/service-requests${query(q)}`),
    serviceRequest: (id: string) => get<ServiceRequestReview>(`/api/officer/service-requests/${enc(id)}`),
    /** "Show": the full national IDs of a request; the server records the look. */
    serviceRequestNationalIds: (id: string) => get<ServiceRequestNationalIds>(`/api/officer/service-requests/${enc(id)}/national-id`),
    /** The signed scan (PDF), for an <iframe> on the request's page. */
    serviceRequestScanUrl: (id: string) => `/api/officer/service-requests/${enc(id)}/scan`,
    processServiceRequest: (id: string, input: { outcome: ServiceOutcome; reason?: string }) =>
      post<{ ok: true }>(`/api/officer/service-requests/${enc(id)}/process`, input),
    /** A change of holder answers with the new holder's initial password as a slip to print and seal. */
    reviewServiceRequest: (id: string) => post<{ ok: true; status: ServiceRequestStatus; slip: Slip | null }>(`/api/officer/service-requests/${enc(id)}/review`),
  },
  public: {
    config: () => get<PublicConfig>('/api/public/config'),
    privacy: () => get<PrivacyFacts>('/api/public/privacy'),
    unit: (code: string) => get<Unit>(`/api/public/units/${encodeURIComponent(code)}`),
  },
  /** The public service-request form (no login: the phone may be lost); the tracking number is the key. */
  serviceRequests: {
    options: () => get<ServiceRequestOptions>('/api/service-requests/options'),
    create: (input: ServiceRequestInput) => post<ServiceRequestForm>('/api/service-requests', input),
    get: (tracking: string) => get<ServiceRequestForm>(`/api/service-requests/${enc(tracking)}`),
    /** The signed form, scanned as one PDF (≤ 10 MB). */
    uploadScan: (tracking: string, file: File) => {
      const form = new FormData();
      form.set('file', file, file.name);
      return post<{ ok: true; status: ServiceRequestStatus }>(`/api/service-requests/${enc(tracking)}/scan`, form);
    },
    /** The link emailed to a new address (change of email): `/verify-email#<token>`. */
    verifyEmail: (token: string) => post<{ ok: true; email: string }>('/api/service-requests/email-change/verify', { token }),
  },
  auth: {
    login: (username: string, password: string) => post<LoginResult>('/api/auth/login', { username, password }),
    logout: () => post<{ ok: true }>('/api/auth/logout'),
    me: () => get<Me>('/api/auth/me'),
    passwordRules: () => get<PasswordRules>('/api/auth/password-rules'),
    /** Every session of the account ends: log in again. */
    changePassword: (input: PasswordChange) => post<{ ok: true; next: 'login' }>('/api/auth/password', input),
    /** The emailed reset link: is it still good, for whom. */
    checkPasswordReset: (token: string) => post<PasswordResetLink>('/api/auth/password-reset/check', { token }),
    /** Set a new password with the link; it is used up and every session ends. */
    resetPassword: (input: { token: string; newPassword: string; confirmPassword: string }) =>
      post<{ ok: true; username: string; next: 'login' }>('/api/auth/password-reset', input),
    /** Renew Soft Token from the portal: a renewal request the phone accepts. */
    renew: () => post<{ next: 'renew'; requestId: string; expiresAt: string }>('/api/auth/renew'),
    /** A challenge for the phone's passkey, with no allow-list: the browser offers the phone. */
    passkeyOptions: () => post<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }>('/api/auth/passkey/options'),
    passkeyVerify: (challengeId: string, response: AuthenticationResponseJSON) => post<PasskeyLogin>('/api/auth/passkey/verify', { challengeId, response }),
  },
  /** An officer's passkey after the password (FLOWS §7): enrol the first one, or sign with it. */
  officerPasskey: {
    enrolOptions: () => post<{ options: PublicKeyCredentialCreationOptionsJSON }>('/api/officer-passkey/enrol/options'),
    enrol: (response: RegistrationResponseJSON) => post<{ next: 'officer' }>('/api/officer-passkey/enrol', { response }),
    signInOptions: () => post<{ options: PublicKeyCredentialRequestOptionsJSON }>('/api/officer-passkey/sign-in/options'),
    signIn: (response: AuthenticationResponseJSON) => post<{ next: 'officer' }>('/api/officer-passkey/sign-in', { response }),
  },
  /** The desktop's login (or renewal) request; needs this browser's binding cookie. */
  loginRequests: {
    get: (id: string) => get<LoginRequestView>(`/api/login-requests/${enc(id)}`),
    /** Server-sent `status` events (the status), ending once it is no longer pending. */
    eventsUrl: (id: string) => `/api/login-requests/${enc(id)}/events`,
    complete: (id: string) => post<LoginCompletion>(`/api/login-requests/${enc(id)}/complete`),
  },
  /** Signing in to another system through our OpenID provider (issue #14); 404 when the interaction is unknown or expired. */
  oidc: {
    interaction: (uid: string) => get<OidcInteraction>(`/api/oidc/interactions/${enc(uid)}`),
    /**
     * The provider's own paths, fetched rather than form-posted: a form post's redirect to the
     * client would be blocked by our CSP's form-action. The answer says where the browser goes.
     */
    consent: (uid: string, decision: 'allow' | 'deny') => post<OidcNext>(`/oidc/interaction/${enc(uid)}/consent`, { decision }),
    /** Cancel the sign-in: the client hears access_denied. */
    abort: (uid: string) => post<OidcNext>(`/oidc/interaction/${enc(uid)}/abort`),
  },
  portal: {
    profile: () => get<PortalProfile>('/api/portal/profile'),
    /** Asks the phone to approve (picture matching); the token is revoked when it does. */
    revoke: (input: { reason: RevokeReason; detail?: string }) => post<PhoneRequestStart>('/api/portal/revoke', { ...input, confirm: true }),
    /** "Download my data": asks the phone to approve (picture matching). */
    startExport: () => post<PhoneRequestStart>('/api/portal/export'),
    /** The approved ZIP, once, to the session that asked (this browser's binding cookie). */
    downloadExport: (id: string) => download(`/api/portal/export/${enc(id)}`),
  },
  registration: {
    get: () => get<Registration>('/api/registration'),
    consent: () => get<Consent>('/api/registration/consent'),
    /** Step 1 as multipart: nationalId, consent and the appointment PDF (when there is one). */
    step1: (input: { nationalId: string; consent: boolean; file?: File | null }) => {
      const form = new FormData();
      form.set('nationalId', input.nationalId);
      if (input.consent) form.set('consent', 'true');
      if (input.file) form.set('file', input.file, input.file.name);
      return post<{ ok: true; status: RegistrationStatus }>('/api/registration/step1', form);
    },
    startProofing: () => post<ProofingStart>('/api/registration/proofing'),
    savePersonal: (input: PersonalDetails) => put<{ ok: true }>('/api/registration/personal', input),
    saveWorkplace: (input: WorkplaceDetails) => put<{ ok: true }>('/api/registration/workplace', input),
    reset: () => post<{ ok: true }>('/api/registration/reset'),
    sendEmailCode: (email: string) => post<{ expiresAt: string; resendAt: string }>('/api/registration/email/send', { email }),
    verifyEmailCode: (verification: string) => post<{ email: string; verified: true }>('/api/registration/email/verify', { code: verification }),
    submit: () => post<{ ok: true; status: RegistrationStatus }>('/api/registration/submit'),
    /** Server-sent events: `ready`, then `update` whenever this account's registration changes. */
    eventsUrl: '/api/registration/events',
    /** A fresh activation code pair; any earlier unused one dies. */
    startActivation: () => post<ActivationStart>('/api/registration/activation'),
    provinces: () => get<Province[]>('/api/registration/address/provinces'),
    districts: (provinceId: string) => get<District[]>(`/api/registration/address/districts?province=${enc(provinceId)}`),
    subdistricts: (districtId: string) => get<Subdistrict[]>(`/api/registration/address/subdistricts?district=${enc(districtId)}`),
  },
  proofing: {
    session: (c: string) => get<ProofingSession>(`/api/proofing/session/${enc(c)}`),
    confirm: (c: string) => post<{ redirectUrl: string }>(`/api/proofing/session/${enc(c)}/confirm`),
    refuse: (c: string) => post<{ ok: true }>(`/api/proofing/session/${enc(c)}/refuse`),
  },
  /** The phone app before it has a device cookie: code → options → attestation. */
  activation: {
    options: (code: string) => post<ActivationOptions>('/api/activation/options', { code }),
    verify: (input: { code: string; challengeId: string; response: RegistrationResponseJSON; deviceLabel?: string }) =>
      post<{ ok: true; validUntil: string }>('/api/activation/verify', input),
  },
  /** The activated phone app (device cookie). */
  device: {
    /** null: this browser holds no device cookie (never activated here). */
    get: () => get<DeviceInfo | null>('/api/device'),
    savePush: (subscription: PushSubscriptionBody) => put<{ ok: true }>('/api/device/push', subscription),
    deletePush: () => del<{ ok: true }>('/api/device/push'),
    requests: () => get<DeviceRequest[]>('/api/device/requests'),
    /** Server-sent events: `ready`, then `request` (its id) whenever a new request arrives. */
    eventsUrl: '/api/device/events',
    approve: (id: string, input: { choice: string; response: AuthenticationResponseJSON }) =>
      post<{ status: 'approved' | 'denied'; purpose: RequestPurpose }>(`/api/device/requests/${enc(id)}/approve`, input),
    deny: (id: string, notMe = false) => post<{ status: 'denied' }>(`/api/device/requests/${enc(id)}/deny`, { notMe }),
  },
};
