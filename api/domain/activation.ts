/**
 * Soft-token activation (R-5.1 …, FLOWS §2). The desktop of an approved registration
 * gets a single-use code (a long one in the QR, a short one to type) living 5 minutes. The
 * phone app posts it and receives WebAuthn registration options; then posts the
 * attestation, which is verified and, in one transaction, consumes the code, stores the
 * authenticator with a 2-year token certificate, issues the device cookie and finishes step 5.
 */
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import {
  generateRegistrationOptions, verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Executor } from '../../db/index.ts';
import { accounts, activationCodes, authenticators, deviceTokens, registrations, type Authenticator } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { randomString, randomToken, sha256 } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { moveRegistration } from './registration.ts';

export const ACTIVATION_TTL_MS = 5 * 60_000;
export const TOKEN_VALIDITY_YEARS = 2;
// No look-alikes (0/O, 1/I/L): the short code is read off a screen and typed on a phone.
const TYPED_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const TYPED_CODE_LENGTH = 8;

export type WebAuthnSettings = { rpId: string; rpName: string; origin: string; deviceBoundOnly: boolean };

/** Normalise a typed code: case and separators do not matter. */
export function normaliseTypedCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The token certificate's end: two years from `from`. */
export function tokenValidUntil(from: Date): Date {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + TOKEN_VALIDITY_YEARS);
  return d;
}

export type CreateActivationResult =
  | { ok: true; code: string; typedCode: string; expiresAt: Date }
  | { ok: false; reason: 'not_approved' | 'token_active' };

/** Desktop: a fresh code pair; every earlier unused code of the registration dies. */
export async function createActivationCode(
  ex: Executor, clock: Clock, input: { registrationId: string; accountId: string }, actor: AuditActor,
): Promise<CreateActivationResult> {
  const [reg] = await ex.select().from(registrations).where(eq(registrations.id, input.registrationId));
  if (!reg || reg.status !== 'approved') return { ok: false, reason: 'not_approved' };
  if (await activeAuthenticator(ex, input.accountId)) return { ok: false, reason: 'token_active' };
  const now = clock.now();
  await ex.update(activationCodes).set({ consumedAt: now })
    .where(and(eq(activationCodes.registrationId, reg.id), isNull(activationCodes.consumedAt)));
  const code = randomToken(32);
  const typedCode = randomString(TYPED_CODE_LENGTH, TYPED_ALPHABET);
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
  await ex.insert(activationCodes).values({
    registrationId: reg.id, accountId: input.accountId, codeHash: sha256(code), typedCodeHash: sha256(typedCode), expiresAt, createdAt: now,
  });
  await recordAudit(ex, actor, 'activation.code.create', { accountId: input.accountId, targetType: 'registration', targetId: reg.id });
  return { ok: true, code, typedCode, expiresAt };
}

export async function activeAuthenticator(ex: Executor, accountId: string): Promise<Authenticator | undefined> {
  const [row] = await ex.select().from(authenticators)
    .where(and(eq(authenticators.accountId, accountId), isNull(authenticators.revokedAt)));
  return row;
}

type CodeRow = typeof activationCodes.$inferSelect;

/** Find a live code by the QR's long code or the typed short one. */
async function findLiveCode(ex: Executor, clock: Clock, code: string): Promise<CodeRow | undefined> {
  const typed = normaliseTypedCode(code);
  const hashes = [sha256(code), ...(typed.length === TYPED_CODE_LENGTH ? [sha256(typed)] : [])];
  const [row] = await ex.select().from(activationCodes).where(and(
    or(...hashes.map((h) => eq(activationCodes.codeHash, h)), ...hashes.map((h) => eq(activationCodes.typedCodeHash, h))),
    isNull(activationCodes.consumedAt), gt(activationCodes.expiresAt, clock.now()),
  ));
  return row;
}

export type OptionsResult =
  | { ok: true; options: PublicKeyCredentialCreationOptionsJSON; username: string }
  | { ok: false; reason: 'invalid_code' | 'token_active' };

