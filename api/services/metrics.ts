/**
 * What an operator watches (Prometheus text format, `prom-client`): one registry per running
 * system, so tests and several systems in one process never mix their figures. Counters are
 * this instance's; gauges read from the database (mail outbox) are the same on every instance.
 * Served at /metrics on METRICS_PORT, or on the main port behind METRICS_TOKEN (docs/operations.md).
 */
import { createServer } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type LoginOutcome = 'started' | 'approved' | 'denied' | 'expired';
export type PushOutcome = 'sent' | 'failed' | 'dead';

/** Figures read when scraped, from parts that keep them (the open live channels of this process). */
export type MetricSources = { liveChannels?: () => number };

export function createMetrics(instance: string, sources: MetricSources = {}) {
  const registry = new Registry();
  registry.setDefaultLabels({ instance });
  const registers = [registry];
  return {
    registry,
    /** Every API request: its route pattern (never the raw path: ids would explode the series), method and status. */
    httpRequests: new Histogram({
      name: 'softtoken_http_request_duration_seconds', help: 'API requests by route pattern, method and status',
      labelNames: ['route', 'method', 'status'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    }),
    /** Desktop logins (and renewals) through picture matching: started, then approved, denied or expired. */
    logins: new Counter({ name: 'softtoken_logins_total', help: 'Login requests by outcome', labelNames: ['outcome'] as const, registers }),
    /** Web Push deliveries per subscription: sent, failed (after its retries), dead (404/410: subscription gone). */
    push: new Counter({ name: 'softtoken_push_total', help: 'Web Push deliveries by result', labelNames: ['result'] as const, registers }),
    /** Live channels (SSE) open on this instance. */
    liveChannels: new Gauge({
      name: 'softtoken_live_channels_open', help: 'Live channels (Server-Sent Events) open on this instance', registers,
      collect() { if (sources.liveChannels) this.set(sources.liveChannels()); },
    }),
    registers,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

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
