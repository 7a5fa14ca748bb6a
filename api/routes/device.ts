/** The activated phone app (device cookie): its status and its push subscription. */
import { Hono } from 'hono';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AssertionShape } from '../http/webauthn-shapes.ts';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { actorOf, depsOf, type AppEnv, type Ctx } from '../http/context.ts';
import { deletePushSubscription, describeDevice, findDevice, savePushSubscription, type Device } from '../domain/devices.ts';
import { isAllowedPushEndpoint } from '../domain/push-endpoints.ts';
import { answerLoginRequest, denyLoginRequest, findDeviceRequests } from '../domain/login-requests.ts';
import { AppError } from '../errors.ts';
import { liveStream } from '../http/live-stream.ts';
import { readCookie, writeCookie } from '../http/cookies.ts';
import { fieldMessage, validate } from '../http/validate.ts';

export type DeviceEnv = AppEnv & { Variables: AppEnv['Variables'] & { device: Device } };

/**
 * Browsers cap cookies at 400 days while a token lives two years, so the device cookie is
 * refreshed (sliding) every time the app talks to the server.
 */
export function deviceCookieExpiry(now: Date): Date {
  return new Date(now.getTime() + 400 * 86_400_000);
}

/** The phone's device cookie; a request without one is from no activated phone. */
function deviceToken<E extends AppEnv>(c: Ctx<E>): string {
  const token = readCookie(c, 'device');
  if (!token) throw new AppError('device_unknown');
  return token;
}

/** Once the cookie is known to be a live phone's: refreshed (an unknown one is never prolonged). */
function keepDeviceCookie<E extends AppEnv>(c: Ctx<E>, token: string) {
  writeCookie(c, 'device', token, { until: deviceCookieExpiry(depsOf(c).clock.now()) });
}

export const requireDevice = createMiddleware<DeviceEnv>(async (c, next) => {
  const token = deviceToken(c);
  const device = await findDevice(c.var.deps.database.db, c.var.deps.clock, token);
  if (!device) throw new AppError('device_unknown');
  keepDeviceCookie(c, token);
  c.set('device', device);
  await next();
});

const IdParam = z.object({ id: z.uuid() });
const Answer = z.object({
  choice: z.string().min(1).max(32),
  response: AssertionShape,
});

const Subscription = z.object({
  endpoint: z.url().max(2048).refine((u) => u.startsWith('https://'), 'invalid'),
  keys: z.object({ p256dh: z.string().min(20).max(256), auth: z.string().min(8).max(64) }),
});

export const deviceRoutes = new Hono<DeviceEnv>()
  // A phone that was never activated has no device cookie: "no token here" is an answer, not a 401 in its console.
  .get('/', async (c, next) => (readCookie(c, 'device') ? next() : c.json(null)))
  /**
   * Pending login, renewal and revocation requests (R-6.4: they reach an open app without push),
   * each with the RP ID to sign for: the configured one, which need not be the page's host.
   * Read with the device itself, in one statement.
   */
  .get('/requests', async (c) => {
    const { database, clock, config } = c.var.deps;
    const token = deviceToken(c);
    const found = await findDeviceRequests(database.db, clock, token);
    if (!found) throw new AppError('device_unknown');
    keepDeviceCookie(c, token);
    return c.json(found.pending.map((r) => ({ ...r, rpId: config.webauthn.rpId })));
  })

  /** Accept: a user-verified assertion over the chosen picture (or "renew"); the device is found with the request. */
  .post('/requests/:id/approve', validate('param', IdParam), validate('json', Answer), async (c) => {
    const { database, clock, config } = c.var.deps;
    const body = c.req.valid('json');
    const token = deviceToken(c);
    const result = await database.db.transaction((tx) => answerLoginRequest(tx, clock, config.webauthn, {
      deviceToken: token, requestId: c.req.valid('param').id,
      choice: body.choice, response: body.response as unknown as AuthenticationResponseJSON,
    }, actorOf(c, 'device')));
    // Not found: not this phone's request, or no live phone at all (then told so).
    if (!result.ok && result.reason === 'not_found' && !(await findDevice(database.db, clock, token))) throw new AppError('device_unknown');
    keepDeviceCookie(c, token);
    const { logins } = c.var.deps.metrics;
    if (!result.ok) {
      if (result.reason === 'verification_failed') throw new AppError('webauthn_failed');
      if (result.reason === 'expired') logins.inc({ outcome: 'expired', purpose: result.purpose });
      throw new AppError(result.reason === 'not_found' ? 'request_not_found' : 'request_closed');
    }
    logins.inc({ outcome: result.status, purpose: result.purpose });
    return c.json({ status: result.status, purpose: result.purpose });
  })

  .use(requireDevice)
  .get('/', async (c) => c.json(await describeDevice(c.var.deps.database.db, c.var.device)))
  .put('/push', validate('json', Subscription), async (c) => {
    const { endpoint, keys } = c.req.valid('json');
    if (!isAllowedPushEndpoint(endpoint, c.var.deps.config.pushEndpointHosts)) {
      throw new AppError('validation', { endpoint: { code: 'push_endpoint_not_allowed', message: fieldMessage('push_endpoint_not_allowed', c.var.lang) } });
    }
    await savePushSubscription(c.var.deps.database.db, c.var.device, { endpoint, ...keys, userAgent: c.req.header('user-agent') },
      actorOf(c, 'device', c.var.device.account.id));
    return c.json({ ok: true });
  })
  .delete('/push', async (c) => {
    await deletePushSubscription(c.var.deps.database.db, c.var.device, actorOf(c, 'device', c.var.device.account.id));
    return c.json({ ok: true });
  })

  /** Live: an event whenever a new request for this phone is created (on any instance). */
  .get('/events', (c) => {
    return liveStream(c, c.var.deps.live, { sources: [['login_request', `device-${c.var.device.authenticator.id}`]], event: 'request' });
  })

  /** Deny, or "this was not me" (alerts officers). */
  .post('/requests/:id/deny', validate('param', IdParam), validate('json', z.object({ notMe: z.boolean().default(false) })), async (c) => {
    const { database, clock, config } = c.var.deps;
    const done = await database.db.transaction((tx) => denyLoginRequest(tx, clock, {
      authenticator: c.var.device.authenticator, requestId: c.req.valid('param').id, notMe: c.req.valid('json').notMe, origin: config.publicOrigin,
    }, actorOf(c, 'device', c.var.device.account.id)));
    if (!done) throw new AppError('request_closed');
    c.var.deps.metrics.logins.inc({ outcome: 'denied', purpose: done.purpose });
    return c.json({ status: 'denied' });
  });
