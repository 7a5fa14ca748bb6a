/** Registrations as officers look at them: the approval queue, one registration in full, the waiting counts. */
import { and, asc, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../index.ts';
import { accounts, documents, persons, registrations, units, type Registration } from '../schema.ts';
import { containsPattern, offsetOf, type PageRequest, type Paged } from './like.ts';
import { unitViewColumns } from './units.ts';
import { blindIndex, maskNationalId } from '../sealing.ts';

export type RegistrationFilter = {
  status: Registration['status'] | 'all';
  unitCode?: string;
  /** Submitted at or after / before (exclusive) these instants. */
  submittedFrom?: Date;
  submittedBefore?: Date;
  /** Part of the proven Thai or English name. */
  name?: string;
  /** The whole national ID (found by its blind index: sealed IDs cannot be prefix-searched). */
  nationalId?: string;
  sort: 'oldest' | 'newest';
};

export type RegistrationListItem = {
  id: string;
  status: Registration['status'];
  submittedAt: Date | null;
  decidedAt: Date | null;
  username: string;
  unitCode: string;
  unitName: string;
  nationalId: string | null;
  nameTh: string | null;
  nameEn: string | null;
  email: string | null;
};


function conditions(f: RegistrationFilter): SQL[] {
  const where: SQL[] = [];
  // Drafts (before submission) are the person's own business, not the officers'.
  where.push(f.status === 'all' ? sql`${registrations.submittedAt} is not null` : eq(registrations.status, f.status));
  if (f.unitCode) where.push(eq(accounts.unitCode, f.unitCode));
  if (f.submittedFrom) where.push(gte(registrations.submittedAt, f.submittedFrom));
  if (f.submittedBefore) where.push(lt(registrations.submittedAt, f.submittedBefore));
  if (f.nationalId) where.push(eq(registrations.nationalIdIndex, blindIndex(f.nationalId)));
  if (f.name) {
    const pattern = containsPattern(f.name.trim());
    where.push(sql`(${registrations.nameTh} ilike ${pattern} or ${registrations.nameEn} ilike ${pattern})`);
  }
  return where;
}

/** One page of the queue; oldest first by default, so what has waited longest is seen first. */
export async function listRegistrations(ex: Executor, f: RegistrationFilter, p: PageRequest): Promise<Paged<RegistrationListItem>> {
  const where = and(...conditions(f));
  const order = f.sort === 'oldest'
    ? [asc(registrations.submittedAt), asc(registrations.id)]
    : [desc(registrations.submittedAt), desc(registrations.id)];
  const items = await ex.select({
    id: registrations.id, status: registrations.status, submittedAt: registrations.submittedAt, decidedAt: registrations.decidedAt,
    username: accounts.username, unitCode: accounts.unitCode, unitName: units.name, nationalId: registrations.nationalId,
    nameTh: registrations.nameTh, nameEn: registrations.nameEn, email: registrations.email,
  }).from(registrations)
    .innerJoin(accounts, eq(accounts.id, registrations.accountId))
    .innerJoin(units, eq(units.code, accounts.unitCode))
    .where(where).orderBy(...order).limit(p.pageSize).offset(offsetOf(p));
  const [total] = await ex.select({ n: count() }).from(registrations)
    .innerJoin(accounts, eq(accounts.id, registrations.accountId)).where(where);
  // Officers' lists show the national ID masked; the full number is one audited action away.
  return { items: items.map((r) => ({ ...r, nationalId: r.nationalId && maskNationalId(r.nationalId) })), total: total?.n ?? 0, ...p };
}

const decider = alias(accounts, 'decider');

/** One registration with its account, unit, current holder, decider and document facts (never the content). */
export async function getRegistrationForReview(ex: Executor, id: string) {
  const [row] = await ex.select({
    registration: registrations,
    account: { id: accounts.id, username: accounts.username, kind: accounts.kind, holderPersonId: accounts.holderPersonId },
    unit: unitViewColumns,
    holder: { nationalId: persons.nationalId, title: persons.title, firstNameTh: persons.firstNameTh, middleNameTh: persons.middleNameTh, lastNameTh: persons.lastNameTh },
    decider: { username: decider.username, displayName: decider.displayName },
    document: { id: documents.id, filename: documents.filename, size: documents.size, createdAt: documents.createdAt },
  }).from(registrations)
    .innerJoin(accounts, eq(accounts.id, registrations.accountId))
    .innerJoin(units, eq(units.code, accounts.unitCode))
    .leftJoin(persons, eq(persons.id, accounts.holderPersonId))
    .leftJoin(decider, eq(decider.id, registrations.decidedBy))
    .leftJoin(documents, eq(documents.id, registrations.appointmentDocumentId))
    .where(eq(registrations.id, id));
  return row;
}

/** The appointment PDF of a registration (content included), for the officer's viewer. */
export async function getRegistrationDocument(ex: Executor, registrationId: string) {
  const [row] = await ex.select({ id: documents.id, filename: documents.filename, content: documents.content, accountId: registrations.accountId, nationalId: registrations.nationalId })
    .from(registrations)
    .innerJoin(documents, eq(documents.id, registrations.appointmentDocumentId))
    .where(and(eq(registrations.id, registrationId), eq(documents.kind, 'appointment')));
  return row;
}

/** How many pending registrations were submitted at or after each cutoff, and the oldest one's time. */
export async function pendingRegistrationAges(ex: Executor, cutoffs: Date[]) {
  const buckets = cutoffs.map((c) => sql`(count(*) filter (where ${registrations.submittedAt} >= ${c.toISOString()}::timestamptz))::int`);
  const [row] = await ex.select({
    total: count(),
    oldest: sql<Date | null>`min(${registrations.submittedAt})`.mapWith((v: string | Date | null) => (v ? new Date(v) : null)),
    newerThan: sql<number[]>`array[${sql.join(buckets, sql`, `)}]::int[]`.mapWith(intArray),
  }).from(registrations).where(eq(registrations.status, 'pending'));
  return { total: row?.total ?? 0, oldest: row?.oldest ?? null, newerThan: row?.newerThan ?? cutoffs.map(() => 0) };
}

/** An int[] as the driver hands it over: an array already, or PostgreSQL's text form `{1,2}`. */
function intArray(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  return String(v).replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}
