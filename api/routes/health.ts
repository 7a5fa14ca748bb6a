import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { errorBody } from '../errors.ts';

/** GET /api/health: liveness only. The process answers; no database work, so a database outage never restarts it. */
export const healthRoutes = new Hono<AppEnv>().get('/', (c) => c.json({ status: 'ok', database: c.var.deps.database.kind }));

/**
 * GET /api/ready: what a load balancer probes. 200 when this instance can serve: database up,
 * migrations current, LISTEN connection delivering, mail outbox moving, not shutting down;
 * otherwise 503. Either way the body names each check's state (docs/operations.md).
 */
export const readyRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { ready, checks } = await c.var.deps.readiness.check();
  if (ready) return c.json({ status: 'ready', checks });
  // Also the error body every page words (the login page's status line reads this endpoint).
  return c.json({ status: 'not_ready', checks, ...errorBody('unavailable', c.var.lang ?? 'th').body }, 503);
});
