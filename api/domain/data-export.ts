/**
 * The holder's own copy of their data (PDPA s.30, right of access): from the portal's
 * ข้อมูลส่วนตัว, a ZIP with data.json (everything held about the holder) and their documents.
 * A portal session alone is not enough (it may be stolen): the phone approves a request of
 * purpose 'export' by picture matching, as for a login. Only the session that asked may then
 * collect it, once, within a few minutes of the approval; collecting consumes it in the
 * transaction that reads the data.
 *
 * What belongs to the holder: the account, their person record, the tokens and logins of
 * their phone, their registrations on this account (by national ID: an earlier holder's are
 * not theirs), the service requests naming the account (the requester's details and the
 * signed scan only when the holder filed it) and the account's audit events since the holder's
 * first registration on it. Never hashes, codes, challenges, session ids, tracking numbers
 * (the requester's key to a form) or key material beyond the credential id.
 */
import { and, asc, desc, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Executor } from '../../db/index.ts';
import { findPerson } from '../../db/queries/persons.ts';
import { findUnit, type UnitView } from '../../db/queries/units.ts';
import {
  accounts, auditEvents, authenticators, consents, documents, loginRequests, proofingSessions, pushSubscriptions,
  registrations, serviceRequests, type Account, type Authenticator, type LoginRequest,
} from '../../db/schema.ts';
import type { PersonalDetails, ProvenIdentity, ThaiAddress, WorkplaceDetails } from '../../db/json-types.ts';
import type { Clock } from '../lib/clock.ts';
import { randomToken, safeEqual, sha256 } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { createLoginRequest, findBoundRequest, type CreateRequestResult } from './login-requests.ts';
import { PURPOSE_LABELS } from './service-requests.ts';

/** After the phone's approval, the session that asked has this long to download. */
export const EXPORT_COLLECT_MS = 5 * 60_000;
/** How far back the login history goes. */
const LOGIN_HISTORY_MS = 365 * 86_400_000;

/* ── the request: asked by one session, approved on the phone, collected once ── */

/** The tag that ties a binding secret to the session that asked (the cookie alone outlives a logout). */
const sessionTag = (sessionIdHash: string, nonce: string) => sha256(`data-export|${sessionIdHash}|${nonce}`);

function sessionBinding(sessionIdHash: string): string {
  const nonce = randomToken(24);
  return `${nonce}.${sessionTag(sessionIdHash, nonce)}`;
}

function isSessionBinding(secret: string, sessionIdHash: string): boolean {
  const [nonce, tag, ...rest] = secret.split('.');
  return Boolean(nonce && tag) && rest.length === 0 && safeEqual(tag!, sessionTag(sessionIdHash, nonce!));
}

/** Ask the holder's phone to approve a download of their data; the binding secret is tied to this session. */
export function requestDataExport(
  ex: Executor, clock: Clock,
  input: { account: Account; authenticator: Authenticator; sessionIdHash: string; ip?: string; userAgent?: string },
  actor: AuditActor,
): Promise<CreateRequestResult> {
  const { sessionIdHash, ...rest } = input;
  return createLoginRequest(ex, clock, { ...rest, purpose: 'export', bindingSecret: sessionBinding(sessionIdHash) }, actor);
}

export type CollectExportResult =
  | { ok: true; personal: PersonalData }
  | { ok: false; reason: 'not_found' | 'not_approved' | 'gone' };

/**
 * The approved download, once: only for the browser holding the binding secret and the session
 * that asked, within EXPORT_COLLECT_MS of the approval. The request is consumed by a conditional
 * update in the caller's transaction, so two downloads at once give one ZIP.
 */
