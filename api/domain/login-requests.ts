/**
 * Login approval with picture matching (R-6.2 …, FLOWS §3), renewal approval
 * (R-8.2, FLOWS §4), self-revocation approval (R-8.3: the same picture matching, so a
 * stolen desktop session cannot revoke) and the holder's data download (PDPA, see
 * data-export.ts: likewise). After the password, a login request row holds a nonce, the correct
 * picture, a grid of nine, and the hash of a binding secret kept by the desktop browser.
 * The phone signs challenge = SHA-256(nonce | choice) with its passkey (user verification
 * required): the signature covers the chosen picture, so a wrong pick is a signed wrong
 * pick. Only the browser holding the binding secret can turn an approval into a session.
 */
import { and, desc, eq, getTableColumns, gt, inArray, lte, or, sql } from 'drizzle-orm';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { rawRows, type Executor, type Tx } from '../../db/index.ts';
import { columnValue, reusable } from '../../db/reusable.ts';
import { isPending } from '../../db/queries/login-requests.ts';
import { activeTokenOf } from '../../db/queries/tokens.ts';
import { accounts, authenticators, deviceTokens, loginRequests, type Account, type Authenticator, type LoginRequest } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { randomToken, safeEqual, sha256 } from '../lib/crypto.ts';
import { livePayload, publish, publishing } from '../services/live.ts';
import { liveSubscriptionsOf, type PushSubscriptionTarget } from '../services/push.ts';
import { expectedFor, tokenValidUntil, type WebAuthnSettings } from './activation.ts';
import { deviceValues, liveDevice, touchDevice } from './devices.ts';
import { recordAudit, recordAudits, type AuditActor, type AuditEntry } from './audit.ts';
import { createPasswordReset, suspendPassword } from './password-reset.ts';
import { GRID_SIZE, PICTURE_IDS } from './pictures.ts';
import { revokeToken } from './revocation.ts';
import { suspendAfterNotMe } from './service-requests.ts';
import { accountKey, recordFailure } from './throttle.ts';

export const LOGIN_REQUEST_TTL_MS = 2 * 60_000;
/** MFA-fatigue defence: at most this many unanswered or refused requests per window. */
export const FATIGUE_LIMIT = 5;
export const FATIGUE_WINDOW_MS = 15 * 60_000;
/** After approval the desktop has this long to collect its session. */
const COMPLETE_GRACE_MS = 60_000;

export type { LoginRequest };
export type Purpose = LoginRequest['purpose'];

/** The challenge the phone signs: SHA-256 over the nonce and its choice, base64url. */
export function challengeFor(nonce: string, choice: string): string {
  return createHash('sha256').update(`${nonce}|${choice}`).digest('base64url');
}

