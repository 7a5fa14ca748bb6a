/**
 * Officers' passkeys (FLOWS §7): the console opens only to password + a user-verified
 * WebAuthn assertion from a passkey the officer enrolled (a platform authenticator, a
 * security key, or a phone through the browser's cross-device flow).
 *
 * After the password an officer holds a half-open session: `password_change` while the
 * initial password stands, `officer_enrol` while no passkey is enrolled, `officer_verify`
 * while the passkey must still sign. Only a verified enrolment or assertion turns it into
 * the full `portal` session the console accepts. Knowing the password is never enough to
 * enrol a passkey on an account that has an active one; the admin CLI's reset (which also
 * issues a new initial password) is the only recovery.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Executor } from '../../db/index.ts';
import { accounts, officerPasskeys, webauthnChallenges, type Account, type OfficerPasskey } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword } from '../lib/crypto.ts';
import { credentialColumns, expectedFor, type WebAuthnSettings } from './activation.ts';
import { generateInitialPassword, type Credentials } from './accounts.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { createSession, deleteAccountSessions, deleteSession, idleMinutesFor, type SessionPolicy } from './sessions.ts';
import { consumeChallenge, storeChallenge } from './webauthn-challenges.ts';

/** A ceremony's challenge lives this long: enough to find a security key or scan a QR with a phone. */
export const OFFICER_CHALLENGE_TTL_MS = 5 * 60_000;
const CEREMONY_TIMEOUT_MS = 180_000;

/** Where an officer goes after a correct password. */
export type OfficerStep =
  | { kind: 'password_change'; next: 'change_password' }
  | { kind: 'officer_enrol'; next: 'enrol_passkey' }
  | { kind: 'officer_verify'; next: 'verify_passkey' };

export async function activePasskeys(ex: Executor, accountId: string): Promise<OfficerPasskey[]> {
  return ex.select().from(officerPasskeys)
    .where(and(eq(officerPasskeys.accountId, accountId), isNull(officerPasskeys.revokedAt)));
}

export async function hasActivePasskey(ex: Executor, accountId: string): Promise<boolean> {
  const [row] = await ex.select({ id: officerPasskeys.id }).from(officerPasskeys)
    .where(and(eq(officerPasskeys.accountId, accountId), isNull(officerPasskeys.revokedAt))).limit(1);
  return Boolean(row);
}

/** The initial password is changed first, then a passkey is enrolled, then every sign-in is asserted. */
export async function officerSignInStep(ex: Executor, account: Account): Promise<OfficerStep> {
  if (account.passwordIsInitial || account.mustChangePassword) return { kind: 'password_change', next: 'change_password' };
  if (await hasActivePasskey(ex, account.id)) return { kind: 'officer_verify', next: 'verify_passkey' };
  return { kind: 'officer_enrol', next: 'enrol_passkey' };
}

/**
 * The half-open session after an officer's password: it lives no longer than one officer
 * idle period, whatever the absolute limit of full sessions.
 */
export async function startOfficerSignIn(
  ex: Executor, clock: Clock, policy: SessionPolicy, input: { account: Account; ip?: string; userAgent?: string },
): Promise<{ step: OfficerStep; token: string; expiresAt: Date }> {
  const step = await officerSignInStep(ex, input.account);
  const minutes = idleMinutesFor(policy, 'officer');
  const { token, expiresAt } = await createSession(ex, clock, { ...policy, absoluteHours: minutes / 60 }, {
    accountId: input.account.id, kind: step.kind, ip: input.ip, userAgent: input.userAgent,
  });
  return { step, token, expiresAt };
}

/** The full console session that replaces the half-open one. */
async function openConsoleSession(
  ex: Executor, clock: Clock, policy: SessionPolicy, input: { account: Account; halfOpenToken: string; ip?: string; userAgent?: string },
) {
  await deleteSession(ex, input.halfOpenToken);
  return createSession(ex, clock, policy, { accountId: input.account.id, kind: 'portal', ip: input.ip, userAgent: input.userAgent });
}

export type SessionContext = { halfOpenToken: string; policy: SessionPolicy; ip?: string; userAgent?: string };

/* ── enrolment ─────────────────────────────────────────────────────────────── */

export type EnrolOptionsResult =
  | { ok: true; options: PublicKeyCredentialCreationOptionsJSON }
  | { ok: false; reason: 'not_officer' | 'passkey_exists' };