/** Phone: the code is good → WebAuthn registration options; the challenge is kept on the row. */
export async function beginActivation(
  ex: Executor, clock: Clock, settings: WebAuthnSettings, code: string,
): Promise<OptionsResult> {
  const row = await findLiveCode(ex, clock, code);
  if (!row) return { ok: false, reason: 'invalid_code' };
  if (await activeAuthenticator(ex, row.accountId)) return { ok: false, reason: 'token_active' };
  const [account] = await ex.select({ username: accounts.username }).from(accounts).where(eq(accounts.id, row.accountId));
  const previous = await ex.select({ id: authenticators.credentialId, transports: authenticators.transports })
    .from(authenticators).where(eq(authenticators.accountId, row.accountId));
  const options = await generateRegistrationOptions({
    rpName: settings.rpName,
    rpID: settings.rpId,
    // The user handle is opaque: never the username or national ID.
    userID: randomBytes(32),
    userName: `Soft Token ${account!.username}`,
    userDisplayName: `Soft Token ${account!.username}`,
    attestationType: 'none',
    excludeCredentials: previous.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { authenticatorAttachment: 'platform', residentKey: 'required', userVerification: 'required' },
    timeout: 120_000,
  });
  await ex.update(activationCodes).set({ challenge: options.challenge, webauthnUserId: options.user.id }).where(eq(activationCodes.id, row.id));
  return { ok: true, options, username: account!.username };
}

export type FinishResult =
  | { ok: true; authenticator: Authenticator; deviceToken: string }
  | { ok: false; reason: 'invalid_code' | 'no_challenge' | 'verification_failed' | 'synced_passkey_refused' | 'token_active' };

/** Phone: verify the attestation and activate, all in the caller's transaction. */
export async function finishActivation(
  ex: Executor, clock: Clock, settings: WebAuthnSettings,
  input: { code: string; response: RegistrationResponseJSON; deviceLabel?: string },
  actor: AuditActor,
): Promise<FinishResult> {
  const row = await findLiveCode(ex, clock, input.code);
  if (!row) return { ok: false, reason: 'invalid_code' };
  if (!row.challenge || !row.webauthnUserId) return { ok: false, reason: 'no_challenge' };
  let info;
  try {
    const verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: row.challenge,
      expectedOrigin: settings.origin,
      expectedRPID: settings.rpId,
      requireUserVerification: true,
    });
    if (!verification.verified) return { ok: false, reason: 'verification_failed' };
    info = verification.registrationInfo;
  } catch {
    await recordAudit(ex, actor, 'activation.verify.failed', { accountId: row.accountId, targetType: 'registration', targetId: row.registrationId });
    return { ok: false, reason: 'verification_failed' };
  }
  if (settings.deviceBoundOnly && (info.credentialDeviceType === 'multiDevice' || info.credentialBackedUp)) {
    await recordAudit(ex, actor, 'activation.synced_refused', { accountId: row.accountId, targetType: 'registration', targetId: row.registrationId });
    return { ok: false, reason: 'synced_passkey_refused' };
  }
  const now = clock.now();
  // Consume the code: single use, even when two phones race.
  const [consumed] = await ex.update(activationCodes).set({ consumedAt: now })
    .where(and(eq(activationCodes.id, row.id), isNull(activationCodes.consumedAt))).returning({ id: activationCodes.id });
  if (!consumed) return { ok: false, reason: 'invalid_code' };
  if (await activeAuthenticator(ex, row.accountId)) return { ok: false, reason: 'token_active' };
  const [account] = await ex.select({ holderPersonId: accounts.holderPersonId }).from(accounts).where(eq(accounts.id, row.accountId));
  const [authenticator] = await ex.insert(authenticators).values({
    accountId: row.accountId,
    personId: account?.holderPersonId ?? null,
    webauthnUserId: row.webauthnUserId,
    credentialId: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: input.response.response.transports ?? [],
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backupState: info.credentialBackedUp,
    aaguid: info.aaguid,
    deviceLabel: input.deviceLabel?.slice(0, 120) ?? null,
    validFrom: now,
    validUntil: tokenValidUntil(now),
    createdAt: now,
  }).returning();
  const deviceToken = randomToken(32);
  await ex.insert(deviceTokens).values({ tokenHash: sha256(deviceToken), authenticatorId: authenticator!.id, createdAt: now });
  await moveRegistration(ex, row.registrationId, 'approved', { status: 'activated' });
  await recordAudit(ex, { ...actor, kind: 'device' }, 'activation.done', {
    accountId: row.accountId, targetType: 'authenticator', targetId: authenticator!.id,
    details: { backupEligible: authenticator!.backupEligible, backupState: authenticator!.backupState, aaguid: info.aaguid, validUntil: authenticator!.validUntil.toISOString() },
  });
  return { ok: true, authenticator: authenticator!, deviceToken };
}
