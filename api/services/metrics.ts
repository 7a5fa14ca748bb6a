/**
 * What an operator watches (Prometheus text format, `prom-client`): one registry per running
 * system, so tests and several systems in one process never mix their figures. Counters are
 * this instance's; gauges read from the database (mail outbox) are the same on every instance.
 * Served at /metrics on METRICS_PORT, or on the main port behind METRICS_TOKEN (docs/operations.md).
 */
import { createServer } from 'node:http';
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { rawRows, type Database } from '../../db/index.ts';

export type LoginOutcome = 'started' | 'approved' | 'denied' | 'expired';
export type LoginPurpose = 'login' | 'renew' | 'revoke' | 'export';
export type PushOutcome = 'sent' | 'failed' | 'dead';

export type OutboxBacklog = { depth: number; oldestSeconds: number };
export type PoolConnections = { inUse: number; idle: number; listen: number };

/** Figures read when scraped, from the parts that keep them. */
export type MetricSources = {
  /** The open live channels of this process. */
  liveChannels?: () => number;
  /** Unsent mail, database-wide. */
  outbox?: () => Promise<OutboxBacklog>;
  /** This instance's database connections (PostgreSQL only), and the pool's ceiling. */
  connections?: () => Promise<PoolConnections>;
  poolSize?: number;
};

export type MetricOptions = {
  /**
   * Process memory, CPU, handles, GC and event-loop lag. Off by default: each registry that has
   * them keeps its own event-loop monitor running for the life of the process, which a running
   * system wants and a test app built per test does not.
   */
  processMetrics?: boolean;
};

// Samples the event loop 50 times a second: a blocked loop shows in full whatever the resolution.
const EVENT_LOOP_RESOLUTION_MS = 20;

const LOGIN_OUTCOMES: LoginOutcome[] = ['started', 'approved', 'denied', 'expired'];
const LOGIN_PURPOSES: LoginPurpose[] = ['login', 'renew', 'revoke', 'export'];
const PUSH_OUTCOMES: PushOutcome[] = ['sent', 'failed', 'dead'];

