import { Hono } from 'hono';
import { z } from 'zod';
import { findUnit } from '../../db/queries/units.ts';
import type { AppEnv } from '../http/context.ts';
import { unitCodeSchema } from '../domain/identifiers.ts';
import { AppError } from '../errors.ts';
import { validate } from '../http/validate.ts';

/** Public, read-only facts the pages need before anyone logs in. */
export const publicRoutes = new Hono<AppEnv>()
  .get('/config', (c) => {
    const { config } = c.var.deps;
    return c.json({
      providerName: config.proofing.providerName,
      providerNameEn: config.proofing.providerNameEn,
      vapidPublicKey: config.vapid.publicKey ?? null,
      passwordPolicy: config.passwordPolicy,
    });
  })
  // The privacy notice (PDPA): how long each kind of personal data is kept, in days.
  .get('/privacy', (c) => {
    const { appointment, scan, draft, expired } = c.var.deps.config.retentionDays;
    return c.json({ retentionDays: { appointment, scan, draft, expired } });
  })
  .get('/units/:code', validate('param', z.object({ code: unitCodeSchema })), async (c) => {
    const { code } = c.req.valid('param');
    const unit = await findUnit(c.var.deps.database.db, code);
    if (!unit) throw new AppError('not_found');
    return c.json(unit);
  });
