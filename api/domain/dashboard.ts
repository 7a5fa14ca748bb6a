/**
 * The officer dashboard: how much work waits and for how long, per queue.
 * Each queue reports its total, its oldest item and counts by age band.
 */
import type { Executor } from '../../db/index.ts';
import { pendingRegistrationAges } from '../../db/queries/registrations.ts';
import { waitingServiceRequestAges } from '../../db/queries/service-requests.ts';
import type { Clock } from '../lib/clock.ts';

/** Age bands, in days waited: under 1, 1–3, 3–7, 7 and more. */
export const AGE_BANDS = ['under1d', 'd1to3', 'd3to7', 'over7d'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
const BAND_LIMIT_DAYS = [1, 3, 7];

export type QueueKey = 'registrations' | 'service_requests';

export type WaitingQueue = {
  key: QueueKey;
  total: number;
  oldestAt: Date | null;
  bands: Array<{ band: AgeBand; count: number }>;
};

type QueueSource = {
  key: QueueKey;
  /** Total, oldest, and how many arrived at or after each cutoff (newest cutoff first). */
  ages(ex: Executor, cutoffs: Date[]): Promise<{ total: number; oldest: Date | null; newerThan: number[] }>;
};

/** Every queue on the dashboard; a new queue is one more entry here (the page draws whatever queues arrive). */
export const WAITING_QUEUES: QueueSource[] = [
  { key: 'registrations', ages: pendingRegistrationAges },
  { key: 'service_requests', ages: waitingServiceRequestAges },
];

export async function getWaitingWork(ex: Executor, clock: Clock): Promise<WaitingQueue[]> {
  const now = clock.now().getTime();
  const cutoffs = BAND_LIMIT_DAYS.map((d) => new Date(now - d * 86_400_000));
  return Promise.all(WAITING_QUEUES.map(async (q) => {
    const { total, oldest, newerThan } = await q.ages(ex, cutoffs);
    const [d1 = 0, d3 = 0, d7 = 0] = newerThan;
    const counts = [d1, d3 - d1, d7 - d3, total - d7];
    return { key: q.key, total, oldestAt: oldest, bands: AGE_BANDS.map((band, i) => ({ band, count: counts[i]! })) };
  }));
}
