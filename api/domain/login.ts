/**
 * The password step of every login: one generic failure, throttled per
 * source and per account (see loginThrottleKeys: a known browser apart from strangers),
 * argon2id verified in constant-ish time and throttled alike for unknown usernames too.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../db/index.ts';
import { reusableByCount } from '../../db/reusable.ts';
import { activeTokenOf } from '../../db/queries/tokens.ts';
import { accounts, authenticators, loginThrottles, type Account, type Authenticator } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword, needsRehash, sha256, verifyPassword } from '../lib/crypto.ts';
import { recordAudit, recordAudits, type AuditActor, type AuditEntry } from './audit.ts';
import { knownBrowserHash, knownBrowserValues } from './known-browsers.ts';
import { createLoginRequest, type LoginRequest, type Purpose } from './login-requests.ts';
import { passwordPathAllowed, type PhishingResistantPolicy } from './passkey-login.ts';
import { validityState } from './token-validity.ts';
import type { PushSubscriptionTarget } from '../services/push.ts';
import {
  accountKey, clearAccountFailures, clearFailures, loginThrottleCandidates, loginThrottleCandidateValues, loginThrottleKeys, notifyThrottledHolder, recordFailure, throttleStateOf, usernameKey,
} from './throttle.ts';

/** Where a correct password leads: officers to the console, staff without a token to the tracker. */
export type LoginNext = 'officer' | 'tracker' | 'token';

/** What the password step reads of the account's active token. */
export type ActiveToken = Pick<Authenticator, 'id' | 'validUntil' | 'suspendedAt'>;

/** A correct password: the account, where it leads, and its active token (read with the account). */
export type PasswordSuccess = { account: Account; next: LoginNext; authenticator: ActiveToken | undefined };

export type PasswordLoginResult<T = undefined> =
  | (PasswordSuccess & { ok: true; /** what `proceed` answered */ proceeded: T })
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number; locked: boolean };

// Verified against when the username is unknown, so timing does not tell which usernames exist.
let dummyHash: Promise<string> | undefined;

/** The password step's read (see verifyPasswordLogin): one statement for each number of known-browser tokens the browser sends. */
const accountRead = reusableByCount('password_account', (tokenCount, ex) => ex.select({
  account: accounts, authenticator: { id: authenticators.id, validUntil: authenticators.validUntil, suspendedAt: authenticators.suspendedAt }, throttle: loginThrottles,
  knownBrowser: knownBrowserHash(accounts.id, tokenCount),
}).from(sql`(select 1) as attempt`)
  .leftJoin(accounts, eq(accounts.username, sql.placeholder('username')))
  .leftJoin(authenticators, activeTokenOf(accounts.id))
  .leftJoin(loginThrottles, loginThrottleCandidates(accounts.id, tokenCount)));

/**
 * Reads the account and its throttle rows, verifies argon2id with no transaction nor pooled
 * connection held, then writes the outcome in one short transaction. On success, `proceed`
 * runs in that transaction (the step's next writes: a login request, …) and is handed the
 * step's audit events to record with its own in one insert; without it they are recorded here.
 */