export async function collectDataExport(
  ex: Executor, clock: Clock,
  input: { requestId: string; bindingSecret: string | undefined; sessionIdHash: string; accountId: string },
  actor: AuditActor,
): Promise<CollectExportResult> {
  const request = await findBoundRequest(ex, clock, input.requestId, input.bindingSecret);
  if (!request || request.purpose !== 'export' || request.accountId !== input.accountId
    || !isSessionBinding(input.bindingSecret!, input.sessionIdHash)) return { ok: false, reason: 'not_found' };
  const now = clock.now();
  const [done] = await ex.update(loginRequests).set({ status: 'completed', completedAt: now }).where(and(
    eq(loginRequests.id, request.id), eq(loginRequests.status, 'approved'), eq(loginRequests.purpose, 'export'),
    gt(loginRequests.decidedAt, new Date(now.getTime() - EXPORT_COLLECT_MS)),
  )).returning({ id: loginRequests.id });
  if (!done) return { ok: false, reason: request.status === 'approved' || request.status === 'completed' ? 'gone' : 'not_approved' };
  const personal = await collectPersonalData(ex, clock, input.accountId);
  await recordAudit(ex, actor, 'account.data_export', {
    accountId: input.accountId, targetType: 'login_request', targetId: done.id,
    details: { registrations: personal.data.registrations.length, documents: personal.documents.map((d) => d.path) },
  });
  return { ok: true, personal };
}

/* ── what is held about the holder ─────────────────────────────────────────── */

type Officer = string | null;

export type PersonalDataJson = {
  generatedAt: Date;
  account: {
    username: string; unit: UnitView | null; email: string | null; status: Account['status'];
    createdAt: Date; passwordChangedAt: Date | null;
  };
  person: {
    nationalId: string; title: string | null; firstNameTh: string; middleNameTh: string | null; lastNameTh: string;
    titleEn: string | null; firstNameEn: string | null; middleNameEn: string | null; lastNameEn: string | null;
    birthDate: string | null; address: ThaiAddress | null; mobile: string | null; phone: string | null;
    email: string | null; emailVerifiedAt: Date | null; createdAt: Date; updatedAt: Date;
  } | null;
  tokens: Array<{
    credentialId: string; deviceLabel: string | null; validFrom: Date; validUntil: Date; lastUsedAt: Date | null;
    suspendedAt: Date | null; revokedAt: Date | null; revokeReason: string | null; backupEligible: boolean; createdAt: Date;
    notifications: Array<{ userAgent: string | null; createdAt: Date; lastSuccessAt: Date | null; stoppedAt: Date | null }>;
  }>;
  registrations: Array<{
    status: string; createdAt: Date; step1DoneAt: Date | null; nationalId: string | null;
    proofedAt: Date | null; proofedClaims: ProvenIdentity | null; nameTh: string | null; nameEn: string | null;
    personal: PersonalDetails | null; workplace: WorkplaceDetails | null; email: string | null; emailVerifiedAt: Date | null;
    submittedAt: Date | null; decidedAt: Date | null; decidedBy: Officer; rejectReason: string | null; reproofing: boolean;
    updatedAt: Date;
    appointment: { file: string; filename: string; size: number; sha256: string; uploadedAt: Date } | null;
    consents: Array<{ textVersion: string; acceptedAt: Date; ip: string | null; userAgent: string | null }>;
    proofingAttempts: Array<{ status: string; failureCode: string | null; startedAt: Date; completedAt: Date | null; ip: string | null; userAgent: string | null }>;
  }>;
  serviceRequests: Array<{
    filedByYou: boolean; unitCode: string; username: string; purpose: string; purposeLabel: { th: string; en: string };
    detail: { otherText?: string; holderReason?: string; holderReasonText?: string; newEmail?: string; openedByNotMe?: boolean };
    requester: { name: string; nationalId: string; email: string; mobile: string; division: string; department: string; ministry: string; unitName: string } | null;
    status: string; outcome: string | null; outcomeReason: string | null;
    processedAt: Date | null; processedBy: Officer; reviewedAt: Date | null; reviewedBy: Officer;
    createdAt: Date; updatedAt: Date;
    scan: { file: string; size: number; sha256: string; uploadedAt: Date } | null;
  }>;
  loginHistory: Array<{
    at: Date; purpose: LoginRequest['purpose']; outcome: LoginRequest['status']; denyReason: string | null;
    decidedAt: Date | null; ip: string | null; userAgent: string | null;
  }>;
  auditEvents: Array<{ action: string; at: Date; actorKind: string }>;
};

