/**
 * Revoking a soft token (R-8.3, FLOWS §5): in one transaction the authenticator is
 * revoked, its device cookies and push subscriptions deleted, pending requests cancelled,
 * the account's sessions ended and an email queued. Releasing the holder (self-revocation,
 * change of holder) closes the registration so the next holder registers as a new user;
 * otherwise (a changed or lost phone) the registration goes back to proofing (step 2): the
 * holder proves again before step 5 (FLOWS §6).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { isPending } from '../../db/queries/login-requests.ts';
import { activeTokenOf } from '../../db/queries/tokens.ts';
import {
  accounts, authenticators, deviceTokens, loginRequests, persons, pushSubscriptions, registrations, type Account,
} from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { enqueueMail } from '../services/mail.ts';
import { publish } from '../services/live.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { tokenRevokedMail } from './emails.ts';
import { cancelPasswordResets } from './password-reset.ts';
import { returnToProofing } from './registration.ts';
import { deleteAccountSessions } from './sessions.ts';

export const REVOKE_REASONS = ['resigned', 'transferred', 'change_holder', 'change_email', 'other'] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];

export const REVOKE_REASON_LABELS: Record<RevokeReason, { th: string; en: string }> = {
  resigned: { th: 'ลาออก', en: 'Resigned' },
  transferred: { th: 'โอน/ย้าย', en: 'Transferred / moved' },
  change_holder: { th: 'เปลี่ยนผู้ใช้งาน', en: 'Change of holder' },
  change_email: { th: 'เปลี่ยน email', en: 'Change of email' },
  other: { th: 'อื่น ๆ', en: 'Other' },
};

export type RevokeResult = { ok: true; authenticatorId: string } | { ok: false; reason: 'no_token' };

export async function revokeToken(
  ex: Executor, clock: Clock,
  input: { account: Account; reason: string; releaseHolder: boolean },
  actor: AuditActor,
): Promise<RevokeResult> {
  const now = clock.now();
  const [token] = await ex.update(authenticators).set({ revokedAt: now, revokeReason: input.reason.slice(0, 500) })
    .where(activeTokenOf(input.account.id)).returning();
  if (!token) return { ok: false, reason: 'no_token' };
  await ex.delete(deviceTokens).where(eq(deviceTokens.authenticatorId, token.id));
  await ex.delete(pushSubscriptions).where(eq(pushSubscriptions.authenticatorId, token.id));
  const cancelled = await ex.update(loginRequests).set({ status: 'cancelled', decidedAt: now })
    .where(and(eq(loginRequests.accountId, input.account.id), isPending())).returning({ id: loginRequests.id });
  for (const c of cancelled) await publish(ex, 'login_request', c.id, 'cancelled');
  const [holder] = input.account.holderPersonId
    ? await ex.select({ email: persons.email }).from(persons).where(eq(persons.id, input.account.holderPersonId))
    : [];
  const [live] = await ex.select().from(registrations)
    .where(and(eq(registrations.accountId, input.account.id), inArray(registrations.status, ['activated', 'approved'])));
  if (input.releaseHolder) {
    await ex.update(accounts).set({ holderPersonId: null, updatedAt: now }).where(eq(accounts.id, input.account.id));
    await cancelPasswordResets(ex, clock, input.account.id);
    if (live) await ex.update(registrations).set({ status: 'cancelled', updatedAt: now }).where(eq(registrations.id, live.id));
  } else if (live) {
    await returnToProofing(ex, clock, { accountId: input.account.id, reason: input.reason }, actor);
  }
  if (live) await publish(ex, 'registration', input.account.id, 'revoked');
  await deleteAccountSessions(ex, input.account.id);
  const email = holder?.email ?? live?.email;
  if (email) await enqueueMail(ex, { to: email, ...tokenRevokedMail(input.account.username, input.reason) });
  await recordAudit(ex, actor, 'token.revoke', {
    accountId: input.account.id, targetType: 'authenticator', targetId: token.id,
    details: { reason: input.reason, releaseHolder: input.releaseHolder },
  });
  return { ok: true, authenticatorId: token.id };
}
