/** Service requests as officers look at them: the queue and the waiting counts. */
import { asc, count, desc, eq, inArray, min, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../index.ts';
import { serviceRequests, type ServiceRequest } from '../schema.ts';
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
