/**
 * What Soft Token tells a relying party about a signed-in user (docs/oidc.md): the claims per
 * scope, and how the login was made as RFC 8176 `amr` values and our documented `acr` values.
 * The national ID is never among them; `sub` is the account's random id (not the username).
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { findActiveToken } from '../../db/queries/tokens.ts';
import { findUnit } from '../../db/queries/units.ts';
import { findPerson } from '../../db/queries/persons.ts';
import { accounts } from '../../db/schema.ts';
import { thaiFullName } from '../lib/thai-name.ts';
import type { Clock } from '../lib/clock.ts';
import { validityState } from './token-validity.ts';

/** Our authentication context classes. */
export const ACR = {
  /** Password, then the phone's passkey (user verification) signs the picture the user matched. */
  pictureMatch: 'urn:softtoken:acr:picture-match',
  /** A WebAuthn assertion made by the browser for our own origin ([PASSKEY]). */
  phishingResistant: 'urn:softtoken:acr:phishing-resistant',
} as const;

/** RFC 8176 values: password, a software-protected key (the phone's passkey), user presence/verification, two factors. */
export const PICTURE_MATCH_AMR = ['pwd', 'swk', 'user', 'mfa'];

/** The class a login's methods reach: undefined when they reach none of ours (the password alone). */
export function acrFor(amr: readonly string[]): string | undefined {
  const key = amr.includes('hwk') || amr.includes('swk');
  if (!key || !amr.includes('user')) return undefined;
  return amr.includes('pwd') ? ACR.pictureMatch : ACR.phishingResistant;
}

/** Scope → the claims it releases. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'name_en', 'preferred_username'],
  gfmis: ['gfmis_unit', 'soft_token_valid_until'],
} as const;

export type UserClaims = {
  sub: string;
  preferred_username: string;
  name?: string;
  name_en?: string;
  gfmis_unit?: { code: string; name: string };
  soft_token_valid_until?: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The claims of an account that may sign in to clients: an active staff account whose soft
 * token is active, neither suspended nor expired. Undefined otherwise, so a revoked token's
 * access tokens stop working at userinfo at once.
 */
export async function claimsOf(ex: Executor, clock: Clock, sub: string): Promise<UserClaims | undefined> {
  if (!UUID.test(sub)) return undefined;
  const [account] = await ex.select().from(accounts).where(eq(accounts.id, sub));
  if (!account || account.status !== 'active' || account.kind !== 'staff' || account.passwordSuspendedAt) return undefined;
  const token = await findActiveToken(ex, account.id);
  if (!token || token.suspendedAt || validityState(token.validUntil, clock.now()).state === 'expired') return undefined;
  const person = account.holderPersonId ? await findPerson(ex, account.holderPersonId) : undefined;
  const unit = await findUnit(ex, account.unitCode);
  const english = person && [person.titleEn, person.firstNameEn, person.middleNameEn, person.lastNameEn].filter(Boolean).join(' ');
  return {
    sub: account.id,
    preferred_username: account.username,
    name: (person ? thaiFullName(person) : account.displayName) || undefined,
    name_en: english || undefined,
    gfmis_unit: unit && { code: unit.code, name: unit.name },
    soft_token_valid_until: token.validUntil.toISOString(),
  };
}