/** Registration options for an officer with no active passkey; the challenge becomes a row. */
export async function beginPasskeyEnrolment(
  ex: Executor, clock: Clock, settings: WebAuthnSettings, account: Account,
): Promise<EnrolOptionsResult> {
  if (account.kind !== 'officer') return { ok: false, reason: 'not_officer' };
  const existing = await activePasskeys(ex, account.id);
  if (existing.length) return { ok: false, reason: 'passkey_exists' };
  const options = await generateRegistrationOptions({
    rpName: settings.rpName,
    rpID: settings.rpId,
    // Opaque: never the username or national ID.
    userID: randomBytes(32),
    userName: account.username,
    userDisplayName: account.displayName ?? account.username,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
    // Any attachment: this computer, a security key, or a phone through the browser's cross-device flow.
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await storeChallenge(ex, clock, { purpose: 'officer_enrol', accountId: account.id, challenge: options.challenge, webauthnUserId: options.user.id, ttlMs: OFFICER_CHALLENGE_TTL_MS });
  return { ok: true, options };
}

export type EnrolResult =
  | { ok: true; passkey: OfficerPasskey; session: { token: string; expiresAt: Date } }
  | { ok: false; reason: 'not_officer' | 'passkey_exists' | 'no_challenge' | 'verification_failed' | 'synced_passkey_refused' };

/**
 * Verify the attestation and store the passkey, in the caller's transaction; the half-open
 * session becomes the console session. The account row is locked so two enrolments racing
 * (the officer and someone else who knows the password) leave one passkey, not two.
 */
export async function finishPasskeyEnrolment(
  ex: Executor, clock: Clock, settings: WebAuthnSettings,
  input: { account: Account; response: RegistrationResponseJSON } & SessionContext, actor: AuditActor,
): Promise<EnrolResult> {
  const { account } = input;
  if (account.kind !== 'officer') return { ok: false, reason: 'not_officer' };
  await ex.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, account.id)).for('update');
  if (await hasActivePasskey(ex, account.id)) return { ok: false, reason: 'passkey_exists' };
  const challenge = await consumeChallenge(ex, clock, { purpose: 'officer_enrol', accountId: account.id, clientDataJSON: input.response.response.clientDataJSON });
  if (!challenge || !challenge.webauthnUserId) return { ok: false, reason: 'no_challenge' };
  let info;
  try {
    const verification = await verifyRegistrationResponse({
      response: input.response,
      ...expectedFor(settings, challenge.challenge),
    });
    if (!verification.verified) throw new Error('not verified');
    info = verification.registrationInfo;
  } catch (err) {
    await recordAudit(ex, actor, 'officer.passkey.enrol_failed', { accountId: account.id, details: { error: (err as Error).message.slice(0, 200) } });
    return { ok: false, reason: 'verification_failed' };
  }
  if (settings.deviceBoundOnly && (info.credentialDeviceType === 'multiDevice' || info.credentialBackedUp)) {
    await recordAudit(ex, actor, 'officer.passkey.synced_refused', { accountId: account.id });
    return { ok: false, reason: 'synced_passkey_refused' };
  }
  const now = clock.now();
  const [passkey] = await ex.insert(officerPasskeys).values({
    accountId: account.id,
    webauthnUserId: challenge.webauthnUserId,
    ...credentialColumns(info, input.response),
    lastUsedAt: now,
    createdAt: now,
  }).onConflictDoNothing({ target: officerPasskeys.credentialId }).returning();
  // The same credential again (a revoked one re-offered): refused, never reattached.
  if (!passkey) return { ok: false, reason: 'verification_failed' };
  await recordAudit(ex, actor, 'officer.passkey.enrol', {
    accountId: account.id, targetType: 'officer_passkey', targetId: passkey.id,
    details: { aaguid: info.aaguid, backupEligible: passkey.backupEligible, backupState: passkey.backupState, transports: passkey.transports },
  });
  const session = await openConsoleSession(ex, clock, input.policy, { account, halfOpenToken: input.halfOpenToken, ip: input.ip, userAgent: input.userAgent });
  return { ok: true, passkey, session };
}

/* ── sign-in ───────────────────────────────────────────────────────────────── */

export type SignInOptionsResult =
  | { ok: true; options: PublicKeyCredentialRequestOptionsJSON }
  | { ok: false; reason: 'not_officer' | 'no_passkey' };

