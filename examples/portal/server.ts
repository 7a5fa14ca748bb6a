/**
 * A demo relying party: the smallest portal that signs its users in with Soft Token, written as
 * a real portal would be, with `openid-client` and `jose` on node:http and nothing of Soft
 * Token's own code. The authorization code flow with PKCE (S256), state and nonce kept on the
 * server; the ID token's signature checked against the provider's keys; userinfo; sign-out at
 * the provider (RP-initiated logout); and back-channel logout, which ends this portal's
 * sessions when the user signs out at another system.
 *
 *   import { startDemoPortal } from './examples/portal/server.ts';
 *   await startDemoPortal({ port: 3003, issuer: 'http://localhost:3000', clientId: '…', clientSecret: '…' });
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';
import * as oidc from 'openid-client';

export type DemoPortalOptions = { port: number; host?: string; issuer: string; clientId: string; clientSecret: string; title?: string };
export type DemoPortal = { url: string; close(): Promise<void> };

const SCOPE = 'openid profile gfmis';
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** What the portal keeps per browser: the sign-in under way, then who signed in. */
type Session = {
  pending?: { state: string; nonce: string; verifier: string };
  user?: { claims: Record<string, unknown>; idToken: string; sid?: string; sub: string };
};

const CSS = `body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{color:#1f3a93}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #ccd;padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:#eef}
button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:.3rem;background:#1f3a93;color:#fff;cursor:pointer}
.error{color:#a00}`;
// The page's only inline style, allowed by its hash: no 'unsafe-inline', no script at all.
const CSS_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const random = () => randomBytes(32).toString('base64url');

export async function startDemoPortal(opts: DemoPortalOptions): Promise<DemoPortal> {
  const title = opts.title ?? 'GFMIS Web Portal (demo)';
  const issuer = new URL(opts.issuer);
  const sessions = new Map<string, Session>();
  let url = `http://localhost:${opts.port}`;
  let cookieName = `demo_portal_${opts.port}`;

  // Discovery once, on first use (retried if the provider was not up yet).
  let discovered: Promise<{ config: oidc.Configuration; jwks: ReturnType<typeof jose.createRemoteJWKSet> }> | undefined;
  const provider = () => {
    discovered ??= (async () => {
      const config = await oidc.discovery(issuer, opts.clientId, opts.clientSecret, oidc.ClientSecretBasic(opts.clientSecret), {
        // Plain http only against a development provider.
        execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      });
      return { config, jwks: jose.createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)) };
    })().catch((err: unknown) => { discovered = undefined; throw err; });
    return discovered;
  };

  const csp = `default-src 'none'; style-src ${CSS_HASH}; img-src 'self'; form-action 'self' ${issuer.origin}; frame-ancestors 'none'; base-uri 'none'`;
  const html = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, 'cache-control': 'no-store' });
    res.end(`<!doctype html><html lang="th"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head>`
      + `<body><h1>${esc(title)}</h1>${body}</body></html>`);
  };
  const redirect = (res: ServerResponse, to: string, cookie?: string) => {
    res.writeHead(303, { location: to, ...(cookie ? { 'set-cookie': cookie } : {}) }).end();
  };

  /** This browser's session, made (with its cookie) when asked to. */
  const sessionOf = (req: IncomingMessage) => {
    const id = req.headers.cookie?.split(/;\s*/).find((c) => c.startsWith(`${cookieName}=`))?.slice(cookieName.length + 1);
    return id ? { id, session: sessions.get(id) } : { id: undefined, session: undefined };
  };
  const newSession = (session: Session) => {
    const id = random();
    sessions.set(id, session);
    return `${cookieName}=${id}; Path=/; HttpOnly; SameSite=Lax${url.startsWith('https:') ? '; Secure' : ''}`;
  };

  const home = (res: ServerResponse, session: Session | undefined) => {
    if (!session?.user) {
      return html(res, 200, `<p>ยังไม่ได้เข้าสู่ระบบ / You are not signed in.</p>
<form method="get" action="/login"><button type="submit">เข้าสู่ระบบด้วย Soft Token / Sign in with Soft Token</button></form>`);
    }
    const rows = Object.entries(session.user.claims).map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(show(v))}</td></tr>`).join('');
    return html(res, 200, `<p>เข้าสู่ระบบแล้ว / Signed in</p>
