/**
 * Step 0 for GFMIS Token Key users: from the profile page ข้อมูลส่วนตัว,
 * `ขอรหัสผ่านเริ่มต้นของ Soft Token` issues the soft-token username and initial password,
 * shown once; `กดเพื่อยืนยันและทำการ logout` ends the visit.
 *
 * Integration point: the hardware-token login lives in the old portal, not here. In this
 * build an officer acts for the person (who is present with their ID card), so every call
 * is made with an officer's session and audited with the officer as actor and the legacy
 * account as subject. The credential issuance itself is the real one.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { getAccountSummary, type AccountSummary } from '../../db/queries/accounts.ts';
import { findActiveToken } from '../../db/queries/tokens.ts';
import { accounts } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword } from '../lib/crypto.ts';
import { generateInitialPassword, type Credentials } from './accounts.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { returnToProofing } from './registration.ts';
import { deleteAccountSessions } from './sessions.ts';

export type LegacyProfile = {
  username: string;
  unitCode: string;
  unitName: string;
  displayName: string | null;
  holderName: string | null;
  /** A soft-token initial password was issued before (asking again replaces it). */
  initialPasswordIssued: boolean;
  hasToken: boolean;
};

type Found = { ok: true; account: AccountSummary } | { ok: false; reason: 'not_found' | 'not_legacy' };

async function findLegacy(ex: Executor, username: string): Promise<Found> {
  const account = await getAccountSummary(ex, { username });
  if (!account || account.kind !== 'staff') return { ok: false, reason: 'not_found' };
  if (!account.legacyTokenUser) return { ok: false, reason: 'not_legacy' };
  return { ok: true, account };
}

export async function getLegacyProfile(ex: Executor, username: string): Promise<{ ok: true; profile: LegacyProfile } | { ok: false; reason: 'not_found' | 'not_legacy' }> {
  const found = await findLegacy(ex, username);
  if (!found.ok) return found;
  const a = found.account;
  return {
    ok: true,
    profile: {
      username: a.username, unitCode: a.unitCode, unitName: a.unitName, displayName: a.displayName, holderName: a.holderName,
      initialPasswordIssued: a.hasPassword, hasToken: a.hasToken,
    },
  };
}

export type IssueResult = { ok: true; credentials: Credentials } | { ok: false; reason: 'not_found' | 'not_legacy' | 'has_token' };

/**
 * ขอรหัสผ่านเริ่มต้นของ Soft Token: a fresh initial password; an earlier one stops working. Like
 * a reissued slip, it sends an approved registration back to proofing (FLOWS §6).
 */
export async function issueLegacyInitialPassword(ex: Executor, clock: Clock, username: string, actor: AuditActor): Promise<IssueResult> {
  const found = await findLegacy(ex, username);
  if (!found.ok) return found;
  if (found.account.hasToken || (await findActiveToken(ex, found.account.id))) return { ok: false, reason: 'has_token' };
  const initialPassword = generateInitialPassword();
  await ex.update(accounts)
    .set({ passwordHash: await hashPassword(initialPassword), passwordIsInitial: true, updatedAt: clock.now() })
    .where(eq(accounts.id, found.account.id));
  await deleteAccountSessions(ex, found.account.id);
  await returnToProofing(ex, clock, { accountId: found.account.id, reason: 'initial_password_reissued' }, actor);
  await recordAudit(ex, actor, 'legacy.initial_password.issue', {
    accountId: found.account.id, targetType: 'account', targetId: found.account.id, details: { actingFor: found.account.username },
  });
  return { ok: true, credentials: { username: found.account.username, initialPassword } };
}

/** กดเพื่อยืนยันและทำการ logout: the person's visit ends; they continue at step 1 with the new credentials. */
export async function finishLegacyStep0(ex: Executor, username: string, actor: AuditActor): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'not_legacy' }> {
  const found = await findLegacy(ex, username);
  if (!found.ok) return found;
  await deleteAccountSessions(ex, found.account.id);
  await recordAudit(ex, actor, 'legacy.step0.logout', {
    accountId: found.account.id, targetType: 'account', targetId: found.account.id, details: { actingFor: found.account.username },
  });
  return { ok: true };
}
