/**
 * The database client: PostgreSQL through postgres.js when a URL is given, otherwise the
 * embedded PGlite (persisted in a data directory, or in memory for tests). Both speak the
 * same SQL, run the same migrations and carry LISTEN/NOTIFY for live updates.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { randomBytes } from 'node:crypto';
import { DATA_KEYS_CHANNEL, loadDataKeys } from './data-keys.ts';
import * as schema from './schema.ts';
import { localKeySource, type KeySource } from './sealing.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: domain functions accept both. */
export type Executor = Db | Tx;

export type Database = {
  db: Db;
  kind: 'postgres' | 'pglite';
  /**
   * Subscribe to a NOTIFY channel; returns the unsubscribe function. `onResubscribed` runs when
   * the listening connection came back after a loss (database restart): whatever was notified
   * meanwhile is gone, so the subscriber should re-read.
   */
  listen(channel: string, onPayload: (payload: string) => void, onResubscribed?: () => void): Promise<() => Promise<void>>;
  /** Release every connection, the LISTEN one too; queries still running get `timeoutSeconds` (PostgreSQL). */
  close(timeoutSeconds?: number): Promise<void>;
};

export type DatabaseOptions = {
  url?: string; dataDir?: string; memory?: boolean;
  /** The key-encryption key of the data keys (and the previous one while it changes); see db/sealing.ts. */
  keys?: { source: KeySource; previous?: KeySource };
  /**
   * PostgreSQL only: called with each statement as the application gives it to postgres.js (tests
   * and the bench count a flow's statements, transactions and round trips with it), and the
   * transaction it belongs to: a number of its own for a statement outside one, and for each
   * BEGIN … COMMIT, whose `begin` and `commit` (or `rollback`) are reported too. Not postgres.js's
   * own `debug` hook: that one has every query capture a stack trace, a cost the bench then
   * measured as the server's.
   */
  onQuery?: (transaction: number, statement: string, parameters: unknown[]) => void;
  /** PostgreSQL only: pooled connections (the LISTEN connection is extra), and the name shown in pg_stat_activity. */
  poolSize?: number;
  applicationName?: string;
  /**
   * PostgreSQL only: where the LISTEN connection goes when `url` is a transaction-mode pooler
   * (PgBouncer), which cannot keep a session's LISTEN. Default: `url`.
   */
  listenUrl?: string;
};

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const database = opts.url ? await openPostgres(opts.url, opts) : await openPglite(opts);
  const { source, previous } = opts.keys ?? { source: throwawayKeySource() };
  await loadDataKeys(database.db, source, previous);
  // Another instance rotated the data key: take it up, so what it seals can be read here.
  await database.listen(DATA_KEYS_CHANNEL, () => { loadDataKeys(database.db, source, previous).catch(() => {}); });
  return database;
}

let throwaway: { key: Buffer; source: KeySource } | undefined;
/** Tests and throwaway databases only: a key-encryption key that lives as long as this process. */
export function throwawayKeySource(): KeySource {
  return throwawayKey().source;
}

/** The throwaway key itself, for a test that hands it to the admin CLI as DATA_KEY. */
export function throwawayKey(): { key: Buffer; source: KeySource } {
  if (!throwaway) {
    const key = randomBytes(32);
    throwaway = { key, source: localKeySource(key) };
  }
  return throwaway;
}

async function openPostgres(url: string, opts: Pick<DatabaseOptions, 'onQuery' | 'poolSize' | 'applicationName' | 'listenUrl'>): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const name = (suffix: string) => (opts.applicationName ? { connection: { application_name: opts.applicationName + suffix } } : {});
  const client = postgres(url, {
    max: opts.poolSize ?? 10, onnotice: () => {},
    ...name(''),
    // After the server restarts, reconnect within a second or two: postgres.js's default backoff
    // grows to 10–20 s after a few failed tries, during which requests wait and LISTEN stays
    // deaf. The LISTEN connection (which re-subscribes by itself) uses the same settings.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 2),
    // A server that does not answer at all (network down) fails the request in bounded time.
    connect_timeout: 10,
  });
  // postgres.js LISTENs on one dedicated connection per client, for every channel; with a listen
  // URL that connection belongs to a client of its own, which opens nothing else.
  const listener = opts.listenUrl
    ? postgres(opts.listenUrl, { max: 1, onnotice: () => {}, ...name(':listen'), backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 2), connect_timeout: 10 })
    : client;
  const db = drizzle(preparing(client, opts.onQuery), { schema });
  await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    async listen(channel, onPayload, onResubscribed) {
      // postgres.js re-subscribes by itself when the connection comes back, but keeps a listener
      // whose first LISTEN failed (server down; the caller got an error and subscribes again) and,
      // after a reconnect, one that was unlistened: those leftovers must stay silent.
      let active = true;
      let first = true;
      const onListen = () => {
        if (first) first = false;
        else if (active) onResubscribed?.();
      };
      try {
        const sub = await listener.listen(channel, (payload) => { if (active) onPayload(payload); }, onListen);
        return async () => { active = false; await sub.unlisten(); };
      } catch (err) {
        active = false;
        throw err;
      }
    },
    close: async (timeoutSeconds = 5) => {
      await Promise.all([client.end({ timeout: timeoutSeconds }), listener !== client && listener.end({ timeout: timeoutSeconds })]);
    },
  };
}

