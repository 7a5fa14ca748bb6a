/**
 * The officer's second factor (FLOWS §7), /api/officer-passkey/*: after the password, an
 * `officer_enrol` session may enrol the first passkey and an `officer_verify` session must
 * sign with one; either success replaces the half-open session with the console session.
 * A failed verification ends the half-open session, so every new try goes back through
 * the throttled password step.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { actorOf, clientIp } from '../http/context.ts';
import {
  beginPasskeyEnrolment, beginPasskeySignIn, finishPasskeyEnrolment, finishPasskeySignIn, type SessionContext,
} from '../domain/officer-passkeys.ts';
import { deleteSession } from '../domain/sessions.ts';
import { AppError } from '../errors.ts';
import { clearCookie, readCookie, writeCookie } from '../http/cookies.ts';
import { validate } from '../http/validate.ts';
import { AssertionShape, AttestationShape } from '../http/webauthn-shapes.ts';
import { requireSession, type SessionEnv } from '../http/guards.ts';
import { rememberThisBrowser } from './known-browser.ts';
import type { Ctx } from '../http/context.ts';

function sessionContext(c: Ctx<SessionEnv>): SessionContext {
  return { halfOpenToken: readCookie(c, 'session')!, policy: c.var.deps.config.session, ip: clientIp(c), userAgent: c.req.header('user-agent') };
}

/** A verified passkey: the console session replaces the half-open one, and this browser is known. */
async function openConsole(c: Ctx<SessionEnv>, session: { token: string; expiresAt: Date }) {
  writeCookie(c, 'session', session.token, { until: session.expiresAt });
  await rememberThisBrowser(c, c.var.account.id);
  return c.json({ next: 'officer' as const });
}

/** A refused ceremony: the half-open session ends with it (a missing challenge only asks to try again). */
async function refuse(c: Ctx<SessionEnv>, reason: string): Promise<never> {
  if (reason === 'no_challenge') throw new AppError('passkey_challenge_expired');
  if (reason === 'synced_passkey_refused') throw new AppError('synced_passkey_refused');
  await deleteSession(c.var.deps.database.db, readCookie(c, 'session')!);
  clearCookie(c, 'session');
  throw new AppError(reason === 'passkey_exists' ? 'officer_passkey_exists' : 'passkey_failed');
}

export const officerPasskeyRoutes = new Hono<SessionEnv>()
  /** First sign-in, after the password change: options for a new passkey. */
  .post('/enrol/options', requireSession('officer_enrol'), async (c) => {
    const { database, clock, config } = c.var.deps;
    const result = await beginPasskeyEnrolment(database.db, clock, config.webauthn, c.var.account);
    if (!result.ok) throw new AppError(result.reason === 'passkey_exists' ? 'officer_passkey_exists' : 'forbidden');
    return c.json({ options: result.options });
  })

  .post('/enrol', requireSession('officer_enrol'), validate('json', z.object({ response: AttestationShape })), async (c) => {
    const { database, clock, config } = c.var.deps;
    const response = c.req.valid('json').response as unknown as RegistrationResponseJSON;
    const result = await database.db.transaction((tx) => finishPasskeyEnrolment(tx, clock, config.webauthn, {
      account: c.var.account, response, ...sessionContext(c),
    }, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) return refuse(c, result.reason);
    return openConsole(c, result.session);
  })

  /** Every later sign-in: options naming only this officer's passkeys. */
  .post('/sign-in/options', requireSession('officer_verify'), async (c) => {
    const { database, clock, config } = c.var.deps;
    const result = await beginPasskeySignIn(database.db, clock, config.webauthn, c.var.account);
    if (!result.ok) throw new AppError('forbidden');
    return c.json({ options: result.options });
  })

  .post('/sign-in', requireSession('officer_verify'), validate('json', z.object({ response: AssertionShape })), async (c) => {
    const { database, clock, config } = c.var.deps;
    const response = c.req.valid('json').response as unknown as AuthenticationResponseJSON;
    const result = await database.db.transaction((tx) => finishPasskeySignIn(tx, clock, config.webauthn, {
      account: c.var.account, response, ...sessionContext(c),
    }, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) return refuse(c, result.reason);
    return openConsole(c, result.session);
  });
