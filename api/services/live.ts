/**
 * Live updates across API instances: PostgreSQL NOTIFY is the source (any instance can
 * publish), and each instance keeps one LISTEN per channel and fans the payloads out to
 * its own open connections (SSE). Payloads are `key` or `key:detail`; subscribers filter
 * by key (an account id for registration changes, a login request id, …).
 */
import type { Database, Executor } from '../../db/index.ts';
import { notify } from '../../db/index.ts';
import { sql, type Placeholder, type SQL } from 'drizzle-orm';

export const CHANNELS = ['registration', 'login_request', 'officer_queue'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Called with each payload's detail for its key; called with an empty detail after the
 * LISTEN connection was lost and came back (a database restart), when updates may have been
 * missed: the subscriber re-reads what it shows.
 */
type Listener = (detail: string) => void;

export type LiveHub = {
  subscribe(channel: Channel, key: string, listener: Listener): Promise<() => void>;
  close(): Promise<void>;
};

export function createLiveHub(database: Database): LiveHub {
  const listeners = new Map<Channel, Map<string, Set<Listener>>>();
  const started = new Map<Channel, Promise<() => Promise<void>>>();

  function dispatch(channel: Channel, payload: string) {
    const sep = payload.indexOf(':');
    const key = sep < 0 ? payload : payload.slice(0, sep);
    const detail = sep < 0 ? '' : payload.slice(sep + 1);
    for (const l of listeners.get(channel)?.get(key) ?? []) l(detail);
    for (const l of listeners.get(channel)?.get('*') ?? []) l(payload);
  }

  /** Every subscriber of the channel, whatever its key: "you may have missed something". */
  function resync(channel: Channel) {
    for (const set of listeners.get(channel)?.values() ?? []) for (const l of set) l('');
  }

  return {
    async subscribe(channel, key, listener) {
      if (!started.has(channel)) {
        const listening = database.listen(channel, (p) => dispatch(channel, p), () => resync(channel));
        // A LISTEN that failed (database down at that moment) must not stay cached: the next
        // subscriber tries again instead of this channel being dead until the API restarts.
        listening.catch(() => { if (started.get(channel) === listening) started.delete(channel); });
        started.set(channel, listening);
      }
      await started.get(channel);
      const byKey = listeners.get(channel) ?? new Map<string, Set<Listener>>();
      listeners.set(channel, byKey);
      const set = byKey.get(key) ?? new Set<Listener>();
      byKey.set(key, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) byKey.delete(key);
      };
    },
    async close() {
      for (const p of started.values()) await p.then((unlisten) => unlisten()).catch(() => {});
      started.clear();
      listeners.clear();
    },
  };
}

/** What subscribers of `key` receive with `detail`. */
export const livePayload = (key: string, detail = '') => (detail ? `${key}:${detail}` : key);

/** Publish a change; inside a transaction it is sent on commit. */
export function publish(ex: Executor, channel: Channel, key: string, detail = ''): Promise<void> {
  return notify(ex, channel, livePayload(key, detail));
}

/**
 * The same as an expression, for the RETURNING of the one-row statement that makes the change:
 * published with it and no statement of its own (sent on commit, once per row returned). In a
 * statement built once (db/reusable.ts), `key` is a placeholder whose value is livePayload(key, detail).
 */
export function publishing(channel: Channel, key: string | Placeholder, detail = ''): SQL<string> {
  return sql<string>`pg_notify(${channel}, ${typeof key === 'string' ? livePayload(key, detail) : key})::text`;
}
