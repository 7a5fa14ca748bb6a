/**
 * Soft Token as an OpenID Connect provider (SPEC §6, docs/oidc.md), built on the certified
 * `oidc-provider` library: discovery, JWKS, authorization code flow with PKCE (S256, required
 * for every client), ID tokens, userinfo, revocation, RP-initiated and back-channel logout;
 * no refresh tokens. Its state lives in PostgreSQL (`oidc_records`, ids hashed), its signing
 * keys and clients too, so any instance serves any request. The login itself is ours: the
 * provider sends the browser to /oidc/interaction/<uid> (api/routes/oidc.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { interactionPolicy, type Adapter, type AdapterPayload, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '../../db/index.ts';
import {
  ACCOUNT_MODELS, OIDC_LOGOUT_CHANNEL, consumeOidcRecord, deleteOidcGrant, deleteOidcRecord, findEnabledOidcClient, findOidcRecord,
  findOidcRecordByUid, publishedOidcKeys, upsertOidcRecord, type OidcRecord,
} from '../../db/queries/oidc.ts';
import type { OidcClient } from '../../db/schema.ts';
import type { Config } from '../config.ts';
import { ACR, SCOPE_CLAIMS, claimsOf } from '../domain/oidc-claims.ts';
import { OIDC_KEYS_CHANNEL, cookieKeys, loadSigningKeys } from '../domain/oidc-keys.ts';
import type { Clock } from '../lib/clock.ts';
import { sha256 } from '../lib/crypto.ts';
import type { Logger } from '../lib/log.ts';
import { errorPage, loggedOutPage, logoutConfirmPage, type OidcPage } from '../lib/oidc-pages.ts';

/** Where the provider's endpoints live; discovery stays at /.well-known/openid-configuration. */
export const OIDC_ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  jwks: '/oidc/jwks',
  userinfo: '/oidc/me',
  end_session: '/oidc/session/end',
  revocation: '/oidc/token/revocation',
  introspection: '/oidc/token/introspection',
  pushed_authorization_request: '/oidc/request',
  code_verification: '/oidc/device',
  device_authorization: '/oidc/device/auth',
  backchannel_authentication: '/oidc/backchannel',
  challenge: '/oidc/challenge',
};

export const OIDC_COOKIES = { session: 'st_oidc_session', interaction: 'st_oidc_interaction', resume: 'st_oidc_resume' };

export type OidcDeps = { config: Config; database: Database; clock: Clock; log: Logger };

export type OidcService = {
  /** The provider, rebuilt when the signing keys change (another instance rotated them). */
  provider(): Promise<Provider>;
  /** Let the provider answer a request (its own endpoints). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Tell the clients of ended provider sessions (back-channel logout), best effort. */
  notifyLogout(sessions: Array<Pick<OidcRecord, 'payload'>>): Promise<void>;
};

