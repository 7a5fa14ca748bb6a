/**
 * Web Push (R-5.2, R-6.2): VAPID-signed, RFC 8291-encrypted messages through `web-push`,
 * high urgency with a short TTL (a login request lives about two minutes). A 404 or 410
 * from the push service means the subscription is gone: it is marked dead and the phone
 * app (and the officers' account list) says so (R-5 push health). A push service that is
 * slow, unreachable or failing (timeout, network error, 429, 5xx) gets a few attempts, each
 * with a deadline, never more: a push is a convenience, the open app sees requests anyway.
 *
 * Cost per message: a fresh ephemeral key and the encryption (RFC 8291 wants both per message).
 * The connection to each push service stays open (keep-alive), and its VAPID JWT is signed
 * once and reused for a while, so neither the TLS handshake nor the ES256 signature is paid
 * per message.
 */
import { Agent } from 'node:https';
import { and, eq, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm';
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
  /** Send to these subscriptions, already read (liveSubscriptionsOf in the statement that made the request). */
  sendTo(ex: Executor, subscriptions: PushSubscriptionTarget[], payload: PushPayload, ttlSeconds?: number): Promise<PushResult>;
  /** Close the connections to the push services (when the system stops). */
  close(): void;
};

export type PushDeliveryOptions = {
  /**
   * Trust this certificate (PEM) instead of the system's authorities: the bench's and the tests'
   * self-signed push endpoint only. Production leaves it unset and verifies certificates as usual.
   */
  ca?: string | Buffer;
  /** Per attempt: the socket timeout, and a deadline for the whole attempt (plus a second). */
  timeoutMs?: number;
  /** Connections kept to one push service at most; more messages wait for one to be free. */
  maxSockets?: number;
};

export type PushSenderOptions = PushDeliveryOptions & {
  /** Attempts per subscription when the push service does not answer or answers 429/5xx. */
  attempts?: number;
  /** Wait before attempt n+1: retryDelayMs × 2^(n-1). */
  retryDelayMs?: number;
  /** Told the outcome of each subscription's delivery (metrics). */
  onDelivery?: (result: keyof PushResult) => void;
};

/** Where a message goes and the keys it is encrypted for, as the browser's PushSubscription gives them. */
export type PushTarget = { endpoint: string; p256dh: string; auth: string };

/** A stored subscription as sendTo needs it. */
export type PushSubscriptionTarget = PushTarget & { id: string; lastSuccessAt: string | null };

/** The last success is kept for the holder's data download: worth writing at most once an hour. */
const LAST_SUCCESS_EVERY_MS = 3600_000;

/**
 * An authenticator's live subscriptions as a JSON array, for the RETURNING of the statement that
 * creates a login request: the push needs no read of its own.
 */
