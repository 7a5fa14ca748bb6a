/** An API app on a test database, called in-process with app.request(). */
import type { Database } from '../../db/index.ts';
import { createApp } from '../../api/app.ts';
import { loadConfig, type Config } from '../../api/config.ts';
import type { Deps } from '../../api/deps.ts';
import { manualClock } from '../../api/lib/clock.ts';
import { createLogger } from '../../api/lib/log.ts';
import { createLiveHub } from '../../api/services/live.ts';
import { createMetrics, databaseSources } from '../../api/services/metrics.ts';
import { createProofingClient } from '../../api/services/proofing.ts';
import { createPushSender, type PushSenderOptions } from '../../api/services/push.ts';
import { createReadiness } from '../../api/services/readiness.ts';
import { browserRequest } from './browser-request.ts';

export const TEST_ORIGIN = 'http://localhost:3000';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PUBLIC_ORIGIN: TEST_ORIGIN, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env });
}

export function createTestApp(
  database: Database, env: Record<string, string> = {},
  opts: { /** the test push service's certificate, timeouts and retries of Web Push (fault tests) */ push?: Omit<PushSenderOptions, 'onDelivery'> } = {},
) {
  const clock = manualClock(new Date('2026-11-25T03:00:00Z'));
  const config = testConfig(env);
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const metrics = createMetrics(config.instance.name, databaseSources(database, config.instance.poolSize));
  const deps: Deps = {
    config, database, clock, log, live: createLiveHub(database), proofing: createProofingClient(config),
    push: createPushSender(config, log, clock, { ...opts.push, onDelivery: (result) => metrics.push.inc({ result }) }),
    metrics, readiness: createReadiness(database),
  };
  const app = createApp(deps);
  /** A same-origin browser request: Origin set, JSON body when given. */
  const request = browserRequest(TEST_ORIGIN, (path, init) => Promise.resolve(app.request(path, init)));
  return { app, deps, clock, request };
}
