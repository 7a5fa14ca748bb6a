/**
 * Readiness (/api/ready): may the load balancer send this instance work? One statement checks
 * the database answers and its migrations are the ones this build expects; the NOTIFY it sends on a channel of this instance's own must come back through the
 * LISTEN connection, which proves live updates reach this instance now. Shutting down ("draining")
 * is not ready either, nor is an instance whose mail outbox worker is wedged. The shared queue's
 * age is a metric to alert on, not a readiness check: mail late everywhere must not take every
 * instance, and every login with it, out of the load balancer. Concurrent probes share one round trip.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/index.ts';
import { BUILD_MIGRATION, readReadinessFacts } from '../../db/queries/readiness.ts';

/** A load balancer's probe waits about this long at most. */
const TIMEOUT_MS = 2_000;

export type ReadinessChecks = {
  database: 'up' | 'down';
  /** `pending`: this build has migrations the database lacks; `newer`: the database has a newer build's. */
  migrations: 'current' | 'pending' | 'newer' | 'unknown';
  listen: 'up' | 'down' | 'unknown';
  outbox: 'ok' | 'stuck' | 'unknown';
  draining: boolean;
};

export type ReadinessReport = { ready: boolean; checks: ReadinessChecks };

export type Readiness = {
  check(): Promise<ReadinessReport>;
  /** From now on not ready: the instance is shutting down. */
  drain(): void;
  readonly draining: boolean;
  close(): Promise<void>;
};

export function createReadiness(database: Database, opts: { timeoutMs?: number; outboxStuck?: () => boolean } = {}): Readiness {
  const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;
  // Of this instance alone, so instances do not hear each other's probes.
  const channel = `ready_${randomBytes(6).toString('hex')}`;
  const waiting = new Map<string, () => void>();
  let listening: Promise<() => Promise<void>> | undefined;
  let inFlight: Promise<ReadinessReport> | undefined;
  let draining = false;

  const subscribe = () => {
    if (!listening) {
      const started = database.listen(channel, (payload) => waiting.get(payload)?.());
      // A LISTEN that failed (database down) is tried again at the next probe.
      started.catch(() => { if (listening === started) listening = undefined; });
      listening = started;
    }
    return listening;
  };

  async function probe(): Promise<ReadinessReport> {
    const payload = randomBytes(8).toString('hex');
    const heard = new Promise<true>((resolve) => waiting.set(payload, () => resolve(true)));
    const began = Date.now();
    const deadline = began + timeoutMs;
    try {
      // Subscribed before the NOTIFY is sent, or it could not be heard; half the time at most,
      // so the database still gets its answer in when the LISTEN cannot be made.
      const subscribed = await within(subscribe().then(() => true, () => false), began + timeoutMs / 2);
      const facts = await within(readReadinessFacts(database.db, { channel, payload }).catch(() => undefined), deadline);
      if (!facts) return report({ database: 'down', migrations: 'unknown', listen: subscribed ? 'unknown' : 'down', outbox: 'unknown' });
      const listen = subscribed && (await within(heard, deadline)) ? 'up' : 'down';
      const migrations = facts.newestMigration === BUILD_MIGRATION ? 'current'
        : facts.newestMigration === undefined || facts.newestMigration < BUILD_MIGRATION ? 'pending' : 'newer';
      return report({ database: 'up', migrations, listen, outbox: opts.outboxStuck?.() ? 'stuck' : 'ok' });
    } finally {
      waiting.delete(payload);
    }
  }

  function report(checks: Omit<ReadinessChecks, 'draining'>): ReadinessReport {
    const all = { ...checks, draining };
    // A newer build's migrations only add (docs/operations.md), so this build still works on them.
    const ready = all.database === 'up' && (all.migrations === 'current' || all.migrations === 'newer') && all.listen === 'up' && all.outbox === 'ok' && !draining;
    return { ready, checks: all };
  }

  // At once, while the database is surely up; postgres.js re-subscribes it after a loss.
  subscribe().catch(() => {});

  return {
    check() {
      inFlight ??= probe().finally(() => { inFlight = undefined; });
      return inFlight;
    },
    drain() { draining = true; },
    get draining() { return draining; },
    async close() {
      const started = listening;
      listening = undefined;
      await started?.then((unlisten) => unlisten()).catch(() => {});
    },
  };
}

/** The promise's value, or undefined once `deadline` (epoch ms) has passed. */
async function within<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now())); });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
