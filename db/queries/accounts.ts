/** Accounts as officers list and search them: never a password hash, only whether one is set. */
import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../index.ts';
import { accounts, authenticators, loginThrottles, persons, pushSubscriptions, units, type Account } from '../schema.ts';
import { containsPattern, offsetOf, type PageRequest, type Paged } from './like.ts';
import { activeTokenOf } from './tokens.ts';

export type AccountFilter = {
  /** Part of the username, display name or holder's name. */
  q?: string;
  unitCode?: string;
  kind?: Account['kind'];
  locked?: boolean;
};

const hasToken = sql<boolean>`exists (select 1 from ${authenticators} where ${activeTokenOf(accounts.id)})`;
/** The passkey kind officers see: synced through a cloud account, or bound to one device. */
const tokenKind = sql<'synced' | 'device_bound' | null>`(select case when ${authenticators.backupEligible} or ${authenticators.backupState} then 'synced' else 'device_bound' end from ${authenticators} where ${activeTokenOf(accounts.id)} limit 1)`;
/**
 * Push health of the active token: its newest subscription is `active`, `dead` (the push
 * service answered 404/410: the phone must turn notifications on again) or `none`; null without a token.
 */
const pushStatus = sql<'none' | 'active' | 'dead' | null>`(select case when ${pushSubscriptions.id} is null then 'none' when ${pushSubscriptions.deadAt} is not null then 'dead' else 'active' end from ${authenticators} left join ${pushSubscriptions} on ${pushSubscriptions.authenticatorId} = ${authenticators.id} where ${activeTokenOf(accounts.id)} order by ${pushSubscriptions.createdAt} desc nulls last limit 1)`;
/** As thaiFullName (api/lib/thai-name.ts) writes it: the title joined to the first name. */
const holderName = sql<string | null>`nullif(trim(concat_ws(' ', nullif(concat(${persons.title}, ${persons.firstNameTh}), ''), nullif(${persons.middleNameTh}, ''), ${persons.lastNameTh})), '')`;
const locked = sql<boolean>`coalesce(${loginThrottles.locked}, false)`;

/** The columns an officer may see: the hash itself never leaves the database. */
const summary = {
  id: accounts.id,
  username: accounts.username,
  kind: accounts.kind,
  roles: accounts.roles,
  unitCode: accounts.unitCode,
  unitName: units.name,
  displayName: accounts.displayName,
  status: accounts.status,
  legacyTokenUser: accounts.legacyTokenUser,
  hasPassword: sql<boolean>`${accounts.passwordHash} is not null`,
  passwordIsInitial: accounts.passwordIsInitial,
  holderName,
  hasToken,
  tokenKind,
  pushStatus,
  locked,
  blockedUntil: loginThrottles.blockedUntil,
  createdAt: accounts.createdAt,
};

export type AccountSummary = {
  id: string; username: string; kind: Account['kind']; roles: string[]; unitCode: string; unitName: string;
  displayName: string | null; status: Account['status']; legacyTokenUser: boolean; hasPassword: boolean;
  passwordIsInitial: boolean; holderName: string | null; hasToken: boolean; tokenKind: 'synced' | 'device_bound' | null;
  pushStatus: 'none' | 'active' | 'dead' | null; locked: boolean; blockedUntil: Date | null; createdAt: Date;
};

function base(ex: Executor) {
  return ex.select(summary).from(accounts)
    .innerJoin(units, eq(units.code, accounts.unitCode))
    .leftJoin(persons, eq(persons.id, accounts.holderPersonId))
    .leftJoin(loginThrottles, eq(loginThrottles.key, sql`'account:' || ${accounts.id}`));
}

function conditions(f: AccountFilter): SQL | undefined {
  const where: Array<SQL | undefined> = [];
  if (f.q) {
    const p = containsPattern(f.q.trim());
    where.push(or(ilike(accounts.username, p), ilike(accounts.displayName, p), sql`${holderName} ilike ${p}`));
  }
  if (f.unitCode) where.push(eq(accounts.unitCode, f.unitCode));
  if (f.kind) where.push(eq(accounts.kind, f.kind));
  if (f.locked) where.push(sql`${locked}`);
  return and(...where);
}

export async function listAccounts(ex: Executor, f: AccountFilter, p: PageRequest): Promise<Paged<AccountSummary>> {
  const where = conditions(f);
  const items = await base(ex).where(where).orderBy(asc(accounts.username)).limit(p.pageSize).offset(offsetOf(p));
  const [total] = await ex.select({ n: count() }).from(accounts)
    .innerJoin(units, eq(units.code, accounts.unitCode))
    .leftJoin(persons, eq(persons.id, accounts.holderPersonId))
    .leftJoin(loginThrottles, eq(loginThrottles.key, sql`'account:' || ${accounts.id}`))
    .where(where);
  return { items, total: total?.n ?? 0, ...p };
}

export async function getAccountSummary(ex: Executor, by: { id: string } | { username: string }): Promise<AccountSummary | undefined> {
  const where = 'id' in by ? eq(accounts.id, by.id) : eq(accounts.username, by.username.trim().toUpperCase());
  const [row] = await base(ex).where(where);
  return row;
}

/** Which of these usernames are taken already. */
export async function takenUsernames(ex: Executor, usernames: string[]): Promise<Set<string>> {
  if (!usernames.length) return new Set();
  const rows = await ex.select({ username: accounts.username }).from(accounts).where(inArray(accounts.username, usernames));
  return new Set(rows.map((r) => r.username));
}