export function createMetrics(instance: string, sources: MetricSources = {}, opts: MetricOptions = {}) {
  const registry = new Registry();
  registry.setDefaultLabels({ instance });
  const registers = [registry];
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });

  const logins = new Counter({
    name: 'softtoken_logins_total', help: 'Login requests (phone approval) handled by this instance, by outcome and purpose',
    labelNames: ['outcome', 'purpose'] as const, registers,
  });
  const push = new Counter({ name: 'softtoken_push_total', help: 'Web Push deliveries by result', labelNames: ['result'] as const, registers });
  // Every series exists from the start, so rate() and alerts see a zero rather than nothing.
  for (const outcome of LOGIN_OUTCOMES) for (const purpose of LOGIN_PURPOSES) logins.inc({ outcome, purpose }, 0);
  for (const result of PUSH_OUTCOMES) push.inc({ result }, 0);

  if (sources.outbox) {
    const read = sources.outbox;
    // One query answers both gauges: the depth's collect reads it, the age's awaits the same answer.
    // The database away: NaN (unknown), never a reassuring 0; the rest of the scrape is served.
    let pending: Promise<OutboxBacklog | undefined> | undefined;
    // (registry.metrics() calls every collect in the same tick, so the second finds the first's query.)
    const backlog = () => (pending ??= read().then((b) => b, () => undefined).finally(() => { pending = undefined; }));
    new Gauge({
      name: 'softtoken_mail_outbox_depth', help: 'Mail not yet sent (queued or waiting for a retry); database-wide, the same on every instance', registers,
      async collect() { const b = await backlog(); this.set(b ? b.depth : Number.NaN); },
    });
    new Gauge({
      name: 'softtoken_mail_outbox_oldest_age_seconds', help: 'Age of the oldest unsent mail (0 when none); database-wide, the same on every instance', registers,
      async collect() { const b = await backlog(); this.set(b ? b.oldestSeconds : Number.NaN); },
    });
  }
  if (sources.connections) {
    const read = sources.connections;
    new Gauge({
      name: 'softtoken_db_connections', help: 'Database connections of this instance by state: in_use and idle in the pool, listen (LISTEN/NOTIFY, outside the pool)',
      labelNames: ['state'] as const, registers,
      async collect() {
        // The database being away must not cost the whole scrape: these series are left out instead.
        const c = await read().catch(() => undefined);
        this.reset();
        if (c) { this.set({ state: 'in_use' }, c.inUse); this.set({ state: 'idle' }, c.idle); this.set({ state: 'listen' }, c.listen); }
      },
    });
  }
  if (sources.poolSize !== undefined) {
    new Gauge({ name: 'softtoken_db_pool_size', help: 'Pooled database connections this instance may open (DB_POOL_SIZE)', registers }).set(sources.poolSize);
  }

  return {
    registry,
    /** Every API request: its route pattern (never the raw path: ids would explode the series), method and status. */
    httpRequests: new Histogram({
      name: 'softtoken_http_request_duration_seconds', help: 'API requests by route pattern, method and status',
      labelNames: ['route', 'method', 'status'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    }),
    /** Requests for the phone's approval (login, renewal, self-revocation, data export): started, then approved, denied or expired. */
    logins,
    /** Web Push deliveries per subscription: sent, failed (after its retries), dead (404/410: subscription gone). */
    push,
    /** Live channels (SSE) open on this instance. */
    liveChannels: new Gauge({
      name: 'softtoken_live_channels_open', help: 'Live channels (Server-Sent Events) open on this instance', registers,
      collect() { if (sources.liveChannels) this.set(sources.liveChannels()); },
    }),
    registers,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Unsent mail and the age of the oldest, by the database's clock (as the outbox itself keeps time). */
async function outboxBacklog(database: Database): Promise<OutboxBacklog> {
  // mail_outbox_due_idx leads with sent_at: the unsent rows are found without reading the sent ones.
  const [row] = await rawRows(database.db, sql`
    select count(*)::int as depth, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
    from mail_outbox where sent_at is null`);
  return { depth: Number(row?.depth ?? 0), oldestSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
}

/**
 * This instance's connections as PostgreSQL sees them: its application_name (`softtoken:<instance>`,
 * set by api/server.ts) in this database. The LISTEN connection is the one whose last statement was
 * (UN)LISTEN; the connection running this query is left out, so a scrape does not count itself.
 */
async function poolConnections(database: Database): Promise<PoolConnections> {
  const [row] = await rawRows(database.db, sql`
    select
      count(*) filter (where query ~* '^[[:space:]]*(un)?listen[[:space:]]')::int as listen,
      count(*) filter (where query !~* '^[[:space:]]*(un)?listen[[:space:]]' and state = 'idle')::int as idle,
      count(*) filter (where query !~* '^[[:space:]]*(un)?listen[[:space:]]' and state <> 'idle')::int as in_use
    from pg_stat_activity
    where datname = current_database() and application_name = current_setting('application_name') and pid <> pg_backend_pid()`);
  return { inUse: Number(row?.in_use ?? 0), idle: Number(row?.idle ?? 0), listen: Number(row?.listen ?? 0) };
}

/** The database's figures: the outbox everywhere; connections and pool size on PostgreSQL (PGlite has no pool). */
export function databaseSources(database: Database, poolSize: number): MetricSources {
  const outbox = () => outboxBacklog(database);
  return database.kind === 'postgres' ? { outbox, connections: () => poolConnections(database), poolSize } : { outbox };
}

/** /metrics on its own listener (METRICS_PORT): never the public port, so no token is needed. */
export async function startMetricsServer(metrics: Metrics, opts: { port: number; host: string }): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(opts.port, opts.host, resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
