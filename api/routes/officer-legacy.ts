/**
 * Step 0 for GFMIS Token Key users, done by an officer acting for the person at the
 * counter (see api/domain/legacy.ts for why). Looking is for any officer; issuing
 * credentials is an admin's, like every other issuance.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { actorOf } from '../http/context.ts';
import { usernameSchema } from '../domain/identifiers.ts';
import { finishLegacyStep0, getLegacyProfile, issueLegacyInitialPassword } from '../domain/legacy.ts';
import { AppError } from '../errors.ts';
import { validate } from '../http/validate.ts';
import { requireOfficer, type SessionEnv } from '../http/guards.ts';

const UsernameParam = z.object({ username: usernameSchema });
const REASONS = { not_found: 'not_found', not_legacy: 'not_legacy', has_token: 'has_token' } as const;

export const officerLegacyRoutes = new Hono<SessionEnv>()
  .get('/:username', validate('param', UsernameParam), async (c) => {
    const result = await getLegacyProfile(c.var.deps.database.db, c.req.valid('param').username);
    if (!result.ok) throw new AppError(REASONS[result.reason]);
    return c.json(result.profile);
  })

  /** ขอรหัสผ่านเริ่มต้นของ Soft Token */
  .post('/:username/initial-password', requireOfficer('admin'), validate('param', UsernameParam), async (c) => {
    const { database } = c.var.deps;
    const result = await database.db.transaction((tx) =>
      issueLegacyInitialPassword(tx, c.var.deps.clock, c.req.valid('param').username, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) throw new AppError(REASONS[result.reason]);
    return c.json(result.credentials);
  })

  /** กดเพื่อยืนยันและทำการ logout */
  .post('/:username/logout', validate('param', UsernameParam), async (c) => {
    const { database } = c.var.deps;
    const result = await database.db.transaction((tx) =>
      finishLegacyStep0(tx, c.req.valid('param').username, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) throw new AppError(REASONS[result.reason]);
    return c.json({ ok: true });
  });
