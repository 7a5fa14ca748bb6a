/**
 * The desktop and the phone over real HTTP (undici), for the bench: the same steps as
 * tests/helpers/token.ts (activatedAccount, startLogin, answerOnPhone), which call the app
 * in-process instead. Every request carries the page's Origin, as a browser would.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { Readable } from 'node:stream';
import { challengeFor } from '../api/domain/login-requests.ts';
import { createSoftAuthenticator } from '../tests/helpers/soft-authenticator.ts';
import { BENCH_ORIGIN } from './protocol.ts';

export type Http = ReturnType<typeof createHttp>;

export function createHttp(base: string, opts: { connections?: number } = {}) {
  // Keep-alive pool per origin; the SSE streams get an agent of their own without a cap.
  const api = new Agent({ connections: opts.connections ?? 64, keepAliveTimeout: 30_000 });
  const streams = new Agent({ keepAliveTimeout: 1_000, bodyTimeout: 0, headersTimeout: 60_000 });

  async function call(path: string, init: { method?: 'GET' | 'POST'; json?: unknown; cookie?: string; ip?: string } = {}) {
    const headers: Record<string, string> = { origin: BENCH_ORIGIN };
    if (init.cookie) headers.cookie = init.cookie;
    if (init.ip) headers['x-forwarded-for'] = init.ip;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await request(base + path, {
      dispatcher: api, method: init.method ?? (init.json === undefined ? 'GET' : 'POST'), headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const text = await res.body.text();
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const cookie = (name: string) => setCookie.find((c) => c.startsWith(`st_${name}=`))?.split(';')[0];
    if (res.statusCode >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.statusCode} ${text.slice(0, 200)}`);
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, cookie };
  }

  /** A desktop's live channel: resolves each `status` event; `first` is the state on opening. */
  async function openEvents(requestId: string, binding: string) {
    const res = await request(`${base}/api/login-requests/${requestId}/events`, {
      dispatcher: streams, headers: { origin: BENCH_ORIGIN, cookie: binding, accept: 'text/event-stream' },
    });
    if (res.statusCode !== 200) throw new Error(`events: ${res.statusCode} ${await res.body.text()}`);
    const body = res.body as unknown as Readable;
    const waiters: Array<{ status: string; resolve: (at: number) => void }> = [];
    let first: ((s: string) => void) | undefined;
    const opened = new Promise<string>((r) => { first = r; });
    let buffer = '';
    body.setEncoding('utf8');
    body.on('data', (chunk: string) => {
      const at = performance.now();
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!/^event: status$/m.test(block)) continue;
        const data = /^data: ?(.*)$/m.exec(block)?.[1] ?? '';
        first?.(data);
        first = undefined;
        for (const w of waiters.splice(0)) if (w.status === data) w.resolve(at); else waiters.push(w);
      }
    });
    body.on('error', () => {});
    return {
      opened,
      /** performance.now() when `status` arrives. */
      waitFor: (status: string) => new Promise<number>((resolve) => waiters.push({ status, resolve })),
      close: () => body.destroy(),
    };
  }

  /** Through the API: password, activation code, the phone's passkey, then the forced password change. */
  async function activate(username: string, initialPassword: string, ip: string) {
    const tracker = await call('/api/auth/login', { json: { username, password: initialPassword }, ip });
    const cookie = tracker.cookie('session');
    const { url } = (await call('/api/registration/activation', { method: 'POST', cookie })).body;
    const code = String(url).split('#')[1];
    const { options, challengeId } = (await call('/api/activation/options', { json: { code } })).body;
    const phone = createSoftAuthenticator({ origin: BENCH_ORIGIN, rpId: 'localhost' });
    const done = await call('/api/activation/verify', { json: { code, challengeId, response: phone.create(options) } });
    const user = { username, password: initialPassword, phone, device: done.cookie('device')!, ip };
    const first = await login(user);
    const password = 'Kr8#wolf-Tamarind';
    await call('/api/auth/password', { json: { oldPassword: initialPassword, newPassword: password, confirmPassword: password }, cookie: first.session });
    return { ...user, password };
  }

  type User = { username: string; password: string; phone: ReturnType<typeof createSoftAuthenticator>; device: string; ip: string };

  /** One full login; the time of each step in ms. */
  async function login(u: User) {
    const t: Record<string, number> = {};
    let t0 = performance.now();
    const pw = await call('/api/auth/login', { json: { username: u.username, password: u.password }, ip: u.ip });
    const requestId = pw.body.requestId as string;
    const binding = pw.cookie('binding')!;
    t.password = performance.now() - t0;
    t0 = performance.now();
    const events = await openEvents(requestId, binding);
    await events.opened;
    t.desktopListens = performance.now() - t0;
    t0 = performance.now();
    const approvedAt = events.waitFor('approved');
    const pending = (await call('/api/device/requests', { cookie: u.device })).body as Array<{ id: string; nonce: string; grid: string[] }>;
    const request = pending.find((r) => r.id === requestId);
    if (!request) throw new Error('request not pending on the phone');
    t.phoneLists = performance.now() - t0;
    t0 = performance.now();
    // The person picks the picture their desktop shows.
    const response = u.phone.get(challengeFor(request.nonce, pw.body.picture as string));
    await call(`/api/device/requests/${requestId}/approve`, { json: { choice: pw.body.picture, response }, cookie: u.device });
    const answered = performance.now();
    t.phoneApproves = answered - t0;
    t.desktopEvent = Math.max(0, (await approvedAt) - answered);
    events.close();
    t0 = performance.now();
    const done = await call(`/api/login-requests/${requestId}/complete`, { method: 'POST', cookie: binding });
    t.complete = performance.now() - t0;
    return { steps: t, session: done.cookie('session')!, next: done.body.next as string };
  }

  return {
    call, openEvents, activate, login,
    async close() { await Promise.all([api.destroy(), streams.destroy()]); },
  };
}

export type BenchUser = Awaited<ReturnType<Http['activate']>>;
