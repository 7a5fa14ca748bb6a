/**
 * Cross-device identity proofing (R-3.4, FLOWS §1). The desktop gets a short link for a QR;
 * the phone opening it first sees whose proof it is and confirms; only then are `state`,
 * `nonce` and the PKCE verifier made and the phone bound by a cookie. The callback must
 * match a waiting row and that cookie; the proven national ID must equal step 1's and the
 * assurance level must reach the minimum.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { unitViewColumns } from '../../db/queries/units.ts';
import type { ProvenIdentity } from '../../db/json-types.ts';
import { accounts, persons, proofingSessions, registrations, units } from '../../db/schema.ts';
import { thaiFullName } from '../lib/thai-name.ts';
import type { ClaimMap } from '../config.ts';
import type { Clock } from '../lib/clock.ts';
import { randomToken, safeEqual, sha256 } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { isRealAddress } from './address.ts';
import { isValidNationalId } from './identifiers.ts';
import { moveRegistration, publishRegistration } from './registration.ts';

export const PROOFING_TTL_MS = 10 * 60_000;

export type ProofingFailure = 'denied' | 'provider_error' | 'id_mismatch' | 'ial_too_low' | 'claims_missing';
type ProofingRow = typeof proofingSessions.$inferSelect;

/** Desktop: a new short link code (≥ 128 bits) for the registration's proofing. */
export async function startProofing(
  ex: Executor, clock: Clock, input: { registrationId: string; ip?: string; userAgent?: string }, actor: AuditActor,
): Promise<{ code: string; expiresAt: Date }> {
  const code = randomToken(16);
  const expiresAt = new Date(clock.now().getTime() + PROOFING_TTL_MS);
  // A new QR replaces the earlier ones: their links stop working now.
  await ex.update(proofingSessions).set({ expiresAt: clock.now() }).where(and(
    eq(proofingSessions.registrationId, input.registrationId), inArray(proofingSessions.status, ['waiting', 'redirected', 'failed']),
  ));
  await ex.insert(proofingSessions).values({
    registrationId: input.registrationId, codeHash: sha256(code), desktopIp: input.ip,
    desktopUserAgent: input.userAgent?.slice(0, 512), expiresAt, createdAt: clock.now(),
  });
  await recordAudit(ex, actor, 'proofing.start', { accountId: actor.accountId, targetType: 'registration', targetId: input.registrationId });
  return { code, expiresAt };
}

export type ProofingLookup =
  | { ok: true; row: ProofingRow; context: ProofingContext }
  | { ok: false; reason: 'not_found' | 'expired' | 'finished' };

/** What the phone shows before the person confirms: whose proof, from which desktop. */
export type ProofingContext = {
  username: string; unitCode: string; unitName: string; ministry: string; department: string;
  desktop: { at: string; userAgent: string | null; ip: string | null };
  status: ProofingRow['status']; failureCode: string | null;
};

export async function lookupProofing(ex: Executor, clock: Clock, code: string): Promise<ProofingLookup> {
  const [found] = await ex.select({ row: proofingSessions, username: accounts.username, unit: unitViewColumns })
    .from(proofingSessions)
    .innerJoin(registrations, eq(registrations.id, proofingSessions.registrationId))
    .innerJoin(accounts, eq(accounts.id, registrations.accountId))
    .innerJoin(units, eq(units.code, accounts.unitCode))
    .where(eq(proofingSessions.codeHash, sha256(code)));
  if (!found) return { ok: false, reason: 'not_found' };
  const { row, unit } = found;
  if (row.status === 'done' || row.status === 'refused') return { ok: false, reason: 'finished' };
  if (row.expiresAt <= clock.now()) return { ok: false, reason: 'expired' };
  return {
    ok: true, row,
    context: {
      username: found.username, unitCode: unit.code, unitName: unit.name, ministry: unit.ministry, department: unit.department,
      desktop: { at: row.createdAt.toISOString(), userAgent: row.desktopUserAgent, ip: row.desktopIp },
      status: row.status, failureCode: row.failureCode,
    },
  };
}

export type ConfirmResult =
  | { ok: true; state: string; nonce: string; codeVerifier: string; binding: string }
  | { ok: false; reason: 'not_found' | 'expired' | 'finished' };