<table aria-label="claims"><thead><tr><th>claim</th><th>value</th></tr></thead><tbody>${rows}</tbody></table>
<form method="post" action="/logout"><button type="submit">ออกจากระบบ / Sign out</button></form>`);
  };

  const login = async (res: ServerResponse) => {
    const { config } = await provider();
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
    const to = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${url}/callback`, scope: SCOPE, state: pending.state, nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier), code_challenge_method: 'S256',
    });
    redirect(res, to.href, newSession({ pending }));
  };

  const callback = async (req: IncomingMessage, res: ServerResponse) => {
    const { id, session } = sessionOf(req);
    const pending = session?.pending;
    if (!id || !pending) return html(res, 400, '<p class="error">ไม่พบการเข้าสู่ระบบที่รออยู่ / No sign-in is under way.</p><p><a href="/">กลับ / Back</a></p>');
    delete session.pending;
    const { config, jwks } = await provider();
    const tokens = await oidc.authorizationCodeGrant(config, new URL(req.url!, url), {
      pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce,
    });
    // openid-client checks the ID token's claims; its signature is checked here, against the provider's published keys.
    const idToken = tokens.id_token!;
    const { payload } = await jose.jwtVerify(idToken, jwks, { issuer: config.serverMetadata().issuer, audience: opts.clientId });
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, payload.sub!);
    session.user = {
      claims: { ...payload, ...userinfo }, idToken, sub: payload.sub!, sid: typeof payload.sid === 'string' ? payload.sid : undefined,
    };
    redirect(res, '/');
  };

  const logout = async (req: IncomingMessage, res: ServerResponse) => {
    const { id, session } = sessionOf(req);
    if (id) sessions.delete(id);
    if (!session?.user) return redirect(res, '/');
    const { config } = await provider();
    redirect(res, oidc.buildEndSessionUrl(config, { id_token_hint: session.user.idToken, post_logout_redirect_uri: `${url}/` }).href);
  };

  /** The provider tells us the user signed out elsewhere: end our sessions of that provider session. */
  const backchannelLogout = async (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const token = new URLSearchParams(body).get('logout_token');
    try {
      if (!token) throw new Error('no logout_token');
      const { config, jwks } = await provider();
      const { payload } = await jose.jwtVerify(token, jwks, { issuer: config.serverMetadata().issuer, audience: opts.clientId, maxTokenAge: '5m' });
      const events = payload.events as Record<string, unknown> | undefined;
      if (!events || typeof events[BACKCHANNEL_LOGOUT_EVENT] !== 'object') throw new Error('not a logout token');
      if (!payload.sid && !payload.sub) throw new Error('neither sid nor sub');
      if ('nonce' in payload) throw new Error('a logout token has no nonce');
      for (const [id, s] of sessions) {
        if (s.user && (payload.sid ? s.user.sid === payload.sid : s.user.sub === payload.sub)) sessions.delete(id);
      }
      res.writeHead(200, { 'cache-control': 'no-store' }).end();
    } catch {
      res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end('{"error":"invalid_request"}');
    }
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', url).pathname;
    const route = req.method === 'GET' && path === '/' ? Promise.resolve(home(res, sessionOf(req).session))
      : req.method === 'GET' && path === '/login' ? login(res)
        : req.method === 'GET' && path === '/callback' ? callback(req, res)
          : req.method === 'POST' && path === '/logout' ? logout(req, res)
            : req.method === 'POST' && path === '/backchannel-logout' ? backchannelLogout(req, res)
              : Promise.resolve(html(res, 404, '<p>ไม่พบหน้านี้ / Not found</p>'));
    route.catch((err: unknown) => {
      // An error from the provider (e.g. access_denied) or a failed check: say so, and offer to start again.
      const message = err instanceof Error ? err.message : 'error';
      if (!res.headersSent) html(res, 400, `<p class="error">เข้าสู่ระบบไม่สำเร็จ / Sign-in failed: ${esc(message)}</p><p><a href="/">กลับ / Back</a></p>`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  url = `http://localhost:${port}`;
  cookieName = `demo_portal_${port}`; // cookies do not tell ports apart: one name per portal
  return {
    url,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
