/**
 * Web Push throughput of the product's sender: `createPushDelivery` from api/services/push.ts
 * (RFC 8291 encryption with a fresh key per message, its VAPID header, its keep-alive
 * connections; TTL 120, urgency high, a login request's payload), to a local HTTPS endpoint in a
 * process of its own (bench/push-endpoint.ts). Sends per second, and per CPU-second of this (the
 * sending) process. No database work is in the figure: a login's subscriptions come back from the
 * insert of its request, and a subscription's last success is written at most once an hour.
 */
import { fork } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import webpush from 'web-push';
import { systemClock } from '../api/lib/clock.ts';
import { PUSH_TEXTS } from '../api/lib/messages.ts';
import { createPushDelivery } from '../api/services/push.ts';

export async function measurePush(seconds: number, out: (line: string) => void, concurrency = 16) {
  const endpoint = fork(fileURLToPath(new URL('./push-endpoint.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { port, cert } = await new Promise<{ port: number; cert: string }>((resolve, reject) => {
      endpoint.once('message', (m: { port: number; cert: string }) => resolve(m));
      endpoint.once('exit', () => reject(new Error('push endpoint exited')));
    });
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const target = { endpoint: `https://127.0.0.1:${port}/push/bench`, p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
    const delivery = createPushDelivery({ subject: 'mailto:softtoken@localhost', ...webpush.generateVAPIDKeys() }, systemClock, { ca: cert });
    const payload = JSON.stringify({ type: 'login', requestId: '00000000-0000-4000-8000-000000000000', ...PUSH_TEXTS.login });
    let sent = 0;
    let failed = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < until && sent + failed < 200_000) {
        const outcome = await delivery.deliver(target, payload, 120);
        if (outcome.ok) sent++;
        else if (++failed <= 3) out(`  push failed: ${outcome.status ?? ''} ${outcome.error}`);
      }
    }));
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    delivery.close();
    const connections = await new Promise<number>((resolve) => {
      endpoint.once('message', (m: { connections: number }) => resolve(m.connections));
      endpoint.send('connections');
    });
    out(`  ${sent} sent in ${wall.toFixed(1)} s${failed ? ` (${failed} failed)` : ''} with ${concurrency} in flight over ${connections} TLS connections: ${(sent / wall).toFixed(0)}/s, ` +
      `${(sent / cpuSeconds).toFixed(0)} per CPU-second of the sender (${(1000 * cpuSeconds / Math.max(1, sent)).toFixed(2)} ms CPU each)`);
  } finally {
    endpoint.kill('SIGTERM');
  }
}
