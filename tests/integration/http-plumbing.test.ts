/**
 * The request plumbing behind the Node server, as the bench and production run it: the same
 * status, headers and body as in-process (app.request), and the 64 KiB JSON limit whether the
 * size is announced (Content-Length) or streamed (chunked).
 */
import { serve, type ServerType } from '@hono/node-server';
import http from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let tdb: TestDatabase;
let t: ReturnType<typeof createTestApp>;
let server: ServerType;
let port = 0;

beforeAll(async () => {
  tdb = await createTestDatabase();
  t = createTestApp(tdb.database);
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await new Promise<void>((resolve) => { (server as Server).closeAllConnections(); server.close(() => resolve()); });
  await tdb.drop();
});

type Answer = { status: number; headers: Record<string, string>; body: string };

/** Over a socket: the body is sent with a Content-Length, or in chunks without one. */
function overNode(method: string, path: string, body?: string, opts: { chunked?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { origin: TEST_ORIGIN, ...opts.headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      if (!opts.chunked) headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined && opts.chunked) {
      req.write(body.slice(0, 100));
      req.end(body.slice(100));
    } else {
      req.end(body);
    }
  });
}

async function inProcess(method: string, path: string, body?: string): Promise<Answer> {
  const res = await t.request(path, { method, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** What every JSON answer of the API carries besides its length and the connection's own headers. */
const API_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self' blob:; worker-src 'self'; manifest-src 'self'; frame-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
  'content-type': 'application/json',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/** The headers the app chose: without the ones Node adds for the connection. */
function appHeaders(headers: Record<string, string>): Record<string, string> {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, 'content-length': _length, ...rest } = headers;
  return rest;
}

describe('the login path behind the Node server', () => {
  const cases: Array<[string, string, string | undefined, number]> = [
    ['GET', '/api/health', undefined, 200],
    ['POST', '/api/auth/login', JSON.stringify({ username: '', password: 'x' }), 400],
    ['POST', '/api/auth/login', JSON.stringify({ username: 'NOBODY', password: 'not-the-password' }), 401],
    ['GET', '/api/device/requests', undefined, 401],
    ['POST', '/api/device/requests/7f0c2a57-3a1e-4c47-9a7e-2a3f9c0b1d11/approve', JSON.stringify({ choice: 'cat' }), 400],
    ['POST', '/api/login-requests/7f0c2a57-3a1e-4c47-9a7e-2a3f9c0b1d11/complete', undefined, 404],
  ];

  it.each(cases)('should answer %s %s with the API headers and what app.request answers', async (method, path, body, status) => {
    const node = await overNode(method, path, body);
    const local = await inProcess(method, path, body);
    expect(node.status).toBe(status);
    expect(appHeaders(node.headers)).toEqual(API_HEADERS);
    expect(node.headers['content-length']).toBe(String(Buffer.byteLength(node.body)));
    expect(local.status).toBe(status);
    expect(appHeaders(local.headers)).toEqual(API_HEADERS);
    expect(node.body).toBe(local.body);
  });
});

describe('the JSON body limit behind the Node server', () => {
  // A login body of exactly `size` bytes whose username is empty: read and parsed, it is a field error.
  const loginOf = (size: number) => JSON.stringify({ username: '', password: 'x' }).padEnd(size, ' ');

  it('should read a body of exactly 64 KiB when its Content-Length says so', async () => {
    const res = await overNode('POST', '/api/auth/login', loginOf(64 * 1024));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).fields.username.code).toBe('required');
  });

  it('should refuse a body one byte over 64 KiB from its Content-Length with 413', async () => {
    const res = await overNode('POST', '/api/auth/login', loginOf(64 * 1024 + 1));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).code).toBe('body_too_large');
    // Refused before the Cache-Control middleware runs, as before: the security headers only.
    const { 'cache-control': _cacheControl, ...security } = API_HEADERS;
    expect(appHeaders(res.headers)).toEqual(security);
  });

  it('should count a chunked body as it arrives: read when small, 413 past 64 KiB', async () => {
    const small = await overNode('POST', '/api/auth/login', loginOf(300), { chunked: true });
    expect(small.status).toBe(400);
    expect(JSON.parse(small.body).fields.username.code).toBe('required');
    const big = await overNode('POST', '/api/auth/login', loginOf(64 * 1024 + 1), { chunked: true });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).code).toBe('body_too_large');
  });

  it('should answer malformed JSON with 400, as in-process', async () => {
    const node = await overNode('POST', '/api/auth/login', '{"username":');
    const local = await inProcess('POST', '/api/auth/login', '{"username":');
    expect(node.status).toBe(400);
    expect(node.body).toBe(local.body);
  });
});