/** Assertion options limited to the officer's own active passkeys. */
export async function beginPasskeySignIn(
  ex: Executor, clock: Clock, settings: WebAuthnSettings, account: Account,
): Promise<SignInOptionsResult> {
  if (account.kind !== 'officer') return { ok: false, reason: 'not_officer' };
  const passkeys = await activePasskeys(ex, account.id);
  if (!passkeys.length) return { ok: false, reason: 'no_passkey' };
  const options = await generateAuthenticationOptions({
    rpID: settings.rpId,
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
    userVerification: 'required',
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await storeChallenge(ex, clock, { purpose: 'officer_sign_in', accountId: account.id, challenge: options.challenge, ttlMs: OFFICER_CHALLENGE_TTL_MS });
  return { ok: true, options };
}

export type SignInResult =
  | { ok: true; passkey: OfficerPasskey; session: { token: string; expiresAt: Date } }
  | { ok: false; reason: 'not_officer' | 'unknown_passkey' | 'no_challenge' | 'verification_failed' };

/**
 * Verify the assertion (user verification required, counter checked by SimpleWebAuthn) with
 * a passkey that belongs to this officer and is not revoked; the half-open session becomes
 * the console session.
 */
export async function finishPasskeySignIn(
  ex: Executor, clock: Clock, settings: WebAuthnSettings,
  input: { account: Account; response: AuthenticationResponseJSON } & SessionContext, actor: AuditActor,
): Promise<SignInResult> {
  const { account } = input;
  if (account.kind !== 'officer') return { ok: false, reason: 'not_officer' };
  const [passkey] = await ex.select().from(officerPasskeys).where(and(
    eq(officerPasskeys.credentialId, input.response.id), eq(officerPasskeys.accountId, account.id), isNull(officerPasskeys.revokedAt),
  ));
  if (!passkey) {
    await recordAudit(ex, actor, 'officer.passkey.sign_in_failed', { accountId: account.id, details: { error: 'unknown passkey' } });
    return { ok: false, reason: 'unknown_passkey' };
  }
  const challenge = await consumeChallenge(ex, clock, { purpose: 'officer_sign_in', accountId: account.id, clientDataJSON: input.response.response.clientDataJSON });
  if (!challenge) return { ok: false, reason: 'no_challenge' };
  let info;
  try {
    const verification = await verifyAuthenticationResponse({
      response: input.response,
      ...expectedFor(settings, challenge.challenge),
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: passkey.transports },
    });
    if (!verification.verified) throw new Error('not verified');
    info = verification.authenticationInfo;
  } catch (err) {
    await recordAudit(ex, actor, 'officer.passkey.sign_in_failed', {
      accountId: account.id, targetType: 'officer_passkey', targetId: passkey.id, details: { error: (err as Error).message.slice(0, 200) },
    });
    return { ok: false, reason: 'verification_failed' };
  }
  const now = clock.now();
  const [updated] = await ex.update(officerPasskeys)
    .set({ counter: info.newCounter, backupState: info.credentialBackedUp, lastUsedAt: now })
    .where(eq(officerPasskeys.id, passkey.id)).returning();
  await recordAudit(ex, actor, 'officer.passkey.sign_in', { accountId: account.id, targetType: 'officer_passkey', targetId: passkey.id });
  const session = await openConsoleSession(ex, clock, input.policy, { account, halfOpenToken: input.halfOpenToken, ip: input.ip, userAgent: input.userAgent });
  return { ok: true, passkey: updated!, session };
}

/* ── recovery ──────────────────────────────────────────────────────────────── */

export type ResetResult =
  | { ok: true; revoked: number; credentials: Credentials }
  | { ok: false; reason: 'not_found' | 'not_officer' };

/**
 * `npm run admin -- reset-officer-passkey`: the only recovery of a lost passkey. Every passkey
 * of the officer is revoked and every session ends; a new initial password is issued too,
 * so whoever only knew the old password cannot be the one to enrol the next passkey.
 */
export async function resetOfficerPasskeys(
  ex: Executor, clock: Clock, username: string, actor: AuditActor,
): Promise<ResetResult> {
  const [account] = await ex.select().from(accounts).where(eq(accounts.username, username.trim().toUpperCase())).for('update');
  if (!account) return { ok: false, reason: 'not_found' };
  if (account.kind !== 'officer') return { ok: false, reason: 'not_officer' };
  const now = clock.now();
  const revoked = await ex.update(officerPasskeys).set({ revokedAt: now })
    .where(and(eq(officerPasskeys.accountId, account.id), isNull(officerPasskeys.revokedAt))).returning({ id: officerPasskeys.id });
  await ex.update(webauthnChallenges).set({ consumedAt: now })
    .where(and(eq(webauthnChallenges.accountId, account.id), isNull(webauthnChallenges.consumedAt)));
  const initialPassword = generateInitialPassword();
  await ex.update(accounts).set({
    passwordHash: await hashPassword(initialPassword), passwordIsInitial: true, mustChangePassword: false, updatedAt: now,
  }).where(eq(accounts.id, account.id));
  await deleteAccountSessions(ex, account.id);
  await recordAudit(ex, actor, 'officer.passkey.reset', {
    accountId: account.id, targetType: 'account', targetId: account.id,
    details: { revoked: revoked.map((r) => r.id), initialPasswordReissued: true },
  });
  return { ok: true, revoked: revoked.length, credentials: { username: account.username, initialPassword } };
}