export async function verifyPasswordLogin<T = undefined>(
  db: Db, clock: Clock,
  input: { username: string; password: string; /** tokens of this browser's known-browser cookie */ knownBrowsers?: string[] },
  actor: AuditActor & { ip: string },
  proceed?: (tx: Tx, success: PasswordSuccess, audit: AuditEntry[]) => Promise<T>,
): Promise<PasswordLoginResult<T>> {
  const username = input.username.trim().toUpperCase();
  const tokens = input.knownBrowsers ?? [];
  // One statement reads the account (if any: an unknown username still yields a row), its active
  // token, whether this browser is known for it, and the throttle rows this attempt could meet.
  const rows = await accountRead(tokens.length, db, {
    username, ...knownBrowserValues(tokens, clock.now()), ...loginThrottleCandidateValues(username, actor.ip, tokens.map(sha256)),
  });
  const row = rows[0]!;
  const account = row.account ?? undefined;
  const knownBrowser = row.knownBrowser ?? undefined;
  const keys = loginThrottleKeys(account ? accountKey(account.id) : usernameKey(username), { ip: actor.ip, knownBrowser });
  const throttles = rows.flatMap((r) => (r.throttle && keys.check.includes(r.throttle.key) ? [r.throttle] : []));
  const throttle = throttleStateOf(throttles, clock);
  if (throttle.blocked) {
    await recordAudit(db, actor, 'login.throttled', { accountId: account?.id, details: { username, locked: throttle.locked, knownBrowser: Boolean(knownBrowser) } });
    return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds, locked: throttle.locked };
  }
  const stored = account?.passwordHash ?? (await (dummyHash ??= hashPassword('dummy-password-for-timing')));
  const valid = (await verifyPassword(stored, input.password)) && Boolean(account) && account!.status === 'active';
  // A suspended password ("not me", lost phone, MFA fatigue: FLOWS §6) fails exactly like a wrong
  // one, so outsiders learn nothing; only the reset link sent to the verified email revives it.
  const suspended = valid && Boolean(account!.passwordSuspendedAt);
  if (!valid || !account || suspended) {
    await db.transaction(async (tx) => {
      const { blocked } = await recordFailure(tx, clock, keys.count, keys.lockable);
      if (blocked && account) await notifyThrottledHolder(tx, clock, { accountId: account.id }, actor);
      await recordAudit(tx, actor, suspended ? 'login.password.suspended' : 'login.password.failed', { accountId: account?.id, details: { username } });
    });
    return { ok: false, reason: 'invalid' };
  }
  // Hashed before the transaction opens: argon2id never runs while a connection is held.
  const rehashed = needsRehash(account.passwordHash!) ? await hashPassword(input.password) : undefined;
  const authenticator = row.authenticator ?? undefined;
  const success: PasswordSuccess = { account, next: nextStep(account, authenticator), authenticator };
  const audit: AuditEntry[] = [{ actor: { ...actor, accountId: account.id }, action: 'login.password.ok', subject: { accountId: account.id } }];
  // Only the counts this very source fed, and only those there are (already read above).
  const present = new Set(throttles.map((t) => t.key));
  const proceeded = await db.transaction(async (tx) => {
    // Independent writes, sent together (one round trip when they fit).
    const [, , next] = await Promise.all([
      clearFailures(tx, keys.clearOnSuccess.filter((k) => present.has(k))),
      rehashed && tx.update(accounts).set({ passwordHash: rehashed }).where(eq(accounts.id, account.id)),
      proceed ? proceed(tx, success, audit) : recordAudits(tx, audit).then(() => undefined as T),
    ]);
    return next;
  });
  return { ok: true, ...success, proceeded };
}

/**
 * Officers always go on to their own passkey (FLOWS §7), never to a soft token; staff with a
 * soft token to phone approval; without one, to the registration tracker.
 */
function nextStep(account: Account, authenticator: ActiveToken | undefined): LoginNext {
  if (account.kind === 'officer') return 'officer';
  return authenticator ? 'token' : 'tracker';
}

/** An officer lifts a lock (and every backoff, whatever the source) on an account. */
export async function unlockAccount(ex: Executor, accountId: string, actor: AuditActor): Promise<void> {
  await clearAccountFailures(ex, accountId);
  await recordAudit(ex, actor, 'account.unlock', { accountId });
}

export type PhoneAsked =
  | { ok: true; request: LoginRequest; bindingSecret: string; pushTo: PushSubscriptionTarget[]; purpose: Purpose }
  | { ok: false; code: 'phishing_resistant_required' | 'token_suspended' | 'too_many_requests' };

/**
 * After a correct password, a staff member with a soft token: a login request for the phone
 * (FLOWS §3), or renewal first when the token has expired. Runs in the password step's
 * transaction; refusals are answered, not thrown, so their audit events are kept.
 */
export async function askThePhone(
  tx: Tx, clock: Clock, settings: { policy: PhishingResistantPolicy; resetOrigin: string },
  success: PasswordSuccess, audit: AuditEntry[], actor: AuditActor & { ip: string }, userAgent: string | undefined,
): Promise<PhoneAsked> {
  const { account } = success;
  const authenticator = success.authenticator!;
  // Where the unit requires phishing-resistant sign-in, the picture-matching path is closed (and
  // the refusal audited): the passkey path remains.
  const refused = !(await passwordPathAllowed(tx, settings.policy, account, actor));
  if (refused || authenticator.suspendedAt) {
    await recordAudits(tx, audit);
    return { ok: false, code: refused ? 'phishing_resistant_required' : 'token_suspended' };
  }
  const purpose = validityState(authenticator.validUntil, clock.now()).state === 'expired' ? 'renew' : 'login';
  const created = await createLoginRequest(tx, clock, {
    account, authenticator, purpose, ip: actor.ip, userAgent, resetOrigin: settings.resetOrigin, audit,
  }, actor);
  return created.ok ? { ...created, purpose } : { ok: false, code: 'too_many_requests' };
}
