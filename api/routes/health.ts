import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { AppError } from '../errors.ts';

/** GET /api/health: up only when the database answers. */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { database } = c.var.deps;
  try {
    await database.db.execute(sql`select 1`);
  } catch (err) {
    c.var.deps.log.error({ err }, 'health check: database unreachable');
    throw new AppError('unavailable');
  }
  return c.json({ status: 'ok', database: database.kind });
});
