import { Hono } from 'hono';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { units } from '../../db/schema.ts';
import { actorOf, clientIp, type AppEnv } from '../context.ts';
import { verifyPasswordLogin } from '../domain/login.ts';
import { createSession, deleteSession } from '../domain/sessions.ts';
import { AppError } from '../errors.ts';
import { clearCookie, readCookie, writeCookie } from '../lib/cookies.ts';
import { validate } from '../lib/validate.ts';
import { requireSession } from './guards.ts';

const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** POST /api/auth/login, /logout; GET /api/auth/me. */
export const authRoutes = new Hono<AppEnv>()
  .post('/login', validate('json', LoginBody), async (c) => {
    const { database, clock, config } = c.var.deps;
    const ip = clientIp(c);
    const result = await database.db.transaction((tx) =>
      verifyPasswordLogin(tx, clock, c.req.valid('json'), { ...actorOf(c, 'user'), ip }));
    if (!result.ok) {
      if (result.reason === 'throttled') {
        throw new AppError('rate_limited', undefined, result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined);
      }
      throw new AppError('invalid_credentials');
    }
    if (result.next === 'token') {
      // Accounts with an active soft token approve each login on the phone ([LOGIN], FLOWS §3).
      throw new AppError('token_required');
    }
    const kind = result.next === 'tracker' ? 'registration' : 'portal';
    const { token, expiresAt } = await createSession(database.db, clock, config.session, {
      accountId: result.account.id, kind, ip, userAgent: c.req.header('user-agent'),
    });
    writeCookie(c, 'session', token, { expires: expiresAt });
    return c.json({ next: result.next });
  })
  .post('/logout', async (c) => {
    const token = readCookie(c, 'session');
    if (token) await deleteSession(c.var.deps.database.db, token);
    clearCookie(c, 'session');
    return c.json({ ok: true });
  })
  .get('/me', requireSession(), async (c) => {
    const { account, session } = c.var;
    const [unit] = await c.var.deps.database.db.select().from(units).where(eq(units.code, account.unitCode));
    return c.json({
      username: account.username,
      kind: account.kind,
      roles: account.roles,
      displayName: account.displayName,
      session: session.kind,
      unit: unit && { code: unit.code, ministry: unit.ministry, department: unit.department, name: unit.name },
    });
  });
