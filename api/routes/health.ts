import { Hono } from 'hono';
import { pingDatabase } from '../../db/index.ts';
import type { AppEnv } from '../http/context.ts';
import { AppError } from '../errors.ts';

/** GET /api/health: up only when the database answers. */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { database } = c.var.deps;
  try {
    await pingDatabase(database.db);
  } catch (err) {
    c.var.deps.log.error({ err }, 'health check: database unreachable');
    throw new AppError('unavailable');
  }
  return c.json({ status: 'ok', database: database.kind });
});
