/**
 * Officers' account work (R-2.2): create accounts one by one or from a batch file, issue
 * initial credentials as sealed slips, reissue them, unlock. A slip's password exists only
 * in the answer to the call that made it; the database keeps the argon2id hash.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { getAccountSummary, takenUsernames } from '../../db/queries/accounts.ts';
import { findActiveToken } from '../../db/queries/tokens.ts';
import { existingUnitCodes, findUnits } from '../../db/queries/units.ts';
import { accounts } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { createAccount, reissueInitialPassword } from './accounts.ts';
import type { AccountRow, CsvRowError } from './account-csv.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { unlockAccount } from './login.ts';
import { returnToProofing } from './registration.ts';
import { deleteAccountSessions } from './sessions.ts';

/** What the printed slip shows. */
export type Slip = {
  username: string;
  initialPassword: string;
  unitCode: string;
  unitName: string;
  displayName: string | null;
};

export type CreatedAccount = { id: string; username: string; unitCode: string; legacyTokenUser: boolean; slip: Slip | null };

/** A concurrent change took a username between the checks and the insert: the whole batch rolls back. */
export class AccountBatchConflict extends Error {}

/** The checks that need the database: units exist, usernames are free. */
export async function checkAccountRows(ex: Executor, rows: AccountRow[]): Promise<CsvRowError[]> {
  const errors: CsvRowError[] = [];
  const unitsFound = await existingUnitCodes(ex, rows.map((r) => r.unitCode));
  const taken = await takenUsernames(ex, rows.flatMap((r) => (r.username ? [r.username] : [])));
  for (const r of rows) {
    if (!unitsFound.has(r.unitCode)) errors.push({ row: r.row, field: 'unit_code', code: 'unit_unknown' });
    if (r.username && taken.has(r.username)) errors.push({ row: r.row, field: 'username', code: 'username_taken' });
  }
  return errors;
}

export type CreateAccountsResult = { ok: true; created: CreatedAccount[] } | { ok: false; errors: CsvRowError[] };

/**
 * Create every row's account, or none: call inside one transaction. Rows failing a check are
 * all reported and nothing is written. Legacy token users get no password now: step 0 issues it.
 */
export async function createStaffAccounts(ex: Executor, rows: AccountRow[], actor: AuditActor, source: 'form' | 'csv'): Promise<CreateAccountsResult> {
  const errors = await checkAccountRows(ex, rows);
  if (errors.length) return { ok: false, errors };
  const unitsByCode = await findUnits(ex, rows.map((r) => r.unitCode));
  const created: CreatedAccount[] = [];
  for (const r of rows) {
    const result = await createAccount(ex, { unitCode: r.unitCode, kind: 'staff', displayName: r.displayName, username: r.username }, actor);
    if (!result.ok) throw new AccountBatchConflict(`row ${r.row}: ${result.reason}`);
    const { account, credentials } = result;
    if (r.legacyToken) {
      await ex.update(accounts).set({ passwordHash: null, legacyTokenUser: true }).where(eq(accounts.id, account.id));
    }
    created.push({
      id: account.id, username: account.username, unitCode: account.unitCode, legacyTokenUser: r.legacyToken,
      slip: r.legacyToken ? null : {
        ...credentials, unitCode: account.unitCode, unitName: unitsByCode.get(account.unitCode)?.name ?? '', displayName: account.displayName,
      },
    });
  }
  await recordAudit(ex, actor, source === 'csv' ? 'account.import' : 'account.create.form', {
    details: { count: created.length, legacy: created.filter((c) => c.legacyTokenUser).length },
  });
  return { ok: true, created };
}

export type ReissueResult = { ok: true; slip: Slip } | { ok: false; reason: 'not_found' | 'not_staff' | 'has_token' };

/**
 * New initial credentials for a staff account that has no soft token yet (a lost or unused
 * slip). The earlier password stops working and its sessions end. A token holder's password
 * is reset through a service request instead. An approved registration goes back to
 * proofing: whoever holds the new slip proves to be the holder before step 5 (FLOWS §6) —
 * otherwise the officer who printed it could activate their own phone on the account.
 */
export async function reissueSlip(ex: Executor, clock: Clock, accountId: string, actor: AuditActor): Promise<ReissueResult> {
  const account = await getAccountSummary(ex, { id: accountId });
  if (!account) return { ok: false, reason: 'not_found' };
  if (account.kind !== 'staff') return { ok: false, reason: 'not_staff' };
  if (await findActiveToken(ex, accountId)) return { ok: false, reason: 'has_token' };
  const credentials = await reissueInitialPassword(ex, clock, accountId, actor);
  if (!credentials) return { ok: false, reason: 'not_found' };
  await deleteAccountSessions(ex, accountId);
  await returnToProofing(ex, clock, { accountId, reason: 'initial_password_reissued' }, actor);
  return { ok: true, slip: { ...credentials, unitCode: account.unitCode, unitName: account.unitName, displayName: account.displayName } };
}

/** Lift a lock or backoff on an existing account. */
export async function unlockAccountById(ex: Executor, accountId: string, actor: AuditActor): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
  const [account] = await ex.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  if (!account) return { ok: false, reason: 'not_found' };
  await unlockAccount(ex, accountId, actor);
  return { ok: true };
}

