/**
 * Start the whole system from a configuration: database (migrated, demo units seeded),
 * the development identity provider and mail catcher unless in production, the mail
 * outbox worker, the HTTP server, and on the embedded database the local admin channel. `npm start`, the e2e server and tests share this.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { sealPlainColumns } from '../db/data-keys.ts';
import { openDatabase, type Database } from '../db/index.ts';
import { provenNames } from './domain/proofing.ts';
import { dataKeySources } from './lib/data-key.ts';
import { createApp } from './app.ts';
import { adminFailure, adminSuccess, runAdminCommand } from './cli/admin.ts';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { seedDemoUnits } from './domain/units.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { createLogger } from './lib/log.ts';
import type { DevIdp } from './dev/idp.ts';
import type { MailCatcher } from './dev/mailcatcher.ts';
import type { DemoPortal } from '../examples/portal/server.ts';
import { startOutboxWorker, type OutboxWorker } from './services/mail.ts';
import { startScheduler } from './jobs.ts';
import { cookieKeys, loadSigningKeys } from './domain/oidc-keys.ts';
import { ensureVapidKeys } from './services/vapid.ts';
import { createLiveHub } from './services/live.ts';
import { createMetrics, databaseSources, startMetricsServer } from './services/metrics.ts';
import { openChannelCount } from './http/live-stream.ts';
import { drainable } from './http/drain.ts';
import { createReadiness } from './services/readiness.ts';
import { createProofingClient } from './services/proofing.ts';
import { createPushSender } from './services/push.ts';
import { adminSocketPath, startAdminChannel } from './services/admin-channel.ts';

export const WEB_DIST = fileURLToPath(new URL('../dist', import.meta.url));

export type RunningSystem = {
  config: Config;
  database: Database;
  url: string;
  /** Prometheus /metrics on its own listener, when METRICS_PORT is set. */
  metricsUrl?: string;
  idp?: DevIdp;
  mail?: MailCatcher;
  /** Development: the demo relying portal, signed in through our OpenID Connect provider. */
  portal?: DemoPortal;
  stop(): Promise<void>;
  /**
   * SIGTERM: drain within config.instance.shutdownTimeoutMs. Not ready at once, no new
   * connections, requests in flight finish, live channels end with a retry hint, the outbox and
   * the scheduler finish their current step; then every database connection is released.
   * `clean` is false when the deadline cut something short.
   */
  shutdown(): Promise<{ clean: boolean }>;
};