export type PersonalData = { data: PersonalDataJson; documents: Array<{ path: string; content: Uint8Array }> };

const decider = alias(accounts, 'decider');
const processor = alias(accounts, 'processor');
const reviewer = alias(accounts, 'reviewer');
const officerName = (o: { username: string; displayName: string | null } | null): Officer => (o ? o.displayName ?? o.username : null);

/** A file name for the ZIP: the kind, the day and a short id, so names never collide or carry a path. */
function documentPath(kind: string, at: Date, id: string): string {
  return `documents/${kind}-${at.toISOString().slice(0, 10)}-${id.slice(0, 8)}.pdf`;
}

/** Everything held about the account's holder (see the file's comment for what counts as theirs). */
export async function collectPersonalData(ex: Executor, clock: Clock, accountId: string): Promise<PersonalData> {
  const now = clock.now();
  const [account] = await ex.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) throw new Error('collectPersonalData: no such account');
  const person = account.holderPersonId ? await findPerson(ex, account.holderPersonId) : undefined;
  const unit = await findUnit(ex, account.unitCode);
  const docs: PersonalData['documents'] = [];

  // Whose registrations: the holder's national ID (the live registration's when there is no person record).
  const [live] = person ? [] : await ex.select({ nationalId: registrations.nationalId }).from(registrations)
    .where(and(eq(registrations.accountId, accountId), sql`${registrations.status} not in ('rejected', 'cancelled')`));
  const nationalId = person?.nationalId ?? live?.nationalId ?? null;
  const regRows = nationalId ? (await ex.select({
    registration: registrations, decider: { username: decider.username, displayName: decider.displayName },
    document: { id: documents.id, filename: documents.filename, size: documents.size, sha256: documents.sha256, content: documents.content, createdAt: documents.createdAt },
  }).from(registrations)
    .leftJoin(decider, eq(decider.id, registrations.decidedBy))
    .leftJoin(documents, and(eq(documents.id, registrations.appointmentDocumentId), eq(documents.kind, 'appointment')))
    .where(eq(registrations.accountId, accountId))
    // Compared unsealed: an account has a handful of registrations, and a row sealed before its index was kept still counts.
    .orderBy(asc(registrations.createdAt))).filter((r) => r.registration.nationalId === nationalId) : [];
  const regIds = regRows.map((r) => r.registration.id);
  const consentRows = regIds.length ? await ex.select().from(consents).where(inArray(consents.registrationId, regIds)).orderBy(asc(consents.acceptedAt)) : [];
  const proofingRows = regIds.length ? await ex.select({
    registrationId: proofingSessions.registrationId, status: proofingSessions.status, failureCode: proofingSessions.failureCode,
    createdAt: proofingSessions.createdAt, completedAt: proofingSessions.completedAt, ip: proofingSessions.desktopIp, userAgent: proofingSessions.desktopUserAgent,
  }).from(proofingSessions).where(inArray(proofingSessions.registrationId, regIds)).orderBy(asc(proofingSessions.createdAt)) : [];

  const registrationsJson = regRows.map(({ registration: r, decider: d, document }) => {
    let appointment = null;
    if (document) {
      const file = documentPath('appointment', document.createdAt, document.id);
      docs.push({ path: file, content: document.content });
      appointment = { file, filename: document.filename, size: document.size, sha256: document.sha256, uploadedAt: document.createdAt };
    }
    return {
      status: r.status, createdAt: r.createdAt, step1DoneAt: r.step1DoneAt, nationalId: r.nationalId,
      proofedAt: r.proofedAt, proofedClaims: r.proofedClaims, nameTh: r.nameTh, nameEn: r.nameEn,
      personal: r.personal, workplace: r.workplace, email: r.email, emailVerifiedAt: r.emailVerifiedAt,
      submittedAt: r.submittedAt, decidedAt: r.decidedAt, decidedBy: officerName(d), rejectReason: r.rejectReason, reproofing: r.reproofing,
      updatedAt: r.updatedAt, appointment,
      consents: consentRows.filter((c) => c.registrationId === r.id)
        .map((c) => ({ textVersion: c.textVersion, acceptedAt: c.acceptedAt, ip: c.ip, userAgent: c.userAgent })),
      proofingAttempts: proofingRows.filter((p) => p.registrationId === r.id)
        .map((p) => ({ status: p.status, failureCode: p.failureCode, startedAt: p.createdAt, completedAt: p.completedAt, ip: p.ip, userAgent: p.userAgent })),
    };
  });

  // The holder's tokens (an earlier holder's phone is not theirs), and what their phone did.
  const tokenRows = await ex.select().from(authenticators)
    .where(and(eq(authenticators.accountId, accountId), person ? eq(authenticators.personId, person.id) : undefined))
    .orderBy(asc(authenticators.createdAt));
  const tokenIds = tokenRows.map((t) => t.id);
  const pushRows = tokenIds.length ? await ex.select({
    authenticatorId: pushSubscriptions.authenticatorId, userAgent: pushSubscriptions.userAgent, createdAt: pushSubscriptions.createdAt,
    lastSuccessAt: pushSubscriptions.lastSuccessAt, deadAt: pushSubscriptions.deadAt,
  }).from(pushSubscriptions).where(inArray(pushSubscriptions.authenticatorId, tokenIds)) : [];
  const loginRows = tokenIds.length ? await ex.select({
    createdAt: loginRequests.createdAt, purpose: loginRequests.purpose, status: loginRequests.status, denyReason: loginRequests.denyReason,
    decidedAt: loginRequests.decidedAt, ip: loginRequests.ip, userAgent: loginRequests.userAgent,
  }).from(loginRequests).where(and(
    eq(loginRequests.accountId, accountId), inArray(loginRequests.authenticatorId, tokenIds),
    gte(loginRequests.createdAt, new Date(now.getTime() - LOGIN_HISTORY_MS)),
  )).orderBy(desc(loginRequests.createdAt)) : [];

  // Service requests naming the account; who filed each is theirs to know only when it was the holder.
  const srRows = await ex.select({
    request: serviceRequests,
    processor: { username: processor.username, displayName: processor.displayName },
    reviewer: { username: reviewer.username, displayName: reviewer.displayName },
    scan: { id: documents.id, size: documents.size, sha256: documents.sha256, content: documents.content, createdAt: documents.createdAt },
  }).from(serviceRequests)
    .leftJoin(processor, eq(processor.id, serviceRequests.processedBy))
    .leftJoin(reviewer, eq(reviewer.id, serviceRequests.reviewedBy))
    .leftJoin(documents, and(eq(documents.id, serviceRequests.scanDocumentId), eq(documents.kind, 'service_request_scan')))
    .where(eq(serviceRequests.accountId, accountId))
    .orderBy(asc(serviceRequests.createdAt));
  const serviceRequestsJson = srRows.map(({ request: s, processor: p, reviewer: rv, scan }) => {
    const filedByYou = nationalId !== null && s.requester.nationalId === nationalId;
    let scanJson = null;
    if (filedByYou && scan) {
      const file = documentPath('service-request', scan.createdAt, scan.id);
      docs.push({ path: file, content: scan.content });
      scanJson = { file, size: scan.size, sha256: scan.sha256, uploadedAt: scan.createdAt };
    }
    const d = s.purposeDetail ?? {};
    return {
      filedByYou, unitCode: s.unitCode, username: s.username, purpose: s.purpose, purposeLabel: PURPOSE_LABELS[s.purpose],
      // A new holder's email is someone else's; the rest of the form's part 3 is the holder's own.
      detail: {
        ...(d.otherText ? { otherText: d.otherText } : {}), ...(d.holderReason ? { holderReason: d.holderReason } : {}),
        ...(d.holderReasonText ? { holderReasonText: d.holderReasonText } : {}), ...(filedByYou && d.newEmail ? { newEmail: d.newEmail } : {}),
        ...(d.source === 'not_me' ? { openedByNotMe: true } : {}),
      },
      requester: filedByYou ? s.requester : null,
      status: s.status, outcome: s.outcome, outcomeReason: s.outcomeReason,
      processedAt: s.processedAt, processedBy: officerName(p), reviewedAt: s.reviewedAt, reviewedBy: officerName(rv),
      createdAt: s.createdAt, updatedAt: s.updatedAt, scan: scanJson,
    };
  });

  // The account's audit trail since the holder first registered on it (before that it was someone else's).
  const since = regRows[0]?.registration.createdAt ?? (person ? person.createdAt : account.createdAt);
  const auditRows = await ex.select({ action: auditEvents.action, at: auditEvents.at, actorKind: auditEvents.actorKind })
    .from(auditEvents).where(and(eq(auditEvents.subjectAccountId, accountId), gte(auditEvents.at, since)))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));

  const data: PersonalDataJson = {
    generatedAt: now,
    account: {
      username: account.username, unit: unit ?? null, email: account.email, status: account.status,
      createdAt: account.createdAt, passwordChangedAt: account.passwordChangedAt,
    },
    person: person ? {
      nationalId: person.nationalId, title: person.title, firstNameTh: person.firstNameTh, middleNameTh: person.middleNameTh, lastNameTh: person.lastNameTh,
      titleEn: person.titleEn, firstNameEn: person.firstNameEn, middleNameEn: person.middleNameEn, lastNameEn: person.lastNameEn,
      birthDate: person.birthDate, address: person.address, mobile: person.mobile, phone: person.phone,
      email: person.email, emailVerifiedAt: person.emailVerifiedAt, createdAt: person.createdAt, updatedAt: person.updatedAt,
    } : null,
    tokens: tokenRows.map((t) => ({
      credentialId: t.credentialId, deviceLabel: t.deviceLabel, validFrom: t.validFrom, validUntil: t.validUntil, lastUsedAt: t.lastUsedAt,
      suspendedAt: t.suspendedAt, revokedAt: t.revokedAt, revokeReason: t.revokeReason, backupEligible: t.backupEligible, createdAt: t.createdAt,
      notifications: pushRows.filter((p) => p.authenticatorId === t.id)
        .map((p) => ({ userAgent: p.userAgent, createdAt: p.createdAt, lastSuccessAt: p.lastSuccessAt, stoppedAt: p.deadAt })),
    })),
    registrations: registrationsJson,
    serviceRequests: serviceRequestsJson,
    loginHistory: loginRows.map((l) => ({
      at: l.createdAt, purpose: l.purpose, outcome: l.status, denyReason: l.denyReason, decidedAt: l.decidedAt, ip: l.ip, userAgent: l.userAgent,
    })),
    auditEvents: auditRows,
  };
  return { data, documents: docs };
}

/* ── the ZIP ───────────────────────────────────────────────────────────────── */

export function dataExportFilename(username: string): string {
  return `softtoken-data-${username.replace(/[^A-Za-z0-9]/g, '_')}.zip`;
}

/** data.json (UTF-8, indented) and the documents; PDFs are compressed already, so they are stored. */
export function zipPersonalData(personal: PersonalData): Uint8Array {
  const files: Zippable = { 'data.json': strToU8(JSON.stringify(personal.data, null, 2)) };
  for (const doc of personal.documents) files[doc.path] = [doc.content, { level: 0 }];
  return zipSync(files);
}
