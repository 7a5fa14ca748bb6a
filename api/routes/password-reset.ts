/**
 * The password reset link (FLOWS §6): `/password/reset#<token>` posts its token here, first to
 * show whose password it sets, then with the new password. No session is needed — the link,
 * sent only to the verified email on file, is the proof.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { actorOf, type AppEnv } from '../http/context.ts';
import { consumePasswordReset, lookupPasswordReset } from '../domain/password-reset.ts';
import { AppError } from '../errors.ts';
import { clearCookie } from '../http/cookies.ts';
import { newPasswordError, validate } from '../http/validate.ts';

// 32 random bytes in base64url are 43 characters; anything far from that is not a link of ours.
const token = z.string().trim().min(16).max(128);
const CheckBody = z.object({ token });
const ResetBody = z.object({
  token,
  newPassword: z.string().min(1).max(256),
  confirmPassword: z.string().max(256),
});

export const passwordResetRoutes = new Hono<AppEnv>()
  /** Is the link still good, and for which username. */
  .post('/check', validate('json', CheckBody), async (c) => {
    const { database, clock } = c.var.deps;
    const found = await lookupPasswordReset(database.db, clock, c.req.valid('json').token);
    if (!found.ok) throw new AppError('reset_link_invalid');
    return c.json({ username: found.username, expiresAt: found.expiresAt.toISOString() });
  })

  /** Set the new password: the link is used up, the suspension lifted, every session ended. */
  .post('/', validate('json', ResetBody), async (c) => {
    const { database, clock, config } = c.var.deps;
    const body = c.req.valid('json');
    const result = await database.db.transaction((tx) => consumePasswordReset(tx, clock, {
      token: body.token, newPassword: body.newPassword, confirmPassword: body.confirmPassword, policy: config.passwordPolicy,
    }, actorOf(c, 'user')));
    if (!result.ok) {
      if (result.reason === 'invalid') throw new AppError('reset_link_invalid');
      throw newPasswordError(result, c.var.lang);
    }
    clearCookie(c, 'session');
    return c.json({ ok: true, username: result.username, next: 'login' });
  });
