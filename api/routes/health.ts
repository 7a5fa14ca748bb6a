import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';

/** GET /api/health: liveness only. The process answers; no database work, so a database outage never restarts it. */
export const healthRoutes = new Hono<AppEnv>().get('/', (c) => c.json({ status: 'ok', database: c.var.deps.database.kind }));

/**
 * GET /api/ready: what a load balancer probes. 200 when this instance can serve: database up,
 * migrations current, LISTEN connection delivering, mail outbox moving, not shutting down;
 * otherwise 503. Either way the body names each check's state (docs/operations.md).
 */
export const readyRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { ready, checks } = await c.var.deps.readiness.check();
  return c.json({ status: ready ? 'ready' : 'not_ready', checks }, ready ? 200 : 503);
});
