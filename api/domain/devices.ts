/**
 * The activated phone app: its device cookie (stored hashed) proves "I am the activated
 * app" — enough to read its status and pending requests and to update its push
 * subscription, never to approve anything (FLOWS, "Three kinds of proof").
 */
import { and, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { columnValue, reusable } from '../../db/reusable.ts';
import { findUnit } from '../../db/queries/units.ts';
import { accounts, authenticators, deviceTokens, pushSubscriptions, type Account, type Authenticator } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { sha256 } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';

export type Device = { authenticator: Authenticator; account: Account };

/** A phone polls often: its last use is only worth writing once a minute. */
const LAST_SEEN_EVERY_MS = 60_000;

/**
 * Writes the device's last use, at most once a minute, in the statement that reads it: a
 * data-modifying CTE runs even though the query does not read it, and writes nothing in between.
 * For reusable statements (db/reusable.ts): its values are the placeholders of deviceValues().
 */
export function touchDevice(ex: Executor) {
  return ex.$with('touched').as(ex.update(deviceTokens).set({ lastSeenAt: columnValue<Date>('now') }).where(and(
    eq(deviceTokens.tokenHash, sql.placeholder('tokenHash')),
    or(isNull(deviceTokens.lastSeenAt), lte(deviceTokens.lastSeenAt, sql.placeholder('seenBefore'))),
  )).returning({ tokenHash: deviceTokens.tokenHash }));
}

/** The device token with the placeholder `tokenHash`, on an authenticator not revoked (joined to both). */
export function liveDevice() {
  return and(eq(deviceTokens.tokenHash, sql.placeholder('tokenHash')), isNull(authenticators.revokedAt));
}

/** The values of touchDevice's and liveDevice's placeholders, for the phone behind this device cookie. */
export function deviceValues(now: Date, token: string) {
  return { now, tokenHash: sha256(token), seenBefore: new Date(now.getTime() - LAST_SEEN_EVERY_MS).toISOString() };
}

const selectDevice = reusable('device', (ex) => ex.with(touchDevice(ex)).select({ authenticator: authenticators, account: accounts }).from(deviceTokens)
  .innerJoin(authenticators, eq(authenticators.id, deviceTokens.authenticatorId))
  .innerJoin(accounts, eq(accounts.id, authenticators.accountId))
  .where(liveDevice()));

/** The live authenticator behind a device cookie, if any (one statement, its last use written with it). */
export async function findDevice(ex: Executor, clock: Clock, token: string): Promise<Device | undefined> {
  const [row] = await selectDevice(ex, deviceValues(clock.now(), token));
  return row;
}

export type PushState = 'none' | 'active' | 'dead';

/** What the phone app shows about itself. */
export async function describeDevice(ex: Executor, device: Device) {
  const unit = await findUnit(ex, device.account.unitCode);
  const [sub] = await ex.select({ deadAt: pushSubscriptions.deadAt }).from(pushSubscriptions)
    .where(eq(pushSubscriptions.authenticatorId, device.authenticator.id)).orderBy(desc(pushSubscriptions.createdAt)).limit(1);
  const push: PushState = !sub ? 'none' : sub.deadAt ? 'dead' : 'active';
  return {
    username: device.account.username,
    unit: unit && { code: unit.code, name: unit.name, ministry: unit.ministry },
    validUntil: device.authenticator.validUntil.toISOString(),
    deviceLabel: device.authenticator.deviceLabel,
    suspended: Boolean(device.authenticator.suspendedAt),
    push,
  };
}

/** Store (or refresh) this phone's push subscription; one live subscription per authenticator. */
export async function savePushSubscription(
  ex: Executor, device: Device, sub: { endpoint: string; p256dh: string; auth: string; userAgent?: string }, actor: AuditActor,
): Promise<void> {
  await ex.delete(pushSubscriptions).where(eq(pushSubscriptions.authenticatorId, device.authenticator.id));
  await ex.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub.endpoint));
  await ex.insert(pushSubscriptions).values({
    authenticatorId: device.authenticator.id, endpoint: sub.endpoint, p256dh: sub.p256dh, auth: sub.auth,
    userAgent: sub.userAgent?.slice(0, 512),
  });
  await recordAudit(ex, actor, 'device.push.subscribe', { accountId: device.account.id, targetType: 'authenticator', targetId: device.authenticator.id });
}

export async function deletePushSubscription(ex: Executor, device: Device, actor: AuditActor): Promise<void> {
  await ex.delete(pushSubscriptions).where(eq(pushSubscriptions.authenticatorId, device.authenticator.id));
  await recordAudit(ex, actor, 'device.push.unsubscribe', { accountId: device.account.id, targetType: 'authenticator', targetId: device.authenticator.id });
}
