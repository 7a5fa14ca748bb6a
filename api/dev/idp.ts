/**
 * A local OpenID Connect provider standing in for Thailand's digital-ID app (ThaID, shown as
 * "เป๋าตัง") in development, demos and tests (R-3.4). It is the real `oidc-provider`
 * library speaking the ThaID profile: one scope per claim, the national ID in `pid`, the
 * assurance level in `ial`; authorization code flow with PKCE (S256 required), state and
 * nonce, one confidential client. Plain http on localhost: oidc-provider marks cookies
 * `secure` only when the request is https, and no proxy is trusted.
 *
 * ID tokens carry the granted claims as well as userinfo (`conformIdTokenClaims: false`),
 * as a relying party reading either place expects.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from '../lib/log.ts';
import { findCitizen, syntheticCitizen, TEST_CITIZENS, type Citizen } from './citizens.ts';
import { claimsOf, requestedClaims, resolveClaimNames, scopeClaims, type ClaimNames } from './idp-claims.ts';
import { createMemoryAdapter } from './idp-memory-adapter.ts';
import { renderConsentPage, renderErrorPage, renderLoginPage } from './idp-pages.ts';

export type DevIdp = { issuer: string; close(): Promise<void> };

export type DevIdpOptions = {
  port: number;
  host: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Replaces the built-in test citizens. */
  citizens?: readonly Citizen[];
  /** Renames claims on the wire, e.g. `{ pid: 'national_id', ial: 'assurance_level' }`. */
  claimNames?: Partial<ClaimNames>;
  /** Scope → wire claim names; default one scope per claim, named like it (ThaID). */
  scopes?: Record<string, string[]>;
  /** Registered (and advertised) method; oidc-provider accepts the secret by Basic or in the body either way. */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  clientName?: string;
  log?: Logger;
};

const MAX_FORM_BYTES = 4096;

/** `http://host:port`, naming a wildcard bind by `localhost` so browsers can reach it. */
export function issuerFor(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

/** An opaque, stable subject per citizen: like ThaID, `sub` is not the national ID. */
export function subjectOf(nationalId: string): string {
  return createHash('sha256').update(`dev-idp:${nationalId}`).digest('base64url').slice(0, 22);
}

function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
}

/** ThaID asks the person to authenticate and consent on every request, so the policy does too. */
function everyTimePolicy() {
  const { Check, base } = interactionPolicy;
  const policy = base();
  const fresh = (kind: 'login' | 'consent') => (ctx: KoaContextWithOIDC) =>
    ctx.oidc.result?.[kind] ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
  policy.get('login')?.checks.add(new Check('every_request', 'authenticate on every request', fresh('login')));
  policy.get('consent')?.checks.add(new Check('every_request', 'consent on every request', fresh('consent')));
  return policy;
}

function providerConfiguration(opts: DevIdpOptions, names: ClaimNames, accounts: Map<string, Citizen>): Configuration {
  return {
    adapter: createMemoryAdapter(),
    clients: [{
      client_id: opts.clientId,
      client_secret: opts.clientSecret,
      client_name: opts.clientName ?? 'Soft Token',
      redirect_uris: opts.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: opts.tokenEndpointAuthMethod ?? 'client_secret_basic',
    }],
    claims: scopeClaims(names, opts.scopes),
    conformIdTokenClaims: false,
    findAccount(_ctx, sub) {
      const citizen = accounts.get(sub);
      return Promise.resolve(citizen && { accountId: sub, claims: () => Promise.resolve({ sub, ...claimsOf(citizen, names) }) });
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Only grants chosen in this very interaction count, so consent is asked every time.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? providerOf(ctx).Grant.find(grantId) : undefined;
    },
    interactions: { policy: everyTimePolicy(), url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    jwks: { keys: [signingKey()] },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      // Needed when another citizen signs in in the same browser: the provider ends the old session first.
      rpInitiatedLogout: { enabled: true },
    },
    // The client talks to us from its server, never from a browser.
    clientBasedCORS: () => false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 900, Session: 3600, Grant: 3600 },
  };
}