type PostgresClient = import('postgres').Sql;

/** Statements with more parameters than this are bulk writes: see preparing(). */
const BULK_PARAMETERS = 200;

/**
 * drizzle asks postgres.js for an unnamed statement unless a query was `.prepare()`d by name, so
 * every statement with parameters took two round trips (Parse and Describe, then Bind and Execute),
 * was parsed and planned anew each time, and nothing could be pipelined behind it. This lets
 * postgres.js keep a named statement per connection and query text (its own default), in
 * transactions and savepoints too: one round trip a statement, and statements sent together
 * (Promise.all in a transaction) share one. Bulk statements (an import, many rows at once) stay
 * unnamed: rare, and each row count would be one more statement kept by the connection (until
 * postgres.js recycles it, within the hour). PgBouncer: see docs/operations.md. Each statement,
 * and each transaction's BEGIN and its end, is reported to `onQuery` when there is one.
 */
function preparing(client: PostgresClient, onQuery?: DatabaseOptions['onQuery'], transaction?: number): PostgresClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: object) => {
          onQuery?.(transaction ?? ++transactions, query, params ?? []);
          return target.unsafe(query, params as never, { ...options, prepare: (params?.length ?? 0) <= BULK_PARAMETERS });
        };
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (scoped: PostgresClient) => unknown;
          const start = Reflect.get(target, property, receiver) as (...a: unknown[]) => Promise<unknown>;
          // A savepoint is part of its transaction.
          if (property === 'savepoint' || !onQuery) return start.call(target, ...args, (scoped: PostgresClient) => fn(preparing(scoped, onQuery, transaction)));
          const id = ++transactions;
          onQuery(id, 'begin', []);
          return start.call(target, ...args, (scoped: PostgresClient) => fn(preparing(scoped, onQuery, id))).then(
            (result) => { onQuery(id, 'commit', []); return result; },
            (err: unknown) => { onQuery(id, 'rollback', []); throw err; },
          );
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
/** Numbers the transactions reported to onQuery (a statement outside one is one). */
let transactions = 0;

async function openPglite(opts: DatabaseOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let dir: string | undefined;
  let unlock = () => {};
  if (!opts.memory) {
    if (!opts.dataDir) throw new Error('DATA_DIR is required for the embedded database');
    dir = join(opts.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(dir);
  }
  const client = new PGlite(dir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    async listen(channel, onPayload) {
      const unsub = await client.listen(channel, onPayload);
      return unsub;
    },
    close: async () => { await client.close(); unlock(); },
  };
}

export class DatabaseInUseError extends Error {}

/**
 * PGlite is one process's database: a second process opening the same directory would
 * corrupt it. A lock file with the owner's pid refuses that with a clear message.
 */
function lockDataDir(dir: string): () => void {
  const lock = join(dir, '..', 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lock, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseInUseError(`The embedded database in ${dir} is in use by process ${pid}. Stop it first, or use PostgreSQL (DATABASE_URL).`);
      }
      rmSync(lock, { force: true }); // left behind by a process that is gone
    }
  }
  throw new DatabaseInUseError(`Cannot lock the embedded database in ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** NOTIFY listeners; inside a transaction it is delivered on commit. */
export async function notify(ex: Executor, channel: string, payload: string): Promise<void> {
  await ex.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/** Throws when the database does not answer (the health check). */
export async function pingDatabase(ex: Executor): Promise<void> {
  await ex.execute(sql`select 1`);
}

/** The rows of a raw query, whichever driver ran it (postgres.js answers an array, PGlite `{ rows }`). */
export async function rawRows(ex: Executor, query: SQL): Promise<Record<string, unknown>[]> {
  const result: unknown = await ex.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
}
