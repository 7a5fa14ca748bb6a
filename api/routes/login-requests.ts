/**
 * The desktop's side of a login (or renewal) request: its status, a live channel, and
 * collecting the session once the phone approved. Every call needs the binding cookie
 * set when the password was accepted: the request id alone is worthless.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { findActiveToken } from '../../db/queries/tokens.ts';
import type { Deps } from '../deps.ts';
import { actorOf, clientIp, type AppEnv } from '../http/context.ts';
import { completeLoginRequest, expireLoginRequest, findBoundRequest, type LoginRequest } from '../domain/login-requests.ts';
import { PICTURE_MATCH_AMR } from '../domain/oidc-claims.ts';
import { createSession } from '../domain/sessions.ts';
import { validityState } from '../domain/token-validity.ts';
import { AppError } from '../errors.ts';
import { PUSH_TEXTS } from '../lib/messages.ts';
import { clearCookie, readCookie, writeCookie } from '../http/cookies.ts';
import { validate } from '../http/validate.ts';
import { rememberThisBrowser } from './known-browser.ts';

const IdParam = z.object({ id: z.uuid() });

/** Notify the phone: Web Push (best effort, after the response) — the open app also sees it live. */
export function pushLoginRequest(deps: Deps, request: LoginRequest): void {
  const text = PUSH_TEXTS[request.purpose];
  void deps.push.send(deps.database.db, request.authenticatorId!, {
    type: request.purpose, requestId: request.id, ...text,
  }, 120).catch((err) => deps.log.warn({ err }, 'push: login request not sent'));
}

function view(r: Pick<LoginRequest, 'id' | 'status' | 'purpose' | 'expiresAt' | 'denyReason'>) {
  return { id: r.id, status: r.status, purpose: r.purpose, expiresAt: r.expiresAt.toISOString(), denyReason: r.denyReason };
}

export const loginRequestRoutes = new Hono<AppEnv>()
  .get('/:id', validate('param', IdParam), async (c) => {
    const { database, clock } = c.var.deps;
    const request = await findBoundRequest(database.db, clock, c.req.valid('param').id, readCookie(c, 'binding'));
    if (!request) throw new AppError('request_not_found');
    return c.json(view(request));
  })

  /** Live status: events from any instance, and the expiry when its time comes. */
  .get('/:id/events', validate('param', IdParam), async (c) => {
    const { database, clock, live } = c.var.deps;
    const id = c.req.valid('param').id;
    const request = await findBoundRequest(database.db, clock, id, readCookie(c, 'binding'));
    if (!request) throw new AppError('request_not_found');
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      const queue: string[] = [];
      const unsubscribe = await live.subscribe('login_request', id, (detail) => { queue.push(detail); wake?.(); });
      stream.onAbort(() => { unsubscribe(); wake?.(); });
      // The state may have changed between the lookup and the subscription.
      const current = await findBoundRequest(database.db, clock, id, readCookie(c, 'binding'));
      await stream.writeSSE({ event: 'status', data: current!.status });
      let status: string = current!.status;
      while (!stream.aborted && status === 'pending') {
        if (!queue.length) {
          const untilExpiry = Math.max(0, current!.expiresAt.getTime() - clock.now().getTime()) + 50;
          await new Promise<void>((r) => { wake = r; setTimeout(r, Math.min(untilExpiry, 25_000)); });
          wake = undefined;
        }
        if (stream.aborted) break;
        if (!queue.length) {
          if (await expireLoginRequest(database.db, clock, id)) continue; // its NOTIFY wakes us
          await stream.writeSSE({ event: 'ping', data: '' });
          continue;
        }
        const latest = queue.splice(0).at(-1)!;
        // Empty: the live connection came back after a loss (see LiveHub); read the status instead.
        status = latest || (await findBoundRequest(database.db, clock, id, readCookie(c, 'binding')))?.status || status;
        await stream.writeSSE({ event: 'status', data: status });
      }
      unsubscribe();
    });
  })

  /** The approved desktop collects its session (or is sent to the forced password change). */
  .post('/:id/complete', validate('param', IdParam), async (c) => {
    const { database, clock, config } = c.var.deps;
    const result = await database.db.transaction((tx) => completeLoginRequest(tx, clock, {
      requestId: c.req.valid('param').id, bindingSecret: readCookie(c, 'binding'),
    }, actorOf(c, 'user')));
    if (!result.ok) throw new AppError(result.reason === 'not_found' ? 'request_not_found' : 'request_not_approved');
    clearCookie(c, 'binding');
    const { account } = result;
    const mustChange = account.passwordIsInitial || account.mustChangePassword;
    const { token, expiresAt } = await createSession(database.db, clock, config.session, {
      accountId: account.id, kind: mustChange ? 'password_change' : 'portal', ip: clientIp(c), userAgent: c.req.header('user-agent'),
      // The password, then the phone's passkey with user verification signed the matched picture.
      amr: PICTURE_MATCH_AMR,
    });
    writeCookie(c, 'session', token, { until: expiresAt });
    await rememberThisBrowser(c, account.id);
    const authenticator = await findActiveToken(database.db, account.id);
    const validity = authenticator ? validityState(authenticator.validUntil, clock.now()) : null;
    const next = mustChange ? 'change_password' : account.kind === 'officer' ? 'officer' : 'portal';
    return c.json({ next, validity, validUntil: authenticator?.validUntil.toISOString() ?? null });
  });
