/**
 * GET /metrics on the public port, for a Prometheus that cannot reach METRICS_PORT: only with
 * METRICS_TOKEN configured and sent as `Authorization: Bearer <token>`. Without a token nothing
 * is exposed (404). Outside /api: a scraper is no browser, so neither CSRF nor the SPA apply.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { AppError } from '../errors.ts';
import { safeEqual, sha256 } from '../lib/crypto.ts';

export const metricsRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { config, metrics } = c.var.deps;
  const expected = config.metrics.token;
  if (!expected) throw new AppError('not_found');
  const given = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
  // Hashes have one length, so the comparison takes the same time whatever was sent.
  if (!safeEqual(sha256(given), sha256(expected))) {
    throw new AppError('unauthorized', undefined, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
  }
  const text = await metrics.registry.metrics();
  return c.body(text, 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
});
