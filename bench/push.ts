/**
 * Web Push throughput: `web-push` with the options api/services/push.ts uses (VAPID, TTL 120,
 * urgency high, a login request's payload), to a local HTTPS endpoint in a process of its own
 * (bench/push-endpoint.ts). Sends per second, and per CPU-second of this (the sending) process.
 */
import { fork } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { Agent } from 'node:https';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import webpush from 'web-push';
import { PUSH_TEXTS } from '../api/lib/messages.ts';

export async function measurePush(seconds: number, out: (line: string) => void, concurrency = 16) {
  const endpoint = fork(fileURLToPath(new URL('./push-endpoint.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      endpoint.once('message', (m: { port: number }) => resolve(m.port));
      endpoint.once('exit', () => reject(new Error('push endpoint exited')));
    });
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const subscription = { endpoint: `https://127.0.0.1:${port}/push/bench`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
    const vapidDetails = { subject: 'mailto:softtoken@localhost', ...webpush.generateVAPIDKeys() };
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency, rejectUnauthorized: false });
    const payload = JSON.stringify({ type: 'login', requestId: '00000000-0000-4000-8000-000000000000', ...PUSH_TEXTS.login });
    let sent = 0;
    let failed = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < until && sent + failed < 200_000) {
        try {
          await webpush.sendNotification(subscription, payload, { vapidDetails, TTL: 120, urgency: 'high', timeout: 10_000, agent });
          sent++;
        } catch (err) {
          if (++failed <= 3) out(`  push failed: ${(err as Error).message}`);
        }
      }
    }));
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    agent.destroy();
    out(`  ${sent} sent in ${wall.toFixed(1)} s${failed ? ` (${failed} failed)` : ''} with ${concurrency} in flight: ${(sent / wall).toFixed(0)}/s, ` +
      `${(sent / cpuSeconds).toFixed(0)} per CPU-second of the sender (${(1000 * cpuSeconds / Math.max(1, sent)).toFixed(2)} ms CPU each)`);
  } finally {
    endpoint.kill('SIGTERM');
  }
}
