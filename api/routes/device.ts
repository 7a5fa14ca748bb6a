/** The activated phone app (device cookie): its status and its push subscription. */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { actorOf, type AppEnv } from '../context.ts';
import { deletePushSubscription, describeDevice, findDevice, savePushSubscription, type Device } from '../domain/devices.ts';
import { AppError } from '../errors.ts';
import { readCookie, writeCookie } from '../lib/cookies.ts';
import { validate } from '../lib/validate.ts';

export type DeviceEnv = AppEnv & { Variables: AppEnv['Variables'] & { device: Device } };

/**
 * Browsers cap cookies at 400 days while a token lives two years, so the device cookie is
 * refreshed (sliding) every time the app talks to the server.
 */
export function deviceCookieExpiry(now: Date): Date {
  return new Date(now.getTime() + 400 * 86_400_000);
}

export const requireDevice = createMiddleware<DeviceEnv>(async (c, next) => {
  const token = readCookie(c, 'device');
  const device = token ? await findDevice(c.var.deps.database.db, c.var.deps.clock, token) : undefined;
  if (!device) throw new AppError('device_unknown');
  writeCookie(c, 'device', token!, { expires: deviceCookieExpiry(c.var.deps.clock.now()) });
  c.set('device', device);
  await next();
});

const Subscription = z.object({
  endpoint: z.url().max(2048).refine((u) => u.startsWith('https://'), 'invalid'),
  keys: z.object({ p256dh: z.string().min(20).max(256), auth: z.string().min(8).max(64) }),
});

export const deviceRoutes = new Hono<DeviceEnv>()
  .use(requireDevice)
  .get('/', async (c) => c.json(await describeDevice(c.var.deps.database.db, c.var.device)))
  .put('/push', validate('json', Subscription), async (c) => {
    const { endpoint, keys } = c.req.valid('json');
    await savePushSubscription(c.var.deps.database.db, c.var.device, { endpoint, ...keys, userAgent: c.req.header('user-agent') },
      actorOf(c, 'device', c.var.device.account.id));
    return c.json({ ok: true });
  })
  .delete('/push', async (c) => {
    await deletePushSubscription(c.var.deps.database.db, c.var.device, actorOf(c, 'device', c.var.device.account.id));
    return c.json({ ok: true });
  });