function providerOf(ctx: KoaContextWithOIDC): Provider {
  return (ctx.oidc as { provider: Provider }).provider;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendHtml(res: ServerResponse, status: number, html: string, formTargets: string[]): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // form-action also governs where the post's redirects may go: back to the client.
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formTargets.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

/** Citizen for a typed or chosen national ID: a listed one, else a stand-in for any valid ID. */
export function citizenForLogin(citizens: readonly Citizen[], input: string): Citizen | undefined {
  const id = input.replace(/[\s-]/g, '');
  return findCitizen(citizens, id) ?? syntheticCitizen(id);
}

type InteractionRoute = { uid: string; action?: 'login' | 'confirm' | 'abort' };

export function parseInteractionPath(pathname: string): InteractionRoute | undefined {
  const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/.exec(pathname);
  if (!m) return undefined;
  return { uid: m[1]!, action: m[2] as InteractionRoute['action'] };
}

export async function startDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  const citizens = opts.citizens ?? TEST_CITIZENS;
  const names = resolveClaimNames(opts.claimNames);
  const scopes = scopeClaims(names, opts.scopes);
  const clientName = opts.clientName ?? 'Soft Token';
  const formTargets = [...new Set(opts.redirectUris.map((u) => new URL(u).origin))];
  // Subject → citizen for everyone who signed in; the provider is one dev process.
  const accounts = new Map<string, Citizen>();

  const html = (res: ServerResponse, status: number, body: string) => sendHtml(res, status, body, formTargets);

  async function interaction(req: IncomingMessage, res: ServerResponse, route: InteractionRoute): Promise<void> {
    const op = oidc;
    const details = await op.interactionDetails(req, res);
    if (details.uid !== route.uid) {
      return html(res, 400, renderErrorPage({ th: 'รายการนี้ไม่ตรงกับการเข้าสู่ระบบปัจจุบัน กรุณาเริ่มใหม่', en: 'This page does not match the current sign-in; please start again.' }));
    }
    const { prompt, params, session } = details;
    if (route.action === 'abort' && req.method === 'POST') {
      return op.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User cancelled the sign-in' }, { mergeWithLastSubmission: false });
    }
    if (prompt.name === 'login') {
      if (route.action === 'login' && req.method === 'POST') {
        const citizen = citizenForLogin(citizens, (await readForm(req)).get('pid') ?? '');
        if (!citizen) {
          return html(res, 400, renderLoginPage({ uid: details.uid, clientName, citizens, error: 'เลขประจำตัวประชาชนไม่ถูกต้อง (National ID is not valid)' }));
        }
        const accountId = subjectOf(citizen.nationalId);
        accounts.set(accountId, citizen);
        return op.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      }
      return html(res, 200, renderLoginPage({ uid: details.uid, clientName, citizens }));
    }
    if (prompt.name === 'consent' && session) {
      const citizen = accounts.get(session.accountId);
      if (!citizen) return html(res, 400, renderErrorPage({ th: 'ไม่พบผู้ใช้ กรุณาเริ่มใหม่', en: 'Unknown user; please start again.' }));
      if (route.action === 'confirm' && req.method === 'POST') {
        const decision = (await readForm(req)).get('decision');
        if (decision !== 'allow') {
          return op.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User denied consent' }, { mergeWithLastSubmission: false });
        }
        const grant = new op.Grant({ accountId: session.accountId, clientId: String(params.client_id) });
        grant.addOIDCScope((prompt.details.missingOIDCScope ?? []).join(' '));
        if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
        const grantId = await grant.save();
        return op.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
      const claims = requestedClaims(String(params.scope ?? ''), names, scopes);
      return html(res, 200, renderConsentPage({ uid: details.uid, clientName, citizen, claims }));
    }
    return html(res, 400, renderErrorPage({ th: 'ไม่รองรับขั้นตอนนี้', en: `Unsupported prompt ${prompt.name}` }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = parseInteractionPath(new URL(req.url ?? '/', 'http://idp.invalid').pathname);
    if (!route) return oidcCallback(req, res);
    try {
      await interaction(req, res, route);
    } catch (err) {
      if (err instanceof errors.SessionNotFound) {
        return html(res, 400, renderErrorPage({ th: 'หมดเวลาการทำรายการ กรุณาเริ่มใหม่จากผู้ให้บริการ', en: 'This sign-in has expired; start again from the service.' }));
      }
      opts.log?.error({ err }, 'dev idp interaction failed');
      if (!res.headersSent) html(res, 500, renderErrorPage({ th: 'ระบบขัดข้อง', en: 'Internal error' }));
    }
  }

  const server = createServer((req, res) => { void handle(req, res); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(); });
  });
  const issuer = issuerFor(opts.host, (server.address() as AddressInfo).port);

  // Issuer known only after listening (port 0 picks one), so the provider is built now.
  // The handlers above run only once the server listens, after these are set.
  const oidc = new Provider(issuer, providerConfiguration(opts, names, accounts));
  oidc.proxy = false;
  oidc.on('server_error', (_ctx, err) => opts.log?.error({ err }, 'dev idp server error'));
  const oidcCallback = oidc.callback();

  return {
    issuer,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