export async function startSystem(
  base: Config,
  opts: { clock?: Clock; memoryDb?: boolean; database?: Database; devServices?: boolean } = {},
): Promise<RunningSystem> {
  const log = createLogger(base.logLevel);
  const clock = opts.clock ?? systemClock;
  let config = base;
  const stops: Array<() => Promise<void>> = [];

  const devServices = opts.devServices ?? config.dev.services;
  let idp: DevIdp | undefined;
  let mail: MailCatcher | undefined;
  if (devServices && !config.mail.smtpUrl) {
    // Development helpers load only when used, so production never loads smtp-server or the dev provider.
    const { startMailCatcher } = await import('./dev/mailcatcher.ts');
    mail = await startMailCatcher({ smtpPort: config.dev.smtpPort, httpPort: config.dev.mailPort, host: config.host });
    stops.push(() => mail!.close());
    config = { ...config, mail: { ...config.mail, smtpUrl: mail.smtpUrl } };
  }
  if (devServices && !config.proofing.issuer) {
    const clientSecret = config.proofing.clientSecret ?? 'dev-secret-not-for-production';
    const { startDevIdp } = await import('./dev/idp.ts');
    idp = await startDevIdp({
      port: config.dev.idpPort, host: config.host, clientId: config.proofing.clientId, clientSecret,
      redirectUris: [`${config.publicOrigin}/api/proofing/callback`], log,
    });
    stops.push(() => idp!.close());
    config = { ...config, proofing: { ...config.proofing, issuer: idp.issuer, clientSecret } };
  }

  // An in-memory database lives and dies with the process: its keys may too.
  const keys = opts.memoryDb ? undefined : dataKeySources(config, log);
  const database = opts.database ?? (await openDatabase({
    url: config.databaseUrl, listenUrl: config.databaseListenUrl, dataDir: config.dataDir, memory: opts.memoryDb, keys,
    poolSize: config.instance.poolSize, applicationName: `softtoken:${config.instance.name}`,
  }));
  // Past the shutdown deadline, queries still running are not waited for.
  let closeTimeoutSeconds = 5;
  if (!opts.database) stops.push(() => database.close(closeTimeoutSeconds));
  // What an upgrade left in clear (migration 0003) is sealed now, before anyone reads it.
  const sealed = await sealPlainColumns(database.db, { namesOf: provenNames });
  if (sealed) log.info({ rows: sealed }, 'sealed personal data left in clear by the upgrade');
  await seedDemoUnits(database.db);
  config = { ...config, vapid: await ensureVapidKeys(database.db, config) };
  // The OpenID Connect provider's keys exist before the first request (created once, shared by every instance).
  await loadSigningKeys(database.db, clock, config.oidc.keyGraceHours);
  await cookieKeys(database.db);
  if (keys && !opts.database && database.kind === 'pglite') {
    // PGlite admits one process: meanwhile `npm run admin` reaches the database through this server.
    const adminDeps = { config, keys, clock };
    const run = (argv: string[]) => runAdminCommand(database.db, argv, adminDeps).then(adminSuccess, adminFailure);
    const channel = await startAdminChannel({ path: adminSocketPath(config.dataDir), log, run }).catch((err: unknown) => {
      log.warn({ err }, 'admin channel not started: npm run admin cannot run while this server runs');
      return undefined;
    });
    if (channel) stops.unshift(() => channel.close());
  }

  const metrics = createMetrics(config.instance.name, {
    liveChannels: openChannelCount, ...databaseSources(database, config.instance.poolSize),
  }, { processMetrics: true });
  let metricsUrl: string | undefined;
  if (config.metrics.port !== undefined) {
    const served = await startMetricsServer(metrics, { port: config.metrics.port, host: config.metrics.host });
    stops.push(() => served.close());
    log.info({ port: served.port }, 'metrics listening');
    metricsUrl = `http://${config.metrics.host === '0.0.0.0' ? 'localhost' : config.metrics.host}:${served.port}/metrics`;
  }
  // The outbox worker starts once deps (which hold the readiness) exist.
  const outbox: { worker?: OutboxWorker } = {};
  const readiness = createReadiness(database, { outboxStuck: () => outbox.worker?.stuck() ?? false });
  stops.unshift(() => readiness.close());
  const live = createLiveHub(database);
  stops.unshift(() => live.close());
  const push = createPushSender(config, log, clock, { onDelivery: (result) => metrics.push.inc({ result }) });
  // Runs after the server and the outbox worker stopped (registered before them, unshifted after).
  stops.unshift(() => Promise.resolve(push.close()));
  const deps: Deps = { config, database, clock, log, live, proofing: createProofingClient(config), push, metrics, readiness };
  const worker = await startOutboxWorker(deps);
  outbox.worker = worker;
  const stopWorker = () => worker.stop();
  stops.unshift(stopWorker);
  const scheduler = startScheduler(deps);
  const stopScheduler = () => scheduler.stop();
  stops.unshift(stopScheduler);

  const proofingOrigin = config.proofing.issuer ? [new URL(config.proofing.issuer).origin] : [];
  const app = createApp(deps, { webDist: WEB_DIST, extraFormActions: proofingOrigin });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  stops.unshift(closeServer);
  const http = drainable(server as Server);

  let portal: DemoPortal | undefined;
  if (devServices) {
    // After the server listens: the portal reads our discovery document on its first sign-in.
    const { startDevDemoPortal } = await import('./dev/demo-portal.ts');
    portal = await startDevDemoPortal({ database, clock, log, issuer: config.publicOrigin, port: config.dev.portalPort, host: config.host });
    stops.unshift(() => portal!.close());
  }

  return {
    config, database, idp, mail, portal, metricsUrl, url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    async stop() { for (const s of stops) await s().catch((err) => log.warn({ err }, 'stop failed')); },
    async shutdown() {
      const deadlineMs = config.instance.shutdownTimeoutMs;
      log.info({ deadlineMs }, 'shutdown: draining (not ready, no new connections)');
      readiness.drain();
      const drained = Promise.all([
        http.drain().then(({ liveChannels }) => log.info({ liveChannels }, 'shutdown: requests in flight finished, live channels closed')),
        Promise.all([stopWorker(), stopScheduler()]).then(() => log.info('shutdown: mail outbox and scheduler stopped after their current step')),
      ]).then(() => true);
      let timer: NodeJS.Timeout | undefined;
      const clean = await Promise.race([drained, new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), deadlineMs); })]);
      clearTimeout(timer);
      if (!clean) {
        log.warn({ deadlineMs }, 'shutdown: deadline passed, closing what is left');
        http.cut();
        closeTimeoutSeconds = 0;
      }
      const done = new Set([closeServer, stopWorker, stopScheduler]);
      for (const s of stops) if (!done.has(s)) await s().catch((err) => log.warn({ err }, 'stop failed'));
      log.info({ clean }, 'shutdown: database connections released, exiting');
      return { clean };
    },
  };
}
