/**
 * Passkey login from the desktop ([PASSKEY]): the phone's soft-token passkey (discoverable,
 * user handle = the random `webauthn_user_id`) signs in a desktop browser directly through the
 * browser's cross-device flow. The browser binds the assertion to our origin, so a relay
 * phishing site gets nothing it can use, which password + picture matching cannot promise.
 *
 * Options name no credential (the browser offers the phone); their challenge is a row of its
 * own, single use, living 2 minutes. The assertion must come from an account's active token,
 * verified with user verification and an increasing counter; then the same checks as the
 * picture-matching path apply (account, suspended password or token, expiry, forced password
 * change). Units configured for it (PHISHING_RESISTANT_UNITS) may use only this path.
 */
import { eq } from 'drizzle-orm';
import {
  generateAuthenticationOptions, verifyAuthenticationResponse,
  type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { Executor } from '../../db/index.ts';
import { accounts, authenticators, type Account, type Authenticator, type LoginRequest } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { expectedFor, type WebAuthnSettings } from './activation.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { createLoginRequest } from './login-requests.ts';
import type { PushSubscriptionTarget } from '../services/push.ts';
import { createSession, type SessionPolicy } from './sessions.ts';
import { checkThrottle, ipKey, recordFailure } from './throttle.ts';
import { validityState } from './token-validity.ts';
import { consumeChallenge, deleteExpiredChallenges, storeChallenge } from './webauthn-challenges.ts';

/** Long enough to pick the phone and scan the browser's QR code; short enough to be of little use to anyone else. */
export const PASSKEY_LOGIN_CHALLENGE_TTL_MS = 2 * 60_000;
const PURPOSE = 'passkey_login';

/** Whose staff must sign in phishing-resistantly (api/config.ts: PHISHING_RESISTANT_UNITS). */
export type PhishingResistantPolicy = { units: readonly string[] };

/**
 * Whether the account must sign in with a passkey. Officers always do: every sign-in of theirs
 * is password + their own passkey asserted in the browser (FLOWS §7), with no switch to turn
 * it off. Staff must where their unit is listed.
 */
export function phishingResistantRequired(policy: PhishingResistantPolicy, account: Pick<Account, 'kind' | 'unitCode'>): boolean {
  return account.kind === 'officer' || policy.units.includes(account.unitCode);
}

/**
 * The password + picture-matching path for a staff account that holds a token: refused (and
 * audited) where its unit requires a passkey. Staff without a token still reach the tracker,
 * where they activate one.
 */
export async function passwordPathAllowed(
  ex: Executor, policy: PhishingResistantPolicy, account: Account, actor: AuditActor,
): Promise<boolean> {
  if (account.kind !== 'staff' || !phishingResistantRequired(policy, account)) return true;
  await recordAudit(ex, { ...actor, accountId: account.id }, 'login.password.phishing_resistant_required', {
    accountId: account.id, details: { unitCode: account.unitCode },
  });
  return false;
}

/** Assertion options with no allow-list; the challenge is stored as a row whose id goes back to the browser. */
export async function beginPasskeyLogin(
  ex: Executor, clock: Clock, settings: WebAuthnSettings,
): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const options = await generateAuthenticationOptions({
    rpID: settings.rpId,
    // Empty: the browser offers the discoverable passkeys it can reach, the phone's among them.
    allowCredentials: [],
    userVerification: 'required',
    timeout: PASSKEY_LOGIN_CHALLENGE_TTL_MS,
  });
  const challengeId = await storeChallenge(ex, clock, { purpose: PURPOSE, challenge: options.challenge, ttlMs: PASSKEY_LOGIN_CHALLENGE_TTL_MS });
  return { challengeId, options };
}

/** Periodic: options are given to anyone who asks, so their expired challenges do not wait for retention. */
export async function deleteExpiredPasskeyLoginChallenges(ex: Executor, clock: Clock): Promise<void> {
  await deleteExpiredChallenges(ex, clock, PURPOSE);
}

/** RFC 8176: a key the phone holds (software-protected when it may be synced), user verification, and those are two factors. */
export function passkeyAmr(authenticator: Pick<Authenticator, 'backupEligible'>): string[] {
  return [authenticator.backupEligible ? 'swk' : 'hwk', 'user', 'mfa'];
}

export type PasskeyLoginResult =
  | { ok: true; next: 'portal' | 'change_password'; account: Account; authenticator: Authenticator; amr: string[]; session: { token: string; expiresAt: Date } }
  /** The token has expired: a renewal request waits for the phone's Accept, as after the password. */
  | { ok: true; next: 'renew'; account: Account; authenticator: Authenticator; amr: string[]; request: LoginRequest; bindingSecret: string; pushTo: PushSubscriptionTarget[] }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  | { ok: false; reason: 'no_challenge' | 'failed' | 'token_suspended' | 'password_suspended' | 'too_many_requests' };

/** Why an assertion was refused, for the audit log; the browser only hears `failed`. */
type FailureReason =
  | 'no_challenge' | 'unknown_credential' | 'token_revoked' | 'user_handle_mismatch' | 'verification_failed'
  | 'synced_refused' | 'account_inactive';

