/**
 * Login requests expire at their `expiresAt`, by one timer per API instance rather than one per
 * waiting desktop: the live channels register the request they wait on, the timer is armed for
 * the earliest, and when it fires one UPDATE expires every request then due. Its NOTIFY wakes the
 * channels on every instance; the UPDATE is conditional, so instances racing on it agree.
 */
import type { Deps } from '../deps.ts';
import { expireLoginRequests } from '../domain/login-requests.ts';
import type { Clock } from '../lib/clock.ts';

/** Past the deadline before the timer runs, so the database's clock agrees it is due. */
const SLACK_MS = 50;
/** After a failed UPDATE (database away), the due requests are tried again this much later. */
const RETRY_MS = 5_000;
/** setTimeout's ceiling. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export type Deadlines = {
  /** Run the task for `key` once `at` has come (a key registered twice keeps its earliest time). */
  add(key: string, at: Date): void;
  /** Stop the timer (the instance shuts down). */
  stop(): void;
};

/** One timer for many deadlines: `onDue` gets every key due when it fires. */
export function createDeadlines(clock: Clock, onDue: (keys: string[]) => Promise<void>): Deadlines {
  const due = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let armedFor = Number.POSITIVE_INFINITY;

  function arm(at: number) {
    if (at >= armedFor) return;
    if (timer) clearTimeout(timer);
    armedFor = at;
    timer = setTimeout(fire, Math.min(Math.max(0, at - clock.now().getTime()) + SLACK_MS, MAX_DELAY_MS));
    timer.unref();
  }

  function fire() {
    timer = undefined;
    armedFor = Number.POSITIVE_INFINITY;
    const now = clock.now().getTime();
    const keys: string[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [key, at] of due) {
      if (at <= now) keys.push(key);
      else next = Math.min(next, at);
    }
    for (const key of keys) due.delete(key);
    if (next < Number.POSITIVE_INFINITY) arm(next);
    if (!keys.length) return;
    onDue(keys).catch(() => {
      const retryAt = clock.now().getTime() + RETRY_MS;
      for (const key of keys) due.set(key, Math.min(due.get(key) ?? retryAt, retryAt));
      arm(retryAt);
    });
  }

  return {
    add(key, at) {
      const t = at.getTime();
      if (t >= (due.get(key) ?? Number.POSITIVE_INFINITY)) return;
      due.set(key, t);
      arm(t);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      armedFor = Number.POSITIVE_INFINITY;
      due.clear();
    },
  };
}

const perInstance = new WeakMap<Deps, Deadlines>();

/** This instance's login-request expiry: one timer, one UPDATE per batch of due requests. */
export function loginRequestExpiry(deps: Deps): Deadlines {
  let deadlines = perInstance.get(deps);
  if (!deadlines) {
    const { database, clock, log, metrics } = deps;
    deadlines = createDeadlines(clock, async (ids) => {
      try {
        const expired = await database.db.transaction((tx) => expireLoginRequests(tx, clock, ids));
        // Only the rows this instance's UPDATE changed: N instances racing never count one twice.
        for (const { purpose } of expired) metrics.logins.inc({ outcome: 'expired', purpose });
      } catch (err) {
        log.warn({ err }, 'login requests: expiry failed, trying again');
        throw err;
      }
    });
    perInstance.set(deps, deadlines);
  }
  return deadlines;
}
