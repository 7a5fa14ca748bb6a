/** Service requests as officers look at them: the queue, one request with its officers and scan, the waiting counts. */
import { asc, count, desc, eq, inArray, min, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../index.ts';
import { accounts, documents, serviceRequests, type ServiceRequest } from '../schema.ts';
import { offsetOf, type PageRequest, type Paged } from './like.ts';

export type ServiceRequestFilter = { status: 'waiting' | ServiceRequest['status'] | 'all'; sort: 'oldest' | 'newest' };

/** Waiting on officers: submitted (to process) and processed (to review). */
const WAITING: ServiceRequest['status'][] = ['submitted', 'processed'];

function where(f: ServiceRequestFilter): SQL | undefined {
  if (f.status === 'all') return undefined;
  return f.status === 'waiting' ? inArray(serviceRequests.status, WAITING) : eq(serviceRequests.status, f.status);
}

export async function listServiceRequests(ex: Executor, f: ServiceRequestFilter, page: PageRequest): Promise<Paged<ServiceRequest>> {
  const order = f.sort === 'oldest' ? asc(serviceRequests.updatedAt) : desc(serviceRequests.updatedAt);
  const items = await ex.select().from(serviceRequests).where(where(f)).orderBy(order).limit(page.pageSize).offset(offsetOf(page));
  const [{ total } = { total: 0 }] = await ex.select({ total: count() }).from(serviceRequests).where(where(f));
  return { items, total, page: page.page, pageSize: page.pageSize };
}

const processor = alias(accounts, 'processor');
const reviewer = alias(accounts, 'reviewer');

export type OfficerName = { username: string; displayName: string | null };

/** One request with the officers who processed and reviewed it, in one query. */
export async function getServiceRequestWithOfficers(ex: Executor, id: string) {
  const [row] = await ex.select({
    request: serviceRequests,
    processedBy: { username: processor.username, displayName: processor.displayName },
    reviewedBy: { username: reviewer.username, displayName: reviewer.displayName },
  }).from(serviceRequests)
    .leftJoin(processor, eq(processor.id, serviceRequests.processedBy))
    .leftJoin(reviewer, eq(reviewer.id, serviceRequests.reviewedBy))
    .where(eq(serviceRequests.id, id));
  if (!row) return undefined;
  const name = (o: { username: string | null; displayName: string | null } | null): OfficerName | null =>
    o?.username ? { username: o.username, displayName: o.displayName } : null;
  return { request: row.request, processedByOfficer: name(row.processedBy), reviewedByOfficer: name(row.reviewedBy) };
}

/** The signed scan of a request (content included), for the officer's viewer. */
export async function getServiceRequestScan(ex: Executor, id: string) {
  const [row] = await ex.select({ id: documents.id, filename: documents.filename, content: documents.content, accountId: serviceRequests.accountId })
    .from(serviceRequests)
    .innerJoin(documents, eq(documents.id, serviceRequests.scanDocumentId))
    .where(eq(serviceRequests.id, id));
  return row;
}

/** For the dashboard: how many wait, the oldest, and how many arrived after each cutoff. */
export async function waitingServiceRequestAges(ex: Executor, cutoffs: Date[]) {
  const [row] = await ex.select({
    total: count(), oldest: min(serviceRequests.updatedAt),
    ...Object.fromEntries(cutoffs.map((c, i) => [`n${i}`, sql<number>`count(*) filter (where ${serviceRequests.updatedAt} >= ${c.toISOString()}::timestamptz)::int`])),
  }).from(serviceRequests).where(inArray(serviceRequests.status, WAITING));
  const r = row as Record<string, unknown> & { total: number; oldest: Date | string | null };
  return {
    total: Number(r.total),
    oldest: r.oldest ? new Date(r.oldest) : null,
    newerThan: cutoffs.map((_, i) => Number(r[`n${i}`] ?? 0)),
  };
}
