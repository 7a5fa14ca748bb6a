/**
 * The desktop and the phone over real HTTP (undici), for the bench: the same steps as
 * tests/helpers/token.ts (activatedAccount, startLogin, answerOnPhone), which call the app
 * in-process instead. Every request carries the page's Origin, as a browser would.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Agent, type Dispatcher } from 'undici';
import { challengeFor } from '../api/domain/login-requests.ts';
import { createSoftAuthenticator } from '../tests/helpers/soft-authenticator.ts';
import { BENCH_ORIGIN } from './protocol.ts';

export type Http = ReturnType<typeof createHttp>;

export function createHttp(base: string, opts: { connections?: number } = {}) {
  // Keep-alive pool per origin; the SSE streams get an agent of their own without a cap.
  const api = new Agent({ connections: opts.connections ?? 64, keepAliveTimeout: 30_000 });
  const streams = new Agent({ keepAliveTimeout: 1_000, bodyTimeout: 0, headersTimeout: 60_000 });

  const origin = new URL(base).origin;

  async function call(path: string, init: { method?: 'GET' | 'POST'; json?: unknown; cookie?: string; ip?: string } = {}) {
    const headers: Record<string, string> = { origin: BENCH_ORIGIN };
    if (init.cookie) headers.cookie = init.cookie;
    if (init.ip) headers['x-forwarded-for'] = init.ip;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const method = init.method ?? (init.json === undefined ? 'GET' : 'POST');
    const res = await exchange(api, { origin, path, method, headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const cookie = (name: string) => setCookie.find((c) => c.startsWith(`st_${name}=`))?.split(';')[0];
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 200)}`);
    return { status: res.status, body: res.text ? JSON.parse(res.text) : undefined, cookie };
  }

  /** A desktop's live channel: resolves each `status` event; `first` is the state on opening. */
  async function openEvents(requestId: string, binding: string) {
    const waiters: Array<{ status: string; resolve: (at: number) => void }> = [];
    let first: ((s: string) => void) | undefined;
    const opened = new Promise<string>((r) => { first = r; });
    let buffer = '';
    const decoder = new TextDecoder();
    const onEvents = (chunk: Buffer) => {
      const at = performance.now();
      buffer += decoder.decode(chunk, { stream: true });
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
    };
    const stream = await openStream(streams, {
      origin, path: `/api/login-requests/${requestId}/events`, method: 'GET',
      headers: { origin: BENCH_ORIGIN, cookie: binding, accept: 'text/event-stream' },
    }, onEvents);
    return {
      opened,
      /** performance.now() when `status` arrives. */
      waitFor: (status: string) => new Promise<number>((resolve) => waiters.push({ status, resolve })),
      close: () => stream.close(),
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

type Reply = { status: number; headers: IncomingHttpHeaders; text: string };

/**
 * One request on the pool, its body gathered as it arrives: the same bytes on the wire as
 * `undici.request`, without the response stream, async resource and promise chain that
 * `request` builds for each call.
 */
function exchange(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): Promise<Reply> {
  return new Promise((resolve, reject) => { dispatcher.dispatch(options, new Gather(resolve, reject)); });
}

// A class, so a request costs one small object and no handler closures.
class Gather implements Dispatcher.DispatchHandler {
  status = 0;
  headers: IncomingHttpHeaders = {};
  chunks: Buffer[] = [];
  constructor(private readonly resolve: (reply: Reply) => void, private readonly reject: (err: Error) => void) {}
  // undici tells this handler shape from its older one by onRequestStart.
  onRequestStart() {}
  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders) {
    this.status = status;
    this.headers = headers;
  }
  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer) { this.chunks.push(chunk); }
  onResponseEnd() { this.resolve({ status: this.status, headers: this.headers, text: Buffer.concat(this.chunks).toString('utf8') }); }
  onResponseError(_controller: Dispatcher.DispatchController, err: Error) { this.reject(err); }
}

/**
 * An event stream: resolves once a 200 answers, then hands each chunk to `onData`. `close()`
 * aborts it as a closing EventSource does (nothing once the server has ended it; the socket then
 * stays in the pool).
 */
function openStream(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, onData: (chunk: Buffer) => void) {
  return new Promise<{ close(): void }>((resolve, reject) => {
    let status = 0;
    let refused: Buffer[] | undefined;
    let controller: Dispatcher.DispatchController | undefined;
    const close = () => controller?.abort(new Error('closed by the desktop'));
    dispatcher.dispatch(options, {
      onRequestStart(c) { controller = c; },
      onResponseStart(_c, statusCode) {
        status = statusCode;
        if (statusCode === 200) resolve({ close });
        else refused = [];
      },
      onResponseData(_c, chunk) { if (refused) refused.push(chunk); else onData(chunk); },
      onResponseEnd() { if (refused) reject(new Error(`events: ${status} ${Buffer.concat(refused).toString('utf8')}`)); },
      // After a 200 the promise is settled: a stream cut later (our own close included) is not an error here.
      onResponseError(_c, err) { reject(err); },
    });
  });
}
