/**
 * Soft-token activation (R-5.1 …, FLOWS §2). The desktop of an approved registration
 * gets a single-use code (a long one in the QR, a short one to type) living 5 minutes. The
 * phone app posts it and receives WebAuthn registration options, each with a challenge row of
 * its own (so a second phone asking does not spoil the first one's enrolment); then posts the
 * attestation with that row's id, which is verified and, in one transaction, consumes the
 * challenge and the code, stores the authenticator with a 2-year token certificate, issues the
 * device cookie and finishes step 5.
 *
 * The typed code dies after 5 wrong tries of that very code. A wrong guess must therefore be
 * linkable to the code it was aimed at, so the typed code is a public selector (its first 3
 * characters, stored in clear before the hash) and a secret (the other 5): a wrong try counts
 * against every live code with the same selector, whichever IP it comes from and however many
 * options were asked for in between. No code can take more than 5 guesses (5 in 31^5 ≈ 1.7 in
 * 10 million), and a guesser who kills a typed code leaves the QR code alive.
 */
import { and, eq, gt, isNull, like, lt, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import {
  generateRegistrationOptions, verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON, type VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import type { Executor } from '../../db/index.ts';
import { findActiveToken } from '../../db/queries/tokens.ts';
import {
  accounts, activationCodes, authenticators, deviceTokens, registrations, webauthnChallenges, type Authenticator,
} from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { randomString, randomToken, safeEqual, sha256 } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { moveRegistration } from './registration.ts';
import { deleteExpiredChallenges } from './webauthn-challenges.ts';

export const ACTIVATION_TTL_MS = 5 * 60_000;
export const TOKEN_VALIDITY_YEARS = 2;
// No look-alikes (0/O, 1/I/L): the short code is read off a screen and typed on a phone.
const TYPED_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const TYPED_CODE_LENGTH = 8;
/** The typed code's first characters: not secret, they only tell which code a wrong try was aimed at. */
const TYPED_SELECTOR_LENGTH = 3;
/** Wrong tries a typed code survives (FLOWS §2). */
export const TYPED_CODE_MAX_TRIES = 5;
const CHALLENGE_PURPOSE = 'activation';

export type WebAuthnSettings = { rpId: string; rpName: string; origin: string; deviceBoundOnly: boolean };

/** What every ceremony's response is checked against: its challenge, our origin and RP ID, and user verification (fail closed). */
export function expectedFor(settings: WebAuthnSettings, challenge: string) {
  return { expectedChallenge: challenge, expectedOrigin: settings.origin, expectedRPID: settings.rpId, requireUserVerification: true } as const;
}

/** The columns a newly registered credential is stored with (a phone's authenticator, an officer's passkey). */
export function credentialColumns(info: NonNullable<VerifiedRegistrationResponse['registrationInfo']>, response: RegistrationResponseJSON) {
  return {
    credentialId: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: response.response.transports ?? [],
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backupState: info.credentialBackedUp,
    aaguid: info.aaguid,
  };
}

/** Normalise a typed code: case and separators do not matter. */
export function normaliseTypedCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** What is stored for a typed code: its selector in clear, then the hash of the whole code. */
function typedCodeRecord(typed: string): string {
  return `${typed.slice(0, TYPED_SELECTOR_LENGTH)}:${sha256(typed)}`;
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
  if (await findActiveToken(ex, input.accountId)) return { ok: false, reason: 'token_active' };
  const now = clock.now();
  await ex.update(activationCodes).set({ consumedAt: now })
    .where(and(eq(activationCodes.registrationId, reg.id), isNull(activationCodes.consumedAt)));
  const code = randomToken(32);
  const typedCode = randomString(TYPED_CODE_LENGTH, TYPED_ALPHABET);
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
  await ex.insert(activationCodes).values({
    registrationId: reg.id, accountId: input.accountId, codeHash: sha256(code), typedCodeHash: typedCodeRecord(typedCode), expiresAt, createdAt: now,
  });
  await recordAudit(ex, actor, 'activation.code.create', { accountId: input.accountId, targetType: 'registration', targetId: reg.id });
  return { ok: true, code, typedCode, expiresAt };
}

type CodeRow = typeof activationCodes.$inferSelect;

const live = (clock: Clock) => and(isNull(activationCodes.consumedAt), gt(activationCodes.expiresAt, clock.now()));

/**
 * Find a live code by the QR's long code or the typed short one (`only`: that row or none). A
 * typed code that matches nothing is a wrong try against every live code sharing its selector.
 */
async function findLiveCode(
  ex: Executor, clock: Clock, code: string, actor: AuditActor, only?: string,
): Promise<CodeRow | undefined> {
  const [byQr] = await ex.select().from(activationCodes)
    .where(and(eq(activationCodes.codeHash, sha256(code)), live(clock), only ? eq(activationCodes.id, only) : undefined));
  if (byQr) return byQr;
  const typed = normaliseTypedCode(code);
  if (typed.length !== TYPED_CODE_LENGTH) return undefined;
  const selector = typed.slice(0, TYPED_SELECTOR_LENGTH);
  const candidates = await ex.select().from(activationCodes).where(and(
    like(activationCodes.typedCodeHash, `${selector}:%`), live(clock), lt(activationCodes.attempts, TYPED_CODE_MAX_TRIES),
    only ? eq(activationCodes.id, only) : undefined,
  ));
  const record = typedCodeRecord(typed);
  const match = candidates.find((r) => safeEqual(r.typedCodeHash, record));
  if (match) return match;
  for (const target of candidates) {
    const [counted] = await ex.update(activationCodes).set({ attempts: sql`${activationCodes.attempts} + 1` })
      .where(and(eq(activationCodes.id, target.id), lt(activationCodes.attempts, TYPED_CODE_MAX_TRIES)))
      .returning({ attempts: activationCodes.attempts });
    if (!counted) continue;
    const dead = counted.attempts >= TYPED_CODE_MAX_TRIES;
    await recordAudit(ex, actor, dead ? 'activation.typed_code.dead' : 'activation.typed_code.wrong', {
      accountId: target.accountId, targetType: 'registration', targetId: target.registrationId, details: { attempts: counted.attempts },
    });
  }
  return undefined;
}

/** Periodic: activation challenges are useless once their code has expired. */
export async function deleteExpiredActivationChallenges(ex: Executor, clock: Clock): Promise<void> {
  await deleteExpiredChallenges(ex, clock, CHALLENGE_PURPOSE);
}

export type OptionsResult =
  | { ok: true; options: PublicKeyCredentialCreationOptionsJSON; username: string; challengeId: string }
  | { ok: false; reason: 'invalid_code' | 'token_active' };

/**
 * Phone: the code is good → WebAuthn registration options. Their challenge is a row of its own
 * (its id goes back to the phone, opaque), so options asked for by another phone spoil nothing.
 */
export async function beginActivation(
  ex: Executor, clock: Clock, settings: WebAuthnSettings, code: string, actor: AuditActor,
): Promise<OptionsResult> {
  const row = await findLiveCode(ex, clock, code, actor);
  if (!row) return { ok: false, reason: 'invalid_code' };
  if (await findActiveToken(ex, row.accountId)) return { ok: false, reason: 'token_active' };
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
  // The server needs to remember this challenge until it verifies the attestation.
  const [challenge] = await ex.insert(webauthnChallenges).values({
    purpose: CHALLENGE_PURPOSE, accountId: row.accountId, subjectId: row.id, challenge: options.challenge,
    webauthnUserId: options.user.id, expiresAt: row.expiresAt, createdAt: clock.now(),
  }).returning({ id: webauthnChallenges.id });
  return { ok: true, options, username: account!.username, challengeId: challenge!.id };
}

export type FinishResult =
  | { ok: true; authenticator: Authenticator; deviceToken: string }
  | { ok: false; reason: 'invalid_code' | 'no_challenge' | 'verification_failed' | 'synced_passkey_refused' | 'token_active' };

/** Phone: verify the attestation and activate, all in the caller's transaction. */
export async function finishActivation(
  ex: Executor, clock: Clock, settings: WebAuthnSettings,
  input: { code: string; challengeId: string; response: RegistrationResponseJSON; deviceLabel?: string },
  actor: AuditActor,
): Promise<FinishResult> {
  // Single use: consumed before it is checked, so a failed attestation cannot be retried on it.
  const [challenge] = await ex.update(webauthnChallenges).set({ consumedAt: clock.now() }).where(and(
    eq(webauthnChallenges.id, input.challengeId), eq(webauthnChallenges.purpose, CHALLENGE_PURPOSE),
    isNull(webauthnChallenges.consumedAt), gt(webauthnChallenges.expiresAt, clock.now()),
  )).returning();
  if (!challenge?.subjectId || !challenge.webauthnUserId) return { ok: false, reason: 'no_challenge' };
  // The code must be the very one these options were made for.
  const row = await findLiveCode(ex, clock, input.code, actor, challenge.subjectId);
  if (!row) return { ok: false, reason: 'invalid_code' };
  let info;
  try {
    const verification = await verifyRegistrationResponse({
      response: input.response,
      ...expectedFor(settings, challenge.challenge),
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
  if (await findActiveToken(ex, row.accountId)) return { ok: false, reason: 'token_active' };
  const [account] = await ex.select({ holderPersonId: accounts.holderPersonId }).from(accounts).where(eq(accounts.id, row.accountId));
  const [authenticator] = await ex.insert(authenticators).values({
    accountId: row.accountId,
    personId: account?.holderPersonId ?? null,
    webauthnUserId: challenge.webauthnUserId,
    ...credentialColumns(info, input.response),
    deviceLabel: input.deviceLabel?.slice(0, 120) ?? null,
    validFrom: now,
    validUntil: tokenValidUntil(now),
    createdAt: now,
  }).returning();
  const deviceToken = randomToken(32);
  await ex.insert(deviceTokens).values({ tokenHash: sha256(deviceToken), authenticatorId: authenticator!.id, createdAt: now });
  await moveRegistration(ex, clock, row.registrationId, 'approved', { status: 'activated' });
  await recordAudit(ex, { ...actor, kind: 'device' }, 'activation.done', {
    accountId: row.accountId, targetType: 'authenticator', targetId: authenticator!.id,
    details: { backupEligible: authenticator!.backupEligible, backupState: authenticator!.backupState, aaguid: info.aaguid, validUntil: authenticator!.validUntil.toISOString() },
  });
  return { ok: true, authenticator: authenticator!, deviceToken };
}
