/** Accounts and initial credentials. Passwords are stored only as argon2id hashes. */
import { and, eq, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { findUnit } from '../../db/queries/units.ts';
import { accounts, type Account, type Role } from '../../db/schema.ts';
import { maskNationalId, withNationalId } from '../../db/sealing.ts';
import type { Clock } from '../lib/clock.ts';
import { hashPassword, randomString } from '../lib/crypto.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { isValidNationalId } from './identifiers.ts';

// No look-alike characters (0/O, 1/l/I): the password is read off a printed slip.
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random initial password of 12 characters (≈ 69 bits), shown once on the slip. */
export function generateInitialPassword(): string {
  return randomString(12, PASSWORD_ALPHABET);
}

export type Credentials = { username: string; initialPassword: string };

export type CreateAccountResult =
  | { ok: true; account: Account; credentials: Credentials }
  | { ok: false; reason: 'unknown_unit' | 'username_taken' | 'national_id_required' };

/**
 * Create an account in a unit with a fresh initial password. The username is the prefix
 * letter, the unit code and the next free 4-digit number in that unit. An officer
 * must come with their own valid national ID: four-eyes checks need to know who they are (FLOWS §7).
 */
export async function createAccount(
  ex: Executor,
  input: { unitCode: string; kind?: 'staff' | 'officer'; roles?: Role[]; displayName?: string; email?: string; username?: string; nationalId?: string },
  actor: AuditActor,
): Promise<CreateAccountResult> {
  const kind = input.kind ?? 'staff';
  if (kind === 'officer' && !(input.nationalId && isValidNationalId(input.nationalId))) return { ok: false, reason: 'national_id_required' };
  if (!(await findUnit(ex, input.unitCode))) return { ok: false, reason: 'unknown_unit' };
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  for (let attempt = 0; attempt < 5; attempt++) {
    const username = input.username ?? (await nextUsername(ex, kind === 'officer' ? 'O' : 'A', input.unitCode));
    const [account] = await ex.insert(accounts).values({
      username, unitCode: input.unitCode, kind, roles: input.roles ?? [], displayName: input.displayName,
      email: input.email, passwordHash, passwordIsInitial: true, ...withNationalId(kind === 'officer' ? input.nationalId : null),
    }).onConflictDoNothing({ target: accounts.username }).returning();
    if (account) {
      await recordAudit(ex, actor, 'account.create', { accountId: account.id, nationalId: account.nationalId, targetType: 'account', targetId: account.id, details: { username, kind, roles: account.roles } });
      return { ok: true, account, credentials: { username, initialPassword } };
    }
    if (input.username) return { ok: false, reason: 'username_taken' };
  }
  return { ok: false, reason: 'username_taken' };
}

async function nextUsername(ex: Executor, letter: string, unitCode: string): Promise<string> {
  const prefix = `${letter}${unitCode}`;
  const [row] = await ex
    .select({ max: sql<string | null>`max(substring(${accounts.username} from 12 for 4))` })
    .from(accounts)
    .where(and(like(accounts.username, `${prefix}____`), sql`substring(${accounts.username} from 12 for 4) ~ '^[0-9]{4}$'`));
  const next = Math.max(1001, Number(row?.max ?? 1000) + 1);
  if (next > 9999) throw new Error(`No usernames left in unit ${unitCode}`);
  return `${prefix}${next}`;
}

/** Issue new initial credentials; the earlier password stops working at once. */
export async function reissueInitialPassword(ex: Executor, clock: Clock, accountId: string, actor: AuditActor): Promise<Credentials | null> {
  const initialPassword = generateInitialPassword();
  const [account] = await ex.update(accounts)
    .set({ passwordHash: await hashPassword(initialPassword), passwordIsInitial: true, updatedAt: clock.now() })
    .where(eq(accounts.id, accountId)).returning({ username: accounts.username });
  if (!account) return null;
  await recordAudit(ex, actor, 'account.initial_password.reissue', { accountId, targetType: 'account', targetId: accountId });
  return { username: account.username, initialPassword };
}

export type SetNationalIdResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_officer' | 'national_id_required' };

/** Record an officer's own national ID (officers created before it was required): audited. */
export async function setOfficerNationalId(
  ex: Executor, clock: Clock, input: { username: string; nationalId: string }, actor: AuditActor,
): Promise<SetNationalIdResult> {
  if (!isValidNationalId(input.nationalId)) return { ok: false, reason: 'national_id_required' };
  const account = await findAccountByUsername(ex, input.username);
  if (!account) return { ok: false, reason: 'not_found' };
  if (account.kind !== 'officer') return { ok: false, reason: 'not_officer' };
  await ex.update(accounts).set({ ...withNationalId(input.nationalId), updatedAt: clock.now() }).where(eq(accounts.id, account.id));
  await recordAudit(ex, actor, 'account.officer_national_id.set', {
    accountId: account.id, nationalId: input.nationalId, targetType: 'account', targetId: account.id, details: { previous: account.nationalId ? maskNationalId(account.nationalId) : null },
  });
  return { ok: true };
}

export async function findAccountByUsername(ex: Executor, username: string): Promise<Account | undefined> {
  const [account] = await ex.select().from(accounts).where(eq(accounts.username, username.trim().toUpperCase()));
  return account;
}