export function liveSubscriptionsOf(authenticatorId: string | Placeholder): SQL<PushSubscriptionTarget[]> {
  const s = pushSubscriptions;
  return sql`(select coalesce(json_agg(json_build_object('id', ${s.id}, 'endpoint', ${s.endpoint}, 'p256dh', ${s.p256dh}, 'auth', ${s.auth}, 'lastSuccessAt', ${s.lastSuccessAt})), '[]'::json)
    from ${s} where ${and(eq(s.authenticatorId, authenticatorId), isNull(s.deadAt))})`
    .mapWith((v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as PushSubscriptionTarget[]);
}

/** One attempt's outcome: the push service's status, or no status when it did not answer. */
export type DeliveryOutcome = { ok: true; status: number } | { ok: false; status?: number; error: string };

export type PushDelivery = {
  /** One attempt: encrypt `payload` for `target`, sign it (or reuse the signature) and POST it. */
  deliver(target: PushTarget, payload: string, ttlSeconds: number): Promise<DeliveryOutcome>;
  /** Close the connections to the push services; later deliveries fail without sending. */
  close(): void;
};

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/** RFC 8292 caps a JWT's life at 24 h; it is signed for 12 h and used for 1 h, so a slow clock on either side has room. */
const VAPID_JWT_LIFE_S = 12 * 3600;
const VAPID_REUSE_MS = 3600_000;
/** Audiences remembered at most (push services are a handful; the endpoints' hosts are allow-listed). */
const VAPID_AUDIENCES_MAX = 64;

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

/**
 * The HTTP part of Web Push, without a database: one subscription, one payload, one attempt.
 * Keeps a keep-alive connection pool to the push services and one VAPID header per audience
 * (the endpoint's origin), re-signed an hour after it was signed.
 */
export function createPushDelivery(vapid: VapidKeys, clock: Clock, opts: PushDeliveryOptions = {}): PushDelivery {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 32, timeout: 60_000, ...(opts.ca ? { ca: opts.ca } : {}) });
  const signed = new Map<string, { authorization: string; at: number }>();
  let closed = false;

  function authorization(audience: string): string {
    const now = clock.now().getTime();
    const cached = signed.get(audience);
    if (cached && now - cached.at >= 0 && now - cached.at < VAPID_REUSE_MS) return cached.authorization;
    if (signed.size >= VAPID_AUDIENCES_MAX) signed.clear();
    const expiration = Math.floor(now / 1000) + VAPID_JWT_LIFE_S;
    const headers = webpush.getVapidHeaders(audience, vapid.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm', expiration);
    signed.set(audience, { authorization: headers.Authorization, at: now });
    return headers.Authorization;
  }

  return {
    async deliver(target, payload, ttlSeconds) {
      if (closed) return { ok: false, error: 'push: stopped' };
      try {
        const { status } = await withDeadline(webpush.sendNotification(
          { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
          payload,
          // No vapidDetails (and no setVapidDetails anywhere): the header is the signature, web-push would sign anew.
          { headers: { Authorization: authorization(new URL(target.endpoint).origin) }, TTL: ttlSeconds, urgency: 'high', timeout: timeoutMs, agent },
        ).then((r) => ({ status: r.statusCode })), timeoutMs + 1_000);
        return { ok: true, status };
      } catch (err) {
        return { ok: false, status: (err as { statusCode?: number }).statusCode, error: (err as Error).message };
      }
    },
    close() {
      closed = true;
      agent.destroy();
    },
  };
}

export function createPushSender(config: Config, log: Logger, clock: Clock, opts: PushSenderOptions = {}): PushSender {
  const { publicKey, privateKey, subject } = config.vapid;
  const delivery = publicKey && privateKey ? createPushDelivery({ publicKey, privateKey, subject }, clock, opts) : undefined;
  const attempts = Math.max(1, opts.attempts ?? 3);
  const retryDelayMs = opts.retryDelayMs ?? 1_000;
  const told = (result: keyof PushResult) => { opts.onDelivery?.(result); };
  const sender: PushSender = {
    async send(ex, authenticatorId, payload, ttlSeconds = 120) {
      if (!delivery) return { sent: 0, dead: 0, failed: 0 };
      const [{ subs } = { subs: [] }] = await ex.select({ subs: liveSubscriptionsOf(authenticatorId) }).from(sql`(select 1) as one`);
      return sender.sendTo(ex, subs, payload, ttlSeconds);
    },
    async sendTo(ex, subs, payload, ttlSeconds = 120) {
      const result: PushResult = { sent: 0, dead: 0, failed: 0 };
      if (!delivery) return result;
      const message = JSON.stringify(payload);
      for (const sub of subs) {
        // Bounded: `attempts` tries of at most `timeoutMs` each, so a silent push service costs
        // about attempts × timeout and then gives up (the caller never waits on it: see pushLoginRequest).
        for (let attempt = 1; ; attempt++) {
          const outcome = await delivery.deliver(sub, message, ttlSeconds);
          if (outcome.ok) {
            result.sent++;
            told('sent');
            const now = clock.now();
            if (!sub.lastSuccessAt || now.getTime() - new Date(sub.lastSuccessAt).getTime() >= LAST_SUCCESS_EVERY_MS) {
              await ex.update(pushSubscriptions).set({ lastSuccessAt: now }).where(eq(pushSubscriptions.id, sub.id));
            }
            break;
          }
          const { status } = outcome;
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
            log.warn({ status, attempts: attempt, err: outcome.error, subscription: sub.id }, 'push: delivery failed');
            break;
          }
          await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempt - 1)));
        }
      }
      return result;
    },
    close() { delivery?.close(); },
  };
  return sender;
}
