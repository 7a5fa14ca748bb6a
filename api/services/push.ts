/**
 * Web Push: VAPID-signed, RFC 8291-encrypted messages through `web-push`,
 * high urgency with a short TTL (a login request lives about two minutes). A 404 or 410
 * from the push service means the subscription is gone: it is marked dead and the phone
 * app says so the next time it opens.
 */
import type { Agent } from 'node:https';
import { and, eq, isNull } from 'drizzle-orm';
import webpush from 'web-push';
import type { Executor } from '../../db/index.ts';
import { pushSubscriptions } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../lib/log.ts';

export type PushPayload = { type: 'login' | 'renew' | 'revoked'; requestId?: string; title: string; body: string };
export type PushResult = { sent: number; dead: number; failed: number };

export type PushSender = {
  /** Send to every live subscription of an authenticator. */
  send(ex: Executor, authenticatorId: string, payload: PushPayload, ttlSeconds?: number): Promise<PushResult>;
};

export function createPushSender(config: Config, log: Logger, opts: { agent?: Agent } = {}): PushSender {
  const { publicKey, privateKey, subject } = config.vapid;
  return {
    async send(ex, authenticatorId, payload, ttlSeconds = 120) {
      const result: PushResult = { sent: 0, dead: 0, failed: 0 };
      if (!publicKey || !privateKey) return result;
      const subs = await ex.select().from(pushSubscriptions)
        .where(and(eq(pushSubscriptions.authenticatorId, authenticatorId), isNull(pushSubscriptions.deadAt)));
      for (const sub of subs) {
        try {
          await webpush.sendNotification(
            { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
            JSON.stringify(payload),
            { vapidDetails: { subject, publicKey, privateKey }, TTL: ttlSeconds, urgency: 'high', timeout: 10_000, agent: opts.agent },
          );
          result.sent++;
          await ex.update(pushSubscriptions).set({ lastSuccessAt: new Date() }).where(eq(pushSubscriptions.id, sub.id));
        } catch (err) {
          const status = (err as { statusCode?: number }).statusCode;
          if (status === 404 || status === 410) {
            result.dead++;
            await ex.update(pushSubscriptions).set({ deadAt: new Date() }).where(eq(pushSubscriptions.id, sub.id));
          } else {
            result.failed++;
            log.warn({ status, err: (err as Error).message, subscription: sub.id }, 'push: delivery failed');
          }
        }
      }
      return result;
    },
  };
}