/** `count` distinct items chosen and ordered by a CSPRNG (Fisher–Yates). */
function shuffle<T>(items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export type CreateRequestResult =
  | { ok: true; request: LoginRequest; bindingSecret: string; /** the phone's live push subscriptions, read by the insert */ pushTo: PushSubscriptionTarget[] }
  | { ok: false; reason: 'too_many_requests' };

/**
 * An account's recent unanswered or refused requests (since `since`), and those still pending:
 * see createLoginRequest. The statuses are written out, as isPending's, so that the statement's
 * plan reads them by their partial index (login_requests_unanswered_idx), never the account's
 * completed logins.
 */
const countRecent = reusable('count_recent', (ex) => {
  const recentSince = gt(loginRequests.createdAt, sql.placeholder('since'));
  const pending = isPending();
  return ex.select({
    recent: sql<number>`(count(*) filter (where ${recentSince}))::int`,
    pending: sql<number>`(count(*) filter (where ${pending}))::int`,
  }).from(loginRequests).where(and(
    eq(loginRequests.accountId, sql.placeholder('accountId')), gt(loginRequests.createdAt, sql.placeholder('windowStart')),
    sql`${loginRequests.status} in ('pending', 'denied', 'expired', 'cancelled')`, or(recentSince, pending),
  ));
});

/** A new request, every column given; the phone's live channel and push subscriptions hear of it from what it returns. */
const insertRequest = reusable('insert_request', (ex) => ex.insert(loginRequests)
  .values(Object.fromEntries(Object.keys(getTableColumns(loginRequests)).map((c) => [c, sql.placeholder(c)])) as unknown as LoginRequest)
  .returning({ published: publishing('login_request', sql.placeholder('published')), pushTo: liveSubscriptionsOf(sql.placeholder('authenticatorId')) }));

/** After a correct password: a new request (the earlier pending ones are cancelled). */
export async function createLoginRequest(
  ex: Executor, clock: Clock,
  input: {
    account: Account; authenticator: Pick<Authenticator, 'id'>; purpose: Purpose; ip?: string; userAgent?: string;
    /** Purpose 'revoke': the reason chosen on the portal, carried out once the phone approves. */
    revokeReason?: string;
    /** The desktop's binding secret when the caller derives it (data-export.ts ties it to the session); random otherwise. */
    bindingSecret?: string;
    /**
     * Given by the password step of a login, whose caller may be someone who knows the password
     * and keeps pushing (MFA fatigue): hitting the limit then suspends the password and mails the
     * holder a reset link (FLOWS §6). Callers with a session already approved on the phone omit it.
     */
    resetOrigin?: string;
    /** Events of the same step (the password's), recorded in the same insert as this one's. */
    audit?: AuditEntry[];
  },
  actor: AuditActor,
): Promise<CreateRequestResult> {
  const earlier = input.audit ?? [];
  const now = clock.now();
  // Requests made before the password last changed were pushed with a password that no longer works.
  const since = Math.max(now.getTime() - FATIGUE_WINDOW_MS, input.account.passwordChangedAt?.getTime() ?? 0);
  // One read counts both: the recent unanswered or refused requests, and those still pending
  // (cancelled below only when there are any: usually the last one was completed). Both lie in the
  // window, so the account's older history is never read: a request still pending after the window
  // is long past its expiry (the TTL is shorter), and the sweep expires it.
  const [{ recent, pending } = { recent: 0, pending: 0 }] = await countRecent(ex, {
    accountId: input.account.id, since: new Date(since).toISOString(), windowStart: new Date(now.getTime() - FATIGUE_WINDOW_MS).toISOString(),
  });
  if (recent >= FATIGUE_LIMIT) {
    await recordAudits(ex, [...earlier, { actor, action: 'login.request.fatigue_limit', subject: { accountId: input.account.id } }]);
    if (input.resetOrigin && !input.account.passwordSuspendedAt) {
      await suspendPassword(ex, clock, { accountId: input.account.id, reason: 'mfa_fatigue' }, actor);
      await createPasswordReset(ex, clock, { accountId: input.account.id, reason: 'mfa_fatigue', origin: input.resetOrigin }, actor);
    }
    return { ok: false, reason: 'too_many_requests' };
  }
  const cancelled = pending === 0 ? [] : await ex.update(loginRequests).set({ status: 'cancelled', decidedAt: now })
    .where(and(eq(loginRequests.accountId, input.account.id), isPending()))
    .returning({ id: loginRequests.id });
  for (const c of cancelled) await publish(ex, 'login_request', c.id, 'cancelled');
  const grid = shuffle(PICTURE_IDS).slice(0, GRID_SIZE);
  const correct = grid[randomInt(grid.length)]!;
  const bindingSecret = input.bindingSecret ?? randomToken(32);
  const id = randomUUID();
  // The whole row is written, so nothing of it needs reading back.
  const request: LoginRequest = {
    id, accountId: input.account.id, authenticatorId: input.authenticator.id, purpose: input.purpose, status: 'pending',
    // Login, self-revocation and data export are picture matching; renewal is a plain Accept.
    nonce: randomToken(32), correctPicture: correct, grid: input.purpose === 'renew' ? [] : grid, bindingHash: sha256(bindingSecret),
    revokeReason: input.purpose === 'revoke' ? input.revokeReason?.slice(0, 600) ?? null : null,
    ip: input.ip ?? null, userAgent: input.userAgent?.slice(0, 512) ?? null, expiresAt: new Date(now.getTime() + LOGIN_REQUEST_TTL_MS),
    chosenPicture: null, denyReason: null, decidedAt: null, completedAt: null, createdAt: now,
  };
  // The request and the step's audit rows go out together, in one round trip. The phone's live
  // channel hears of it with the insert (on commit).
  const [[inserted]] = await Promise.all([
    insertRequest(ex, { ...request, published: livePayload(`device-${input.authenticator.id}`, id) }),
    recordAudits(ex, [...earlier, {
      actor, action: `${input.purpose}.request.create`, subject: { accountId: input.account.id, targetType: 'login_request', targetId: id },
    }]),
  ]);
  const { pushTo } = inserted!;
  return { ok: true, request, bindingSecret, pushTo };
}

/** Mark a pending request expired once its time is up (idempotent, any instance). */
export async function expireLoginRequest(ex: Executor, clock: Clock, id: string): Promise<boolean> {
  return (await expireLoginRequests(ex, clock, [id])).length > 0;
}

/**
 * Mark those of these requests that are pending and due expired, in one UPDATE; each is audited
 * and its live channels hear 'expired'. Answers the requests it expired (none when another
 * instance did it first).
 */
export async function expireLoginRequests(ex: Executor, clock: Clock, ids: string[]): Promise<Array<{ id: string; purpose: Purpose }>> {
  if (!ids.length) return [];
  const now = clock.now();
  const rows = await ex.update(loginRequests).set({ status: 'expired', decidedAt: now })
    .where(and(inArray(loginRequests.id, ids), isPending(), lte(loginRequests.expiresAt, now)))
    .returning({ id: loginRequests.id, accountId: loginRequests.accountId, purpose: loginRequests.purpose });
  await recordAudits(ex, rows.map((row) => ({
    actor: { kind: 'system' }, action: 'login.request.expired', subject: { accountId: row.accountId, targetType: 'login_request', targetId: row.id },
  })));
  for (const row of rows) await publish(ex, 'login_request', row.id, 'expired');
  return rows.map(({ id, purpose }) => ({ id, purpose }));
}

/** Any number taken for this lock alone: one sweep at a time across instances. */
const EXPIRY_SWEEP_LOCK = 727_003;
/** Enough for any minute's abandoned requests; more wait for the next pass. */
const SWEEP_BATCH = 1000;

export type SweepResult = { ok: true; expired: Array<{ id: string; purpose: LoginRequest['purpose'] }> } | { ok: false; reason: 'busy' };

/**
 * Expire every pending request past its time, whoever was waiting on it: the instance that held
 * the desktop's live channel (and its timer, services/expiry.ts) may have died. Inside `tx`, under
 * the transaction's advisory lock (another instance sweeping answers 'busy' at once); the same
 * conditional UPDATE as the timer's, so a timer racing the sweep expires each request once.
 */
export async function sweepOverdueLoginRequests(tx: Tx, clock: Clock): Promise<SweepResult> {
  const [lock] = await rawRows(tx, sql`select pg_try_advisory_xact_lock(${EXPIRY_SWEEP_LOCK}) as won`);
  if (lock?.won !== true) return { ok: false, reason: 'busy' };
  const overdue = await tx.select({ id: loginRequests.id }).from(loginRequests)
    .where(and(isPending(), lte(loginRequests.expiresAt, clock.now())))
    .limit(SWEEP_BATCH)
    .for('update', { skipLocked: true });
  return { ok: true, expired: await expireLoginRequests(tx, clock, overdue.map((r) => r.id)) };
}

/** What the desktop that made a request may know of it (read with nothing else). */
const boundRequest = {
  id: loginRequests.id, accountId: loginRequests.accountId, purpose: loginRequests.purpose, status: loginRequests.status,
  expiresAt: loginRequests.expiresAt, denyReason: loginRequests.denyReason,
};
export type BoundRequest = Pick<LoginRequest, keyof typeof boundRequest>;
const selectBound = reusable('bound_request', (ex) => ex.select({ ...boundRequest, bindingHash: loginRequests.bindingHash }).from(loginRequests)
  .where(eq(loginRequests.id, sql.placeholder('id'))));

/**
 * The desktop's view of its request; the binding secret proves it is that browser. A pending
 * request past its time is expired on the way (`expiredNow`: by this call, not another's).
 */
export async function findBoundRequest(
  ex: Executor, clock: Clock, id: string, bindingSecret: string | undefined,
): Promise<(BoundRequest & { expiredNow: boolean }) | undefined> {
  if (!bindingSecret) return undefined;
  const [found] = await selectBound(ex, { id });
  if (!found || !safeEqual(sha256(bindingSecret), found.bindingHash)) return undefined;
  const { bindingHash: _, ...row } = found;
  if (row.status === 'pending' && row.expiresAt <= clock.now()) {
    return { ...row, status: 'expired', expiredNow: await expireLoginRequest(ex, clock, id) };
  }
  return { ...row, expiredNow: false };
}

/** A pending request as the phone sees it: context and grid, never which picture is right. */
const forThePhone = {
  id: loginRequests.id, purpose: loginRequests.purpose, nonce: loginRequests.nonce, grid: loginRequests.grid, ip: loginRequests.ip,
  userAgent: loginRequests.userAgent, revokeReason: loginRequests.revokeReason, createdAt: loginRequests.createdAt, expiresAt: loginRequests.expiresAt,
};

const selectDeviceRequests = reusable('device_requests', (ex) => ex.with(touchDevice(ex))
  .select({ request: forThePhone }).from(deviceTokens)
  .innerJoin(authenticators, eq(authenticators.id, deviceTokens.authenticatorId))
  .leftJoin(loginRequests, and(
    eq(loginRequests.authenticatorId, authenticators.id), isPending(), gt(loginRequests.expiresAt, sql.placeholder('unexpiredAfter')),
  ))
  .where(liveDevice())
  .orderBy(desc(loginRequests.createdAt)));

/**
 * The pending requests of the phone behind a device cookie, newest first, in one statement (its
 * last use written with it, as findDevice does). Nothing when the cookie is not a live device.
 * Only the columns the phone is shown are read.
 */
export async function findDeviceRequests(ex: Executor, clock: Clock, token: string) {
  const now = clock.now();
  const rows = await selectDeviceRequests(ex, { ...deviceValues(now, token), unexpiredAfter: now.toISOString() });
  if (!rows[0]) return undefined;
  return {
    pending: rows.flatMap(({ request: r }) => (r ? [{ ...r, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString() }] : [])),
  };
}

/** The request a phone answers, and its authenticator, both locked (see answerLoginRequest). */
const lockAnswered = reusable('lock_answered', (ex) => ex.with(touchDevice(ex)).select({
  // Only what the answer needs.
  request: {
    id: loginRequests.id, accountId: loginRequests.accountId, purpose: loginRequests.purpose, status: loginRequests.status, nonce: loginRequests.nonce,
    correctPicture: loginRequests.correctPicture, revokeReason: loginRequests.revokeReason, expiresAt: loginRequests.expiresAt,
  },
  auth: {
    id: authenticators.id, credentialId: authenticators.credentialId, publicKey: authenticators.publicKey, counter: authenticators.counter,
    transports: authenticators.transports, revokedAt: authenticators.revokedAt, suspendedAt: authenticators.suspendedAt,
  },
}).from(loginRequests)
  .innerJoin(authenticators, eq(authenticators.id, loginRequests.authenticatorId))
  .innerJoin(deviceTokens, eq(deviceTokens.authenticatorId, authenticators.id))
  .where(and(eq(loginRequests.id, sql.placeholder('requestId')), liveDevice()))
  .for('update', { of: [loginRequests, authenticators] }));

/** The signature's counter on its authenticator; a renewal's approval extends the token with it. */
const countSignature = {
  only: reusable('count_signature', (ex) => ex.update(authenticators)
    .set({ counter: columnValue('counter'), backupState: columnValue('backupState'), lastUsedAt: columnValue('now') })
    .where(eq(authenticators.id, sql.placeholder('id')))),
  renewing: reusable('count_signature_renewing', (ex) => ex.update(authenticators)
    .set({ counter: columnValue('counter'), backupState: columnValue('backupState'), lastUsedAt: columnValue('now'), validUntil: columnValue('validUntil') })
    .where(eq(authenticators.id, sql.placeholder('id')))),
};

/** The phone's answer, on a request still pending; the desktop's live channel hears of it with it (on commit). */
const recordAnswer = reusable('record_answer', (ex) => ex.update(loginRequests)
  .set({ status: columnValue('status'), chosenPicture: columnValue('chosenPicture'), decidedAt: columnValue('now'), denyReason: columnValue('denyReason') })
  .where(and(eq(loginRequests.id, sql.placeholder('id')), isPending()))
  .returning({ id: loginRequests.id, published: publishing('login_request', sql.placeholder('published')) }));

export type AnswerResult =
  | { ok: true; status: 'approved' | 'denied'; purpose: Purpose }
  | { ok: false; reason: 'not_found' | 'not_pending' | 'verification_failed' }
  /** The answer came too late: this call expired the request. */
  | { ok: false; reason: 'expired'; purpose: Purpose };

/**
 * The phone's answer: a user-verified assertion over challengeFor(nonce, choice). A valid
 * signature over the wrong picture denies the login and counts as a failed attempt.
 */
export async function answerLoginRequest(
  ex: Executor, clock: Clock, settings: WebAuthnSettings,
  input: { /** the phone's device cookie */ deviceToken: string; requestId: string; choice: string; response: AuthenticationResponseJSON },
  device: Omit<AuditActor, 'accountId'>,
): Promise<AnswerResult> {
  const now = clock.now();
  // One statement finds the phone by its cookie (writing its last use, as findDevice does) and
  // locks both rows: the request, and the authenticator whose counter moves. Not found: the
  // request is not this phone's, or the cookie is no live phone's (the caller tells which).
  const [locked] = await lockAnswered(ex, { ...deviceValues(now, input.deviceToken), requestId: input.requestId });
  if (!locked) return { ok: false, reason: 'not_found' };
  const { request, auth } = locked;
  const actor: AuditActor = { ...device, accountId: request.accountId };
  if (request.status !== 'pending') return { ok: false, reason: 'not_pending' };
  if (request.expiresAt <= now) {
    await expireLoginRequest(ex, clock, request.id);
    return { ok: false, reason: 'expired', purpose: request.purpose };
  }
  if (auth.revokedAt || auth.suspendedAt || input.response.id !== auth.credentialId) return { ok: false, reason: 'verification_failed' };
  let info;
  try {
    const v = await verifyAuthenticationResponse({
      response: input.response,
      ...expectedFor(settings, challengeFor(request.nonce, input.choice)),
      credential: { id: auth.credentialId, publicKey: new Uint8Array(auth.publicKey), counter: auth.counter, transports: auth.transports },
    });
    if (!v.verified) throw new Error('not verified');
    info = v.authenticationInfo;
  } catch (err) {
    await recordAudit(ex, actor, 'login.request.assertion_failed', {
      accountId: request.accountId, targetType: 'login_request', targetId: request.id, details: { error: (err as Error).message.slice(0, 200) },
    });
    return { ok: false, reason: 'verification_failed' };
  }
  const expected = request.purpose === 'renew' ? 'renew' : request.correctPicture;
  const approved = input.choice === expected;
  const status = approved ? 'approved' : 'denied';
  // The counter, the answer and its audit row go out together, in one round trip: the request is
  // locked above and still pending, so the answer cannot miss it. The desktop's live channel
  // hears of it with the update (on commit).
  const [, [answered]] = await Promise.all([
    countSignature[approved && request.purpose === 'renew' ? 'renewing' : 'only'](ex, {
      id: auth.id, counter: info.newCounter, backupState: info.credentialBackedUp, now, validUntil: tokenValidUntil(now),
    }),
    recordAnswer(ex, {
      id: request.id, status, chosenPicture: input.choice, now, denyReason: approved ? null : 'wrong_picture', published: livePayload(request.id, status),
    }),
    recordAudit(ex, actor, approved ? `${request.purpose}.request.approved` : `${request.purpose}.request.wrong_picture`, {
      accountId: request.accountId, targetType: 'login_request', targetId: request.id,
      details: { chosen: input.choice, counter: info.newCounter, backupState: info.credentialBackedUp },
    }),
  ]);
  // Cannot happen under the lock; if it did, nothing of this answer may stay (the caller's transaction rolls back).
  if (!answered) throw new Error(`login request ${request.id} changed under its lock`);
  if (approved && request.purpose === 'revoke') {
    // Self-revocation needs the holder's phone: it runs here, in the transaction that consumed the approval.
    const [account] = await ex.select().from(accounts).where(eq(accounts.id, request.accountId));
    await revokeToken(ex, clock, { account: account!, reason: request.revokeReason ?? 'revoke', releaseHolder: true }, actor);
  }
  if (!approved) await recordFailure(ex, clock, [accountKey(request.accountId)], [accountKey(request.accountId)]);
  return { ok: true, status, purpose: request.purpose };
}

/**
 * The phone's Deny, or "this was not me": the token is suspended at once and officers get a
 * lost-phone request. Answers the denied request, or nothing when it was no longer pending.
 */
export async function denyLoginRequest(
  ex: Executor, clock: Clock,
  input: { authenticator: Authenticator; requestId: string; notMe: boolean; /** where the holder's reset link points */ origin: string },
  actor: AuditActor,
): Promise<LoginRequest | undefined> {
  const [row] = await ex.update(loginRequests).set({ status: 'denied', decidedAt: clock.now(), denyReason: input.notMe ? 'not_me' : 'denied' })
    .where(and(eq(loginRequests.id, input.requestId), eq(loginRequests.authenticatorId, input.authenticator.id), isPending()))
    .returning();
  if (!row) return undefined;
  await recordAudit(ex, actor, input.notMe ? 'login.request.reported_not_me' : 'login.request.denied', {
    accountId: row.accountId, targetType: 'login_request', targetId: row.id, details: { ip: row.ip, userAgent: row.userAgent },
  });
  await publish(ex, 'login_request', row.id, 'denied');
  if (input.notMe) await suspendAfterNotMe(ex, clock, { accountId: row.accountId, loginRequestId: row.id, origin: input.origin }, actor);
  return row;
}

export type Completed = {
  account: Pick<Account, 'id' | 'kind' | 'passwordIsInitial' | 'mustChangePassword'>; purpose: Purpose;
  /** the end of the account's active token (read with it), if it has one */ validUntil: Date | undefined;
};

export type CompleteResult<T = undefined> =
  | (Completed & { ok: true; /** what `proceed` answered */ proceeded: T })
  | { ok: false; reason: 'not_found' | 'not_approved'; /** this call found it pending past its time and expired it */ expired?: Purpose };

/** Consumes an approval, and returns what the session needs of the account and its active token. */
const completeApproved = reusable('complete_approved', (ex) => ex.update(loginRequests)
  .set({ status: 'completed', completedAt: columnValue<Date>('now') })
  .from(accounts).leftJoin(authenticators, activeTokenOf(accounts.id))
  .where(and(
    eq(loginRequests.id, sql.placeholder('requestId')), eq(loginRequests.bindingHash, sql.placeholder('bindingHash')),
    eq(loginRequests.status, 'approved'), inArray(loginRequests.purpose, ['login', 'renew']),
    gt(loginRequests.expiresAt, sql.placeholder('unexpiredAfter')), eq(accounts.id, loginRequests.accountId),
  )).returning({
    request: { id: loginRequests.id, accountId: loginRequests.accountId, purpose: loginRequests.purpose },
    account: { id: accounts.id, kind: accounts.kind, passwordIsInitial: accounts.passwordIsInitial, mustChangePassword: accounts.mustChangePassword },
    // Null without an active token (the left join).
    validUntil: sql<Date | null>`${authenticators.validUntil}`.mapWith(authenticators.validUntil),
  }));

/**
 * The desktop that typed the password collects its approval, once. `proceed` writes what the
 * approval gives (the session, …): its statements go out with the audit row's, in one round trip.
 */
export async function completeLoginRequest<T = undefined>(
  ex: Executor, clock: Clock, input: { requestId: string; bindingSecret: string | undefined }, actor: AuditActor,
  proceed?: (completed: Completed) => Promise<T>,
): Promise<CompleteResult<T>> {
  if (!input.bindingSecret) return { ok: false, reason: 'not_found' };
  const now = clock.now();
  // The binding is matched by its SHA-256 (knowing a stored hash yields no secret), in the one
  // statement that consumes the approval. A revocation or export approval is never a session: the
  // revocation already ran on the phone's answer, the export is collected by the session that asked for it (data-export.ts).
  const [done] = await completeApproved(ex, {
    now, requestId: input.requestId, bindingHash: sha256(input.bindingSecret), unexpiredAfter: new Date(now.getTime() - COMPLETE_GRACE_MS).toISOString(),
  });
  if (!done) {
    // Only a failure reads the request: unknown to this browser, or not (or no longer) approved.
    const request = await findBoundRequest(ex, clock, input.requestId, input.bindingSecret);
    if (!request) return { ok: false, reason: 'not_found' };
    return { ok: false, reason: 'not_approved', ...(request.expiredNow ? { expired: request.purpose } : {}) };
  }
  const { request, account } = done;
  const completed: Completed = { account, purpose: request.purpose, validUntil: done.validUntil ?? undefined };
  const [proceeded] = await Promise.all([
    proceed ? proceed(completed) : (undefined as T),
    recordAudit(ex, { ...actor, accountId: request.accountId }, `${request.purpose}.complete`, { accountId: request.accountId, targetType: 'login_request', targetId: request.id }),
  ]);
  return { ok: true, ...completed, proceeded };
}