/**
 * Verify a passkey login, all in the caller's transaction: the challenge is consumed first (a
 * failed assertion cannot be retried on it), a failure counts against the source IP, and a
 * success opens the session (`password_change` while the password must change) or, when the
 * token has expired, creates the renewal request instead.
 */
export async function finishPasskeyLogin(
  ex: Executor, clock: Clock, settings: WebAuthnSettings,
  input: { challengeId: string; response: AuthenticationResponseJSON; policy: SessionPolicy; userAgent?: string },
  actor: AuditActor & { ip: string },
): Promise<PasskeyLoginResult> {
  const keys = [ipKey(actor.ip)];
  const throttle = await checkThrottle(ex, clock, keys);
  if (throttle.blocked) {
    await recordAudit(ex, actor, 'login.passkey_failed', { details: { reason: 'throttled' } });
    return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };
  }
  const fail = async (reason: FailureReason, subject: { accountId?: string; authenticatorId?: string; error?: string } = {}) => {
    await recordFailure(ex, clock, keys);
    await recordAudit(ex, actor, 'login.passkey_failed', {
      accountId: subject.accountId, targetType: subject.authenticatorId ? 'authenticator' : undefined, targetId: subject.authenticatorId,
      details: { reason, ...(subject.error ? { error: subject.error.slice(0, 200) } : {}) },
    });
    return { ok: false, reason: reason === 'no_challenge' ? 'no_challenge' : 'failed' } as const;
  };

  const challenge = await consumeChallenge(ex, clock, { purpose: PURPOSE, id: input.challengeId, clientDataJSON: input.response.response.clientDataJSON });
  if (!challenge) return fail('no_challenge');
  // Any row, revoked ones too, so the audit log can tell a revoked token from an unknown key.
  const [found] = await ex.select({ authenticator: authenticators, account: accounts }).from(authenticators)
    .innerJoin(accounts, eq(accounts.id, authenticators.accountId))
    .where(eq(authenticators.credentialId, input.response.id));
  if (!found) return fail('unknown_credential');
  const { authenticator, account } = found;
  const subject = { accountId: account.id, authenticatorId: authenticator.id };
  if (authenticator.revokedAt) return fail('token_revoked', subject);
  const userHandle = input.response.response.userHandle;
  if (userHandle && userHandle !== authenticator.webauthnUserId) return fail('user_handle_mismatch', subject);

  let info;
  try {
    // SimpleWebAuthn refuses a counter that does not increase (a cloned key).
    const verification = await verifyAuthenticationResponse({
      response: input.response,
      ...expectedFor(settings, challenge.challenge),
      credential: { id: authenticator.credentialId, publicKey: new Uint8Array(authenticator.publicKey), counter: authenticator.counter, transports: authenticator.transports },
    });
    if (!verification.verified) throw new Error('not verified');
    info = verification.authenticationInfo;
  } catch (err) {
    return fail('verification_failed', { ...subject, error: (err as Error).message });
  }
  if (settings.deviceBoundOnly && info.credentialBackedUp) return fail('synced_refused', subject);
  const now = clock.now();
  const [updated] = await ex.update(authenticators)
    .set({ counter: info.newCounter, backupState: info.credentialBackedUp, lastUsedAt: now })
    .where(eq(authenticators.id, authenticator.id)).returning();
  const token = updated!;

  // The holder's own key signed: from here the refusals may say why.
  if (account.status !== 'active' || account.kind !== 'staff') return fail('account_inactive', subject);
  const refuse = async (reason: 'token_suspended' | 'password_suspended') => {
    await recordAudit(ex, actor, 'login.passkey_failed', { accountId: account.id, targetType: 'authenticator', targetId: token.id, details: { reason } });
    return { ok: false, reason } as const;
  };
  if (token.suspendedAt) return refuse('token_suspended');
  if (account.passwordSuspendedAt) return refuse('password_suspended');

  const amr = passkeyAmr(token);
  const userActor = { ...actor, accountId: account.id };
  if (validityState(token.validUntil, now).state === 'expired') {
    // No resetOrigin: the holder's phone has just signed, this is not someone pushing with a password.
    const created = await createLoginRequest(ex, clock, { account, authenticator: token, purpose: 'renew', ip: actor.ip, userAgent: input.userAgent }, userActor);
    if (!created.ok) return { ok: false, reason: 'too_many_requests' };
    await recordAudit(ex, userActor, 'login.passkey', { accountId: account.id, targetType: 'authenticator', targetId: token.id, details: { next: 'renew', amr } });
    return { ok: true, next: 'renew', account, authenticator: token, amr, request: created.request, bindingSecret: created.bindingSecret, pushTo: created.pushTo };
  }
  const mustChange = account.passwordIsInitial || account.mustChangePassword;
  const next = mustChange ? 'change_password' : 'portal';
  const session = await createSession(ex, clock, input.policy, {
    accountId: account.id, kind: mustChange ? 'password_change' : 'portal', ip: actor.ip, userAgent: input.userAgent, amr,
  });
  await recordAudit(ex, userActor, 'login.passkey', { accountId: account.id, targetType: 'authenticator', targetId: token.id, details: { next, amr } });
  return { ok: true, next, account, authenticator: token, amr, session };
}