/** The metadata the provider reads for one of our registered clients. */
export function clientMetadata(client: OidcClient): ClientMetadata {
  return {
    client_id: client.id,
    ...(client.public ? {} : { client_secret: client.secret ?? undefined }),
    client_name: client.name,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    ...(client.backchannelLogoutUri ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: client.public ? 'none' : 'client_secret_basic',
    require_auth_time: true,
    application_type: 'web',
  };
}

/** oidc-provider's storage on `oidc_records`: the id of codes and tokens is the bearer value, so only its hash is kept. */
function createAdapter(deps: OidcDeps, model: string): Adapter {
  const { db } = deps.database;
  const now = () => deps.clock.now();
  const toPayload = (row: OidcRecord | undefined, id: string): AdapterPayload | undefined => {
    if (!row) return undefined;
    return { ...row.payload, jti: id, ...(row.consumedAt ? { consumed: Math.floor(row.consumedAt.getTime() / 1000) } : {}) };
  };
  if (model === 'Client') {
    return {
      upsert: () => Promise.reject(new Error('clients are registered by an admin')),
      async find(id) {
        const client = await findEnabledOidcClient(db, id);
        return client ? clientMetadata(client) : undefined;
      },
      findByUid: () => Promise.resolve(undefined),
      findByUserCode: () => Promise.resolve(undefined),
      consume: () => Promise.resolve(),
      destroy: () => Promise.resolve(),
      revokeByGrantId: () => Promise.resolve(),
    };
  }
  const owned = (ACCOUNT_MODELS as readonly string[]).includes(model);
  return {
    async upsert(id, payload, expiresIn) {
      const { jti: _jti, consumed: _consumed, ...rest } = payload;
      const accountId = owned && typeof payload.accountId === 'string' ? payload.accountId : null;
      await upsertOidcRecord(db, {
        model, idHash: sha256(id), payload: rest, accountId,
        grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
        uid: model === 'Session' && typeof payload.uid === 'string' ? payload.uid : null,
        expiresAt: typeof expiresIn === 'number' ? new Date(now().getTime() + expiresIn * 1000) : null,
        consumedAt: typeof payload.consumed === 'number' ? new Date(payload.consumed * 1000) : null,
      });
    },
    async find(id) { return toPayload(await findOidcRecord(db, model, sha256(id), now()), id); },
    async findByUid(uid) {
      const row = await findOidcRecordByUid(db, model, uid, now());
      // The id itself is not stored: a session found by uid carries none (the provider keys the cookie by it).
      return row ? { ...row.payload, ...(row.consumedAt ? { consumed: Math.floor(row.consumedAt.getTime() / 1000) } : {}) } : undefined;
    },
    findByUserCode: () => Promise.resolve(undefined),
    async consume(id) { await consumeOidcRecord(db, model, sha256(id), now()); },
    async destroy(id) { await deleteOidcRecord(db, model, sha256(id)); },
    async revokeByGrantId(grantId) { await deleteOidcGrant(db, grantId); },
  };
}

function send(ctx: KoaContextWithOIDC, page: OidcPage, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', page.csp);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = page.html;
}

/**
 * The library's prompts, plus one: a client asking for the phishing-resistant class
 * (`acr_values`) makes a session reached any other way log in again, with a passkey.
 */
function loginPolicy() {
  const { Check, base } = interactionPolicy;
  const policy = base();
  policy.get('login')?.checks.add(new Check('phishing_resistant', 'a passkey sign-in is required', (ctx) => {
    const asked = ctx.oidc.params?.acr_values;
    const wants = typeof asked === 'string' && asked.split(' ').includes(ACR.phishingResistant);
    return wants && ctx.oidc.session?.acr !== ACR.phishingResistant ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  }));
  return policy;
}

function configuration(deps: OidcDeps, keys: Array<Record<string, unknown>>, cookieSecrets: string[]): Configuration {
  const { config, database, clock } = deps;
  const cookie = { httpOnly: true, sameSite: 'lax', signed: true };
  return {
    adapter: (model: string) => createAdapter(deps, model),
    async findAccount(_ctx, sub) {
      const claims = await claimsOf(database.db, clock, sub);
      return claims && { accountId: sub, claims: () => Promise.resolve(claims) };
    },
    claims: {
      // How the user signed in goes in every ID token (the library releases a claim only through a scope).
      openid: [...SCOPE_CLAIMS.openid, 'acr', 'amr', 'auth_time'], profile: [...SCOPE_CLAIMS.profile], gfmis: [...SCOPE_CLAIMS.gfmis],
      acr: null, amr: null, auth_time: null, sid: null, iss: null,
    } as unknown as Record<string, string[]>,
    scopes: ['openid', 'profile', 'gfmis'],
    acrValues: Object.values(ACR),
    // The ID token carries the granted claims as well as userinfo: a portal may read either.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    routes: OIDC_ROUTES,
    interactions: { policy: loginPolicy(), url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}` },
    // A first-party client (the finance portal) never shows a consent screen: its grant covers what it asks.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const clientId = oidc.client?.clientId;
      const accountId = oidc.session?.accountId;
      if (!clientId || !accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      const client = await findEnabledOidcClient(database.db, clientId);
      if (!client?.firstParty) return existing;
      const grant = existing ?? new oidc.provider.Grant({ accountId, clientId });
      grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
      await grant.save();
      return grant;
    },
    issueRefreshToken: () => false,
    // Outgoing calls (back-channel logout) refuse private and loopback addresses, except a
    // client on this machine during development and tests.
    fetch(url: URL | string, options: RequestInit & { dispatcher?: unknown }) {
      const host = new URL(url).hostname;
      if (!config.production && (host === 'localhost' || host === '127.0.0.1' || host === '[::1]')) delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
    // Public clients (a browser app) call the token endpoint from their own origin.
    clientBasedCORS(_ctx, origin, client) {
      const c = client as { tokenEndpointAuthMethod?: string; redirectUris?: string[] };
      return c.tokenEndpointAuthMethod === 'none' && (c.redirectUris ?? []).some((u) => new URL(u).origin === origin);
    },
    cookies: { names: OIDC_COOKIES, keys: cookieSecrets, long: cookie, short: cookie },
    jwks: { keys },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx: KoaContextWithOIDC, form: string) {
          const target = ctx.oidc.params?.post_logout_redirect_uri;
          const client = ctx.oidc.client as { clientName?: string } | undefined;
          send(ctx, logoutConfirmPage({ form, clientName: client?.clientName, formTargets: target ? [new URL(target).origin] : [] }));
          return Promise.resolve();
        },
        postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          send(ctx, loggedOutPage((ctx.oidc.client as { clientName?: string } | undefined)?.clientName));
          return Promise.resolve();
        },
      },
    },
    renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) {
      send(ctx, errorPage({ error: out.error, description: out.error_description }), ctx.status >= 400 ? ctx.status : 400);
      return Promise.resolve();
    },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: config.oidc.accessTokenMinutes * 60,
      IdToken: 3600,
      // Password, the phone's approval and perhaps a forced password change or renewal fit in it.
      Interaction: 15 * 60,
      Session: config.oidc.sessionHours * 3600,
      Grant: config.oidc.sessionHours * 3600,
    },
  };
}

/** How often an instance checks for a key rotation it was not told about (a lost NOTIFY, the grace period ending). */
const KEY_RECHECK_MS = 5 * 60_000;

export function createOidcService(deps: OidcDeps): OidcService {
  const { config, database, clock, log } = deps;
  let current: { provider: Provider; handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>; kids: string; checkedAt: number; stale?: boolean } | undefined;
  let building: Promise<NonNullable<typeof current>> | undefined;
  let listening: Promise<unknown> | undefined;

  const publishedKids = async () => {
    const since = new Date(clock.now().getTime() - config.oidc.keyGraceHours * 3600_000);
    return (await publishedOidcKeys(database.db, since)).map((k) => k.kid).join(',');
  };

  const build = async () => {
    listening ??= Promise.all([
      database.listen(OIDC_KEYS_CHANNEL, () => { if (current) current.stale = true; }),
      // Sessions ended by a password change, a revocation, …: their clients hear of it from
      // every instance that serves the provider (a client ignores a logout it already had).
      database.listen(OIDC_LOGOUT_CHANNEL, (payload) => {
        const ended = (JSON.parse(payload) as Array<Record<string, unknown>>).map((p) => ({ payload: p }));
        void service.notifyLogout(ended).catch((err: unknown) => log.warn({ err }, 'oidc: back-channel logout failed'));
      }),
    ]).catch((err: unknown) => log.warn({ err }, 'oidc: notification channels not available'));
    const keys = await loadSigningKeys(database.db, clock, config.oidc.keyGraceHours);
    const kids = keys.map((k) => String(k.kid)).join(',');
    if (current && current.kids === kids) return { ...current, checkedAt: performance.now(), stale: false };
    const provider = new Provider(config.publicOrigin, configuration(deps, keys, await cookieKeys(database.db)));
    provider.proxy = config.trustProxyHops > 0;
    provider.on('server_error', (_ctx, err) => log.error({ err }, 'oidc: server error'));
    provider.on('backchannel.error', (...args: unknown[]) => log.warn({ err: args[1] }, 'oidc: back-channel logout failed'));
    return { provider, handler: provider.callback(), kids, checkedAt: performance.now() };
  };

  const ready = async () => {
    if (current && !current.stale && performance.now() - current.checkedAt < KEY_RECHECK_MS) return current;
    if (current && (await publishedKids()) === current.kids) {
      current.checkedAt = performance.now();
      current.stale = false;
      return current;
    }
    building ??= build().then((built) => (current = built)).finally(() => { building = undefined; });
    return building;
  };

  const service: OidcService = {
    async provider() { return (await ready()).provider; },
    async handle(req, res) { await (await ready()).handler(req, res); },
    async notifyLogout(sessions) {
      const provider = (await ready()).provider;
      for (const session of sessions) {
        const accountId = session.payload.accountId;
        const authorizations = (session.payload.authorizations ?? {}) as Record<string, { sid?: string }>;
        for (const [clientId, { sid }] of Object.entries(authorizations)) {
          if (typeof accountId !== 'string' || !sid) continue;
          const client = await provider.Client.find(clientId).catch(() => undefined);
          if (!client || !(client as { backchannelLogoutUri?: string }).backchannelLogoutUri) continue;
          await client.backchannelLogout(accountId, sid).catch((err: unknown) => log.warn({ err, clientId }, 'oidc: back-channel logout failed'));
        }
      }
    },
  };
  return service;
}
