/**
 * The desktop's side of a login (or renewal) request: its status, a live channel, and
 * collecting the session once the phone approved. Every call needs the binding cookie
 * set when the password was accepted: the request id alone is worthless.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { actorOf, clientIp, type AppEnv } from '../http/context.ts';
import { completeLoginRequest, findBoundRequest, type LoginRequest } from '../domain/login-requests.ts';
import { PICTURE_MATCH_AMR } from '../domain/oidc-claims.ts';
import { createSession } from '../domain/sessions.ts';
import { validityState } from '../domain/token-validity.ts';
import { AppError } from '../errors.ts';
import { PUSH_TEXTS } from '../lib/messages.ts';
import { clearCookie, readCookie, writeCookie } from '../http/cookies.ts';
import { validate } from '../http/validate.ts';
import { sseResponse, type SseChannel } from '../http/live-stream.ts';
import { loginRequestExpiry } from '../services/expiry.ts';
import type { PushSubscriptionTarget } from '../services/push.ts';
import { rememberThisBrowser } from './known-browser.ts';

const IdParam = z.object({ id: z.uuid() });

/**
 * A request for the phone was created (every route that creates one calls this): count it, and
 * notify the phone by Web Push (best effort, after the response); the open app also sees it live.
 */
export function pushLoginRequest(deps: Deps, { request, pushTo }: { request: LoginRequest; pushTo: PushSubscriptionTarget[] }): void {
  deps.metrics.logins.inc({ outcome: 'started', purpose: request.purpose });
  const text = PUSH_TEXTS[request.purpose];
  void deps.push.sendTo(deps.database.db, pushTo, {
    type: request.purpose, requestId: request.id, ...text,
  }, 120).catch((err) => deps.log.warn({ err }, 'push: login request not sent'));
}

/** A read that found the request past its time expired it: counted by the instance whose UPDATE did. */
function countExpiry(deps: Deps, request: { expiredNow: boolean; purpose: LoginRequest['purpose'] } | undefined) {
  if (request?.expiredNow) deps.metrics.logins.inc({ outcome: 'expired', purpose: request.purpose });
}

function view(r: Pick<LoginRequest, 'id' | 'status' | 'purpose' | 'expiresAt' | 'denyReason'>) {
  return { id: r.id, status: r.status, purpose: r.purpose, expiresAt: r.expiresAt.toISOString(), denyReason: r.denyReason };
}

export const loginRequestRoutes = new Hono<AppEnv>()
  .get('/:id', validate('param', IdParam), async (c) => {
    const { database, clock } = c.var.deps;
    const request = await findBoundRequest(database.db, clock, c.req.valid('param').id, readCookie(c, 'binding'));
    if (!request) throw new AppError('request_not_found');
    countExpiry(c.var.deps, request);
    return c.json(view(request));
  })

  /**
   * Live status: events from any instance, and the expiry when its time comes (this instance's
   * one timer expires it; see services/expiry.ts). Idle, a channel costs no database work.
   */
  .get('/:id/events', validate('param', IdParam), async (c) => {
    // The closures below live as long as the channel: they hold what they use, never the Context.
    const deps = c.var.deps;
    const { database, clock, live } = deps;
    const id = c.req.valid('param').id;
    const binding = readCookie(c, 'binding');
    if (!binding) throw new AppError('request_not_found');
    let channel: SseChannel | undefined;
    let notified: string | undefined;
    const show = (status: string) => {
      if (!channel) { notified = status; return; } // before the response: its first event says it
      channel.send('status', status);
      if (status !== 'pending') channel.close();
    };
    // Subscribed before the one read, so nothing that happens in between is missed. Empty: the
    // live connection came back after a loss (see LiveHub), so the status is read again.
    const unsubscribe = await live.subscribe('login_request', id, (detail) => {
      if (detail) show(detail);
      else void findBoundRequest(database.db, clock, id, binding).then((r) => { countExpiry(deps, r); if (r) show(r.status); }, () => {});
    });
    const request = await findBoundRequest(database.db, clock, id, binding).catch((err: unknown) => { unsubscribe(); throw err; });
    if (!request) {
      unsubscribe();
      throw new AppError('request_not_found');
    }
    countExpiry(deps, request);
    if (request.status === 'pending') loginRequestExpiry(deps).add(id, request.expiresAt);
    const first = notified ?? request.status;
    return sseResponse(c, (ch) => {
      channel = ch;
      show(first);
      return unsubscribe;
    });
  })

  /** The approved desktop collects its session (or is sent to the forced password change). */
  .post('/:id/complete', validate('param', IdParam), async (c) => {
    const { database, clock, config } = c.var.deps;
    const ip = clientIp(c);
    const userAgent = c.req.header('user-agent');
    // Consuming the approval, the session and the known-browser row: one transaction.
    const result = await database.db.transaction((tx) => completeLoginRequest(tx, clock, {
      requestId: c.req.valid('param').id, bindingSecret: readCookie(c, 'binding'),
    }, actorOf(c, 'user'), async ({ account }) => {
      const mustChange = account.passwordIsInitial || account.mustChangePassword;
      // Sent together (one round trip) with the approval's audit row.
      const [session] = await Promise.all([
        createSession(tx, clock, config.session, {
          accountId: account.id, kind: mustChange ? 'password_change' : 'portal', ip, userAgent,
          // The password, then the phone's passkey with user verification signed the matched picture.
          amr: PICTURE_MATCH_AMR,
        }),
        rememberThisBrowser(c, account.id, tx),
      ]);
      return { mustChange, session };
    }));
    if (!result.ok) {
      if (result.expired) c.var.deps.metrics.logins.inc({ outcome: 'expired', purpose: result.expired });
      throw new AppError(result.reason === 'not_found' ? 'request_not_found' : 'request_not_approved');
    }
    clearCookie(c, 'binding');
    const { account, validUntil, proceeded: { mustChange, session } } = result;
    writeCookie(c, 'session', session.token, { until: session.expiresAt });
    const validity = validUntil ? validityState(validUntil, clock.now()) : null;
    const next = mustChange ? 'change_password' : account.kind === 'officer' ? 'officer' : 'portal';
    return c.json({ next, validity, validUntil: validUntil?.toISOString() ?? null });
  });
