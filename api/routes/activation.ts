/**
 * The phone app's activation: code → WebAuthn registration options (with
 * the id of their challenge) → attestation → activated, with the device cookie set. Wrong
 * codes are throttled per IP, and a typed code dies after 5 wrong tries (domain/activation.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { actorOf, clientIp, type AppEnv } from '../http/context.ts';
import { beginActivation, finishActivation } from '../domain/activation.ts';
import { checkThrottle, recordFailure } from '../domain/throttle.ts';
import { AppError } from '../errors.ts';
import { writeCookie } from '../http/cookies.ts';
import { validate } from '../http/validate.ts';
import { AttestationShape } from '../http/webauthn-shapes.ts';
import { deviceCookieExpiry } from './device.ts';

const Code = z.string().trim().min(6).max(128);

const throttleKey = (ip: string) => `activation-ip:${ip}`;

export const activationRoutes = new Hono<AppEnv>()
  .post('/options', validate('json', z.object({ code: Code })), async (c) => {
    const { database, clock, config } = c.var.deps;
    const key = throttleKey(clientIp(c));
    const throttle = await checkThrottle(database.db, clock, [key]);
    if (throttle.blocked) throw new AppError('rate_limited', undefined, { 'Retry-After': String(throttle.retryAfterSeconds || 60) });
    const result = await database.db.transaction((tx) => beginActivation(tx, clock, config.webauthn, c.req.valid('json').code, actorOf(c, 'device')));
    if (!result.ok) {
      if (result.reason === 'token_active') throw new AppError('token_active');
      await recordFailure(database.db, clock, [key]);
      throw new AppError('activation_code_invalid');
    }
    // A success never clears the IP's count: a guesser holding one good code of their own must
    // not earn fresh guesses with it (the count decays after a quiet hour).
    return c.json({ options: result.options, username: result.username, challengeId: result.challengeId });
  })

  .post('/verify', validate('json', z.object({ code: Code, challengeId: z.uuid(), response: AttestationShape, deviceLabel: z.string().trim().max(120).optional() })), async (c) => {
    const { database, clock, config } = c.var.deps;
    const body = c.req.valid('json');
    const result = await database.db.transaction((tx) => finishActivation(tx, clock, config.webauthn, {
      code: body.code, challengeId: body.challengeId, response: body.response as unknown as RegistrationResponseJSON, deviceLabel: body.deviceLabel,
    }, actorOf(c, 'device')));
    if (!result.ok) {
      const code = ({
        invalid_code: 'activation_code_invalid', no_challenge: 'activation_code_invalid', verification_failed: 'webauthn_failed',
        synced_passkey_refused: 'synced_passkey_refused', token_active: 'token_active',
      } as const)[result.reason];
      throw new AppError(code);
    }
    writeCookie(c, 'device', result.deviceToken, { until: deviceCookieExpiry(clock.now()) });
    return c.json({ ok: true, validUntil: result.authenticator.validUntil.toISOString() });
  });
