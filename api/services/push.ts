/**
 * Web Push (R-5.2, R-6.2): VAPID-signed, RFC 8291-encrypted messages through `web-push`,
 * high urgency with a short TTL (a login request lives about two minutes). A 404 or 410
 * from the push service means the subscription is gone: it is marked dead and the phone
 * app (and the officers' account list) says so (R-5 push health). A push service that is
 * slow, unreachable or failing (timeout, network error, 429, 5xx) gets a few attempts, each
 * with a deadline, never more: a push is a convenience, the open app sees requests anyway.
 */
import type { Agent } from 'node:https';
import { and, eq, isNull } from 'drizzle-orm';
import webpush from 'web-push';
import type { Executor } from '../../db/index.ts';
import { pushSubscriptions } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/log.ts';

export type PushPayload = { type: 'login' | 'renew' | 'revoke' | 'export' | 'revoked'; requestId?: string; title: string; body: string };
export type PushResult = { sent: number; dead: number; failed: number };

export type PushSender = {
  /** Send to every live subscription of an authenticator. */
  send(ex: Executor, authenticatorId: string, payload: PushPayload, ttlSeconds?: number): Promise<PushResult>;
};

export type PushSenderOptions = {
  agent?: Agent;
  /** Per attempt: web-push's socket timeout, and a deadline for the whole attempt. */
  timeoutMs?: number;
  /** Attempts per subscription when the push service does not answer or answers 429/5xx. */
  attempts?: number;
  /** Wait before attempt n+1: retryDelayMs × 2^(n-1). */
  retryDelayMs?: number;
  /** Told the outcome of each subscription's delivery (metrics). */
  onDelivery?: (result: keyof PushResult) => void;
};

/** Failures worth another attempt: no answer at all, or the push service is busy or broken. */
function retryable(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}

/** Settles within `ms` even when the request trickles along and never trips the socket timeout. */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`push: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

export function createPushSender(config: Config, log: Logger, clock: Clock, opts: PushSenderOptions = {}): PushSender {
  const { publicKey, privateKey, subject } = config.vapid;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const attempts = Math.max(1, opts.attempts ?? 3);
  const retryDelayMs = opts.retryDelayMs ?? 1_000;
  const told = (result: keyof PushResult) => { opts.onDelivery?.(result); };
  return {
    async send(ex, authenticatorId, payload, ttlSeconds = 120) {
      const result: PushResult = { sent: 0, dead: 0, failed: 0 };
      if (!publicKey || !privateKey) return result;
      const subs = await ex.select().from(pushSubscriptions)
        .where(and(eq(pushSubscriptions.authenticatorId, authenticatorId), isNull(pushSubscriptions.deadAt)));
      for (const sub of subs) {
        // Bounded: `attempts` tries of at most `timeoutMs` each, so a silent push service costs
        // about attempts × timeout and then gives up (the caller never waits on it: see pushLoginRequest).
        for (let attempt = 1; ; attempt++) {
          try {
            await withDeadline(webpush.sendNotification(
              { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
              JSON.stringify(payload),
              { vapidDetails: { subject, publicKey, privateKey }, TTL: ttlSeconds, urgency: 'high', timeout: timeoutMs, agent: opts.agent },
            ), timeoutMs + 1_000);
            result.sent++;
            told('sent');
            await ex.update(pushSubscriptions).set({ lastSuccessAt: clock.now() }).where(eq(pushSubscriptions.id, sub.id));
            break;
          } catch (err) {
            const status = (err as { statusCode?: number }).statusCode;
            if (status === 404 || status === 410) {
              result.dead++;
              told('dead');
              await ex.update(pushSubscriptions).set({ deadAt: clock.now() }).where(eq(pushSubscriptions.id, sub.id));
              log.info({ status, subscription: sub.id }, 'push: subscription gone, marked dead');
              break;
            }
            if (!retryable(status) || attempt >= attempts) {
              result.failed++;
              told('failed');
              log.warn({ status, attempts: attempt, err: (err as Error).message, subscription: sub.id }, 'push: delivery failed');
              break;
            }
            await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempt - 1)));
          }
        }
      }
      return result;
    },
  };
}
