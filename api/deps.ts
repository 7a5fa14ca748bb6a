/** What the application is built from: configuration, database, clock, log and the outside services. */
import type { Database } from '../db/index.ts';
import type { Config } from './config.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/log.ts';
import type { LiveHub } from './services/live.ts';
import type { Metrics } from './services/metrics.ts';
import type { ProofingClient } from './services/proofing.ts';
import type { PushSender } from './services/push.ts';
import type { Readiness } from './services/readiness.ts';

export type Deps = {
  config: Config;
  database: Database;
  clock: Clock;
  log: Logger;
  live: LiveHub;
  proofing: ProofingClient;
  push: PushSender;
  metrics: Metrics;
  /** /api/ready's checks, and whether this instance is shutting down. */
  readiness: Readiness;
};
