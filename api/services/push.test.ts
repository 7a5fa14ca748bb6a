/**
 * The HTTP part of Web Push (createPushDelivery) against real local HTTPS push services: the
 * connection stays open between messages, the VAPID JWT is signed once per audience and window,
 * and every message is still encrypted on its own (RFC 8291: a fresh ephemeral key each time).
 */
import { createECDH, randomBytes } from 'node:crypto';
import ece from 'http_ece';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVapidHeader, selfSignedCertificate, startPushService } from '../../tests/helpers/push-service.ts';
import { manualClock } from '../lib/clock.ts';
import { createPushDelivery, type PushTarget } from './push.ts';

const tls = selfSignedCertificate();
const vapid = { subject: 'mailto:push-unit@example.go.th', ...webpush.generateVAPIDKeys() };
let a: Awaited<ReturnType<typeof startPushService>>;
let b: Awaited<ReturnType<typeof startPushService>>;

beforeAll(async () => { [a, b] = await Promise.all([startPushService(tls), startPushService(tls)]); });
afterAll(async () => { await Promise.all([a.close(), b.close()]); });

/** A browser's subscription at `origin`, whose private keys the test keeps to decrypt. */
function phoneAt(origin: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16).toString('base64url');
  const target: PushTarget = { endpoint: `${origin}/push/${randomBytes(8).toString('hex')}`, p256dh: ecdh.getPublicKey().toString('base64url'), auth };
  return { target, decrypt: (body: Buffer) => ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8') };
}

/** The sender's ephemeral public key in an aes128gcm body: salt (16), record size (4), key id length (1), key id. */
function ephemeralKey(body: Buffer): string {
  return body.subarray(21, 21 + body[20]!).toString('hex');
}

describe('createPushDelivery', () => {
  it('should send several messages to one push service over one TLS connection, each decryptable with its own ephemeral key', async () => {
    const delivery = createPushDelivery(vapid, manualClock(), { ca: tls.cert });
    const phone = phoneAt(a.origin);
    const connectionsBefore = a.connections();
    const first = a.received.length;
    for (let i = 0; i < 5; i++) {
      expect(await delivery.deliver(phone.target, JSON.stringify({ n: i }), 120)).toEqual({ ok: true, status: 201 });
    }
    expect(a.connections() - connectionsBefore).toBe(1);
    const got = a.received.slice(first);
    expect(got.map((r) => JSON.parse(phone.decrypt(r.body)))).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
    expect(new Set(got.map((r) => ephemeralKey(r.body))).size).toBe(5);
    delivery.close();
  });

  it('should reuse the VAPID JWT within its hour and sign a new one after, each valid for at most 24 hours', async () => {
    const clock = manualClock(new Date());
    const delivery = createPushDelivery(vapid, clock, { ca: tls.cert });
    const phone = phoneAt(a.origin);
    const first = a.received.length;
    const send = async () => {
      const at = clock.now().getTime();
      expect((await delivery.deliver(phone.target, '{}', 120)).ok).toBe(true);
      return { at, ...readVapidHeader(a.received.at(-1)!.authorization) };
    };
    const signed = await send();
    clock.advance(30 * 60_000);
    const reused = await send();
    clock.advance(31 * 60_000);
    const renewed = await send();
    expect(a.received.length - first).toBe(3);
    expect(reused.jwt).toBe(signed.jwt);
    expect(renewed.jwt).not.toBe(signed.jwt);
    for (const sent of [signed, renewed]) {
      expect(sent.signatureValid).toBe(true);
      expect(sent.k).toBe(vapid.publicKey);
      expect(sent.payload).toMatchObject({ aud: a.origin, sub: vapid.subject });
      // Still valid when last reused (an hour on), and never for more than RFC 8292's 24 hours.
      expect(sent.payload.exp * 1000).toBeGreaterThan(sent.at + 3600_000);
      expect(sent.payload.exp * 1000).toBeLessThanOrEqual(sent.at + 24 * 3600_000);
    }
    delivery.close();
  });

  it('should never send the JWT signed for one push service to another', async () => {
    const delivery = createPushDelivery(vapid, manualClock(), { ca: tls.cert });
    const [atA, atB] = [phoneAt(a.origin), phoneAt(b.origin)];
    const [firstA, firstB] = [a.received.length, b.received.length];
    for (let i = 0; i < 3; i++) {
      expect((await delivery.deliver(atA.target, '{}', 120)).ok).toBe(true);
      expect((await delivery.deliver(atB.target, '{}', 120)).ok).toBe(true);
    }
    const jwts = (received: typeof a.received, first: number, origin: string) => received.slice(first).map((r) => {
      const v = readVapidHeader(r.authorization);
      expect(v.payload.aud).toBe(origin);
      expect(v.signatureValid).toBe(true);
      return v.jwt;
    });
    const [toA, toB] = [jwts(a.received, firstA, a.origin), jwts(b.received, firstB, b.origin)];
    expect(toA).toHaveLength(3);
    expect(toB).toHaveLength(3);
    expect(toA.filter((jwt) => toB.includes(jwt))).toEqual([]);
    delivery.close();
  });

  it('should refuse a push service whose certificate it was not told to trust, sending nothing', async () => {
    const delivery = createPushDelivery(vapid, manualClock());
    const before = a.received.length;
    const outcome = await delivery.deliver(phoneAt(a.origin).target, '{}', 120);
    expect(outcome).toMatchObject({ ok: false, status: undefined });
    expect(a.received.length).toBe(before);
    delivery.close();
  });

  it('should send nothing once closed', async () => {
    const delivery = createPushDelivery(vapid, manualClock(), { ca: tls.cert });
    const phone = phoneAt(a.origin);
    expect((await delivery.deliver(phone.target, '{}', 120)).ok).toBe(true);
    delivery.close();
    const before = a.received.length;
    expect((await delivery.deliver(phone.target, '{}', 120)).ok).toBe(false);
    expect(a.received.length).toBe(before);
  });
});