/** Phone confirms "this is my proof": make state, nonce, PKCE verifier and the phone binding. */
export async function confirmProofing(ex: Executor, clock: Clock, code: string, actor: AuditActor): Promise<ConfirmResult> {
  const found = await lookupProofing(ex, clock, code);
  if (!found.ok) return found;
  const state = randomToken(24);
  const nonce = randomToken(24);
  const codeVerifier = randomToken(48);
  const binding = randomToken(32);
  const [row] = await ex.update(proofingSessions).set({
    status: 'redirected', state, nonce, codeVerifier, phoneBindingHash: sha256(binding), confirmedAt: clock.now(), failureCode: null,
  }).where(and(eq(proofingSessions.id, found.row.id), inArray(proofingSessions.status, ['waiting', 'redirected', 'failed']))).returning();
  if (!row) return { ok: false, reason: 'finished' };
  await recordAudit(ex, actor, 'proofing.confirm', { targetType: 'registration', targetId: row.registrationId });
  await publishRegistration(ex, row.registrationId, 'proofing_confirmed');
  return { ok: true, state, nonce, codeVerifier, binding };
}

/** Phone says "this is not my proof": the link dies and the desktop is told. */
export async function refuseProofing(ex: Executor, clock: Clock, code: string, actor: AuditActor): Promise<boolean> {
  const found = await lookupProofing(ex, clock, code);
  if (!found.ok) return false;
  await ex.update(proofingSessions).set({ status: 'refused', completedAt: clock.now() }).where(eq(proofingSessions.id, found.row.id));
  await recordAudit(ex, actor, 'proofing.refused_on_phone', { targetType: 'registration', targetId: found.row.registrationId });
  await publishRegistration(ex, found.row.registrationId, 'proofing_refused');
  return true;
}

export type CallbackLookup =
  | { ok: true; row: ProofingRow & { state: string; nonce: string; codeVerifier: string } }
  | { ok: false; reason: 'unknown_state' | 'expired' | 'wrong_browser' };

/** The callback's `state` must name a row waiting for it, and the phone's cookie must match. */
export async function findProofingCallback(ex: Executor, clock: Clock, state: string, binding: string | undefined): Promise<CallbackLookup> {
  const [row] = await ex.select().from(proofingSessions)
    .where(and(eq(proofingSessions.state, state), eq(proofingSessions.status, 'redirected')));
  if (!row || !row.nonce || !row.codeVerifier || !row.phoneBindingHash) return { ok: false, reason: 'unknown_state' };
  if (row.expiresAt <= clock.now()) return { ok: false, reason: 'expired' };
  if (!binding || !safeEqual(sha256(binding), row.phoneBindingHash)) return { ok: false, reason: 'wrong_browser' };
  return { ok: true, row: { ...row, state, nonce: row.nonce, codeVerifier: row.codeVerifier } };
}

/** Read our fields out of the provider's claims by the configured names. */
export function mapClaims(claims: Record<string, unknown>, names: ClaimMap): ProvenIdentity | null {
  const str = (k: keyof ClaimMap) => {
    const v = claims[names[k]];
    return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;
  };
  const nationalId = str('nationalId')?.replace(/\D/g, '') ?? '';
  const ial = Number(str('ial'));
  const firstNameTh = str('firstNameTh');
  const lastNameTh = str('lastNameTh');
  if (!isValidNationalId(nationalId) || !Number.isFinite(ial) || !firstNameTh || !lastNameTh) return null;
  const birth = str('birthDate');
  return {
    nationalId, ial, title: str('title'), titleEn: str('titleEn'), firstNameTh, middleNameTh: str('middleNameTh'), lastNameTh,
    firstNameEn: str('firstNameEn'), middleNameEn: str('middleNameEn'), lastNameEn: str('lastNameEn'),
    birthDate: birth && /^\d{4}-\d{2}-\d{2}$/.test(birth) ? birth : null,
    address: readAddress(claims[names.address]),
  };
}

/** OIDC's address claim is an object (`formatted`, parts); some providers send a plain string. */
function readAddress(v: unknown): ProvenIdentity['address'] {
  if (typeof v === 'string') return v.trim() ? { formatted: v.trim(), parts: null } : null;
  if (!v || typeof v !== 'object') return null;
  const a = v as Record<string, unknown>;
  const s = (k: string) => (typeof a[k] === 'string' ? a[k].trim() : '');
  const parts = {
    line1: s('street_address'), province: s('province') || s('region'), district: s('district') || s('locality'),
    subdistrict: s('subdistrict'), postcode: s('postal_code'),
  };
  const formatted = s('formatted') || [parts.line1, parts.subdistrict, parts.district, parts.province, parts.postcode].filter(Boolean).join(' ');
  if (!formatted) return null;
  return { formatted, parts: parts.line1 && isRealAddress(parts) ? parts : null };
}

