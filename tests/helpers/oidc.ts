/**
 * For the OpenID Connect provider's tests: the API served over real HTTP (the provider speaks
 * Node's http), a browser with a cookie jar, and a relying party built on `openid-client`.
 * Every instance answers for the public origin (Host header), as behind a load balancer;
 * `route` picks the instance per request.
 */
import { createAdaptorServer } from '@hono/node-server';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import type { createTestApp } from './app.ts';
import { TEST_ORIGIN } from './app.ts';

type TestApp = ReturnType<typeof createTestApp>;

export type Served = { port: number; close(): Promise<void> };

export async function serve(t: TestApp): Promise<Served> {
  const server = createAdaptorServer({ fetch: t.app.fetch }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** Which instance answers a request to the public origin (default: the first). */
export type Route = (url: URL) => number;

/** fetch() for the public origin, sent to an instance's port with the public Host header. */
export function fetchVia(ports: number[], route: Route = () => 0) {
  return (input: string | URL, init: { method?: string; headers?: HeadersInit; body?: unknown } = {}): Promise<Response> => {
    const url = new URL(input);
    const origin = new URL(TEST_ORIGIN);
    if (url.origin !== origin.origin) return fetch(url, init as RequestInit);
    const headers = new Headers(init.headers);
    headers.set('host', origin.host);
    const body = init.body === undefined || init.body === null ? undefined
      : typeof init.body === 'string' ? init.body
        : init.body instanceof URLSearchParams ? init.body.toString() : Buffer.from(init.body as ArrayBuffer);
    if (init.body instanceof URLSearchParams && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1', port: ports[route(url)], method: init.method ?? 'GET', path: url.pathname + url.search,
        headers: Object.fromEntries(headers),
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) v.forEach((x) => out.append(k, x));
            else if (v !== undefined) out.set(k, v);
          }
          const status = res.statusCode ?? 500;
          resolve(new Response([101, 204, 205, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers: out }));
        });
      });
      req.on('error', reject);
      if (body) req.write(body);
      req.end();
    });
  };
}

type RequestInit2 = { method?: string; headers?: Record<string, string>; json?: unknown; form?: Record<string, string> };

export type Browser = {
  jar: Map<string, { value: string; path: string }>;
  request(url: string | URL, init?: RequestInit2): Promise<Response>;
  follow(url: string | URL, init?: RequestInit2): Promise<{ res: Response; url: URL }>;
  cookie(name: string): string;
};

/** A browser: a cookie jar (sent by path) and redirects followed by hand. */
export function browser(ports: number[], route: Route = () => 0): Browser {
  const send = fetchVia(ports, route);
  const jar = new Map<string, { value: string; path: string }>();
  const cookieHeader = (url: URL) => [...jar.entries()]
    .filter(([, c]) => url.pathname.startsWith(c.path))
    .map(([name, c]) => `${name}=${c.value}`).join('; ');
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const path = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attrs.some((a) => /^max-age=0$/i.test(a.trim()) || /^expires=thu, 01 jan 1970/i.test(a.trim()));
      if (!value || expired) jar.delete(name);
      else jar.set(name, { value, path });
    }
  };
  return {
    jar,
    /** One request; Origin set on POSTs like a page of ours would. */
    async request(url: string | URL, init: RequestInit2 = {}) {
      const target = new URL(url, TEST_ORIGIN);
      const headers: Record<string, string> = { ...init.headers };
      const cookies = cookieHeader(target);
      if (cookies) headers.cookie = cookies;
      let body: string | undefined;
      if (init.json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(init.json); }
      if (init.form) { headers['content-type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(init.form).toString(); }
      if (init.method && init.method !== 'GET') headers.origin ??= TEST_ORIGIN;
      const res = await send(target, { method: init.method, headers, body });
      remember(res);
      return res;
    },
    /** Follow redirects on our origin; stop at the first response that is not one, or that leaves it. */
    async follow(url: string | URL, init: RequestInit2 = {}) {
      let res = await this.request(url, init);
      let at = new URL(url, TEST_ORIGIN);
      for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops++) {
        at = new URL(res.headers.get('location')!, at);
        if (at.origin !== new URL(TEST_ORIGIN).origin) return { res, url: at };
        res = await this.request(at);
      }
      return { res, url: at };
    },
    /** The session cookie for in-process app.request() calls. */
    cookie(name: string) { const c = jar.get(name); return c ? `${name}=${c.value}` : ''; },
  };
}

/** A relying party (openid-client) that reaches the provider through `fetchVia`. */
export async function relyingParty(ports: number[], client: { id: string; secret?: string }, route: Route = () => 0) {
  const customFetch = fetchVia(ports, route);
  return oidc.discovery(
    new URL(TEST_ORIGIN), client.id, client.secret,
    client.secret ? oidc.ClientSecretBasic(client.secret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: customFetch as unknown as oidc.CustomFetch },
  );
}
