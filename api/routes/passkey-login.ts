/**
 * Passkey login from the desktop ([PASSKEY]), /api/auth/passkey/*: options with no allow-list
 * (the browser offers the phone through its cross-device flow), then the assertion. A success
 * answers like /api/login-requests/:id/complete; an expired token, like the password step's
 * `renew` (the phone accepts the renewal, then the desktop completes the request).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { actorOf, clientIp, type AppEnv } from '../http/context.ts';
import { beginPasskeyLogin, finishPasskeyLogin } from '../domain/passkey-login.ts';
import { checkThrottle, ipKey } from '../domain/throttle.ts';
import { validityState } from '../domain/token-validity.ts';
import { AppError } from '../errors.ts';
import { writeCookie } from '../http/cookies.ts';
import { validate } from '../http/validate.ts';
import { AssertionShape } from '../http/webauthn-shapes.ts';
import { rememberThisBrowser } from './known-browser.ts';
import { pushLoginRequest } from './login-requests.ts';

const VerifyBody = z.object({ challengeId: z.uuid(), response: AssertionShape });

const retryAfter = (seconds: number) => (seconds ? { 'Retry-After': String(seconds) } : undefined);

export const passkeyLoginRoutes = new Hono<AppEnv>()
  .post('/options', async (c) => {
    const { database, clock, config } = c.var.deps;
    // Options cost a row: a source already throttled for failures gets none.
    const throttle = await checkThrottle(database.db, clock, [ipKey(clientIp(c))]);
    if (throttle.blocked) throw new AppError('rate_limited', undefined, retryAfter(throttle.retryAfterSeconds));
    return c.json(await beginPasskeyLogin(database.db, clock, config.webauthn));
  })

  .post('/verify', validate('json', VerifyBody), async (c) => {
    const { database, clock, config } = c.var.deps;
    const { challengeId, response } = c.req.valid('json');
    const actor = { ...actorOf(c, 'user'), ip: clientIp(c) };
    const result = await database.db.transaction((tx) => finishPasskeyLogin(tx, clock, config.webauthn, {
      challengeId, response: response as unknown as AuthenticationResponseJSON, policy: config.session, userAgent: c.req.header('user-agent'),
    }, actor));
    if (!result.ok) {
      if (result.reason === 'throttled') throw new AppError('rate_limited', undefined, retryAfter(result.retryAfterSeconds));
      if (result.reason === 'no_challenge') throw new AppError('passkey_challenge_expired');
      if (result.reason === 'token_suspended') throw new AppError('token_suspended');
      if (result.reason === 'password_suspended') throw new AppError('account_suspended');
      if (result.reason === 'too_many_requests') throw new AppError('too_many_requests');
      throw new AppError('passkey_login_failed');
    }
    const { authenticator } = result;
    const validity = validityState(authenticator.validUntil, clock.now());
    const validUntil = authenticator.validUntil.toISOString();
    if (result.next === 'renew') {
      const { request, bindingSecret } = result;
      writeCookie(c, 'binding', bindingSecret, { until: new Date(request.expiresAt.getTime() + 5 * 60_000) });
      pushLoginRequest(c.var.deps, result);
      return c.json({ next: result.next, requestId: request.id, picture: null, expiresAt: request.expiresAt.toISOString(), validity, validUntil });
    }
    writeCookie(c, 'session', result.session.token, { until: result.session.expiresAt });
    await rememberThisBrowser(c, result.account.id);
    return c.json({ next: result.next, validity, validUntil });
  });