export type ProofingOutcome = { ok: true } | { ok: false; reason: ProofingFailure };

/** Record the provider's answer: the proven identity moves the registration to step 3. */
export async function finishProofing(
  ex: Executor, clock: Clock,
  input: { row: ProofingRow; result: { ok: true; claims: Record<string, unknown> } | { ok: false; reason: 'denied' | 'provider_error' }; claimNames: ClaimMap; minIal: number },
  actor: AuditActor,
): Promise<ProofingOutcome> {
  const { row, result } = input;
  const [registration] = await ex.select().from(registrations).where(eq(registrations.id, row.registrationId));
  let failure: ProofingFailure | null = result.ok ? null : result.reason;
  let identity: ProvenIdentity | null = null;
  if (result.ok) {
    identity = mapClaims(result.claims, input.claimNames);
    if (!identity) failure = 'claims_missing';
    else if (identity.nationalId !== registration?.nationalId) failure = 'id_mismatch';
    else if (registration.reproofing && identity.nationalId !== (await holderNationalId(ex, registration.accountId))) failure = 'id_mismatch';
    else if (identity.ial < input.minIal) failure = 'ial_too_low';
  }
  const now = clock.now();
  if (failure || !identity) {
    const code = failure ?? 'claims_missing';
    await ex.update(proofingSessions).set({ status: 'failed', failureCode: code, state: null }).where(eq(proofingSessions.id, row.id));
    await recordAudit(ex, actor, 'proofing.failed', { accountId: registration?.accountId, nationalId: registration?.nationalId, targetType: 'registration', targetId: row.registrationId, details: { reason: code, ial: identity?.ial } });
    await publishRegistration(ex, row.registrationId, `proofing_failed`);
    return { ok: false, reason: code };
  }
  await ex.update(proofingSessions).set({ status: 'done', completedAt: now, state: null, claims: identity })
    .where(eq(proofingSessions.id, row.id));
  // Re-proofing: the holder was approved before and has proven to be that holder again, so
  // step 5 opens without a new officer decision (FLOWS §6).
  const reproofing = Boolean(registration?.reproofing);
  const moved = await moveRegistration(ex, clock, row.registrationId, 'proofing', reproofing
    ? { status: 'approved', reproofing: false, proofedAt: now, proofedClaims: identity, ...provenNames(identity) }
    : { status: 'details', proofedAt: now, proofedClaims: identity, ...provenNames(identity) });
  if (!moved) return { ok: false, reason: 'provider_error' };
  await recordAudit(ex, actor, 'proofing.done', { accountId: moved.accountId, nationalId: identity.nationalId, targetType: 'registration', targetId: moved.id, details: { ial: identity.ial, reproofing } });
  return { ok: true };
}

/** The national ID on the holder's record: what a re-proof must match. Null when there is no holder. */
async function holderNationalId(ex: Executor, accountId: string): Promise<string | null> {
  const [row] = await ex.select({ nationalId: persons.nationalId }).from(accounts)
    .innerJoin(persons, eq(persons.id, accounts.holderPersonId)).where(eq(accounts.id, accountId));
  return row?.nationalId ?? null;
}

/** The desktop's view: the latest proofing attempt of a registration. */
export async function latestProofing(ex: Executor, registrationId: string) {
  const [row] = await ex.select({ status: proofingSessions.status, failureCode: proofingSessions.failureCode, expiresAt: proofingSessions.expiresAt })
    .from(proofingSessions).where(eq(proofingSessions.registrationId, registrationId))
    .orderBy(desc(proofingSessions.createdAt)).limit(1);
  return row ?? null;
}

/** The proven names, kept in clear beside the sealed claims for the officers' name search. */
export function provenNames(p: ProvenIdentity): { nameTh: string; nameEn: string | null } {
  const en = [p.titleEn, p.firstNameEn, p.middleNameEn, p.lastNameEn].filter(Boolean).join(' ');
  return { nameTh: thaiFullName(p), nameEn: en || null };
}
