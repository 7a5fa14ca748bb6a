/**
 * The OpenID Connect provider on our origin (docs/oidc.md). Its own endpoints (discovery,
 * JWKS, authorize, token, userinfo, logout) are answered by oidc-provider on the raw Node
 * request; the interaction — the login — is ours: the provider sends the browser to
 * /oidc/interaction/<uid>, which signs in at once when this browser already holds a usable
 * portal session (single sign-on), else sends it to the web app's login page, which comes
 * back here when the usual login (password → phone approval → …) has ended on the portal.
 */
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import type { Interaction, InteractionResults } from 'oidc-provider';
import { z } from 'zod';
import { findEnabledOidcClient, findOidcRecord } from '../../db/queries/oidc.ts';
import { sha256 } from '../lib/crypto.ts';
import { recordAudit } from '../domain/audit.ts';
import { ACR, acrFor, claimsOf } from '../domain/oidc-claims.ts';
import { deleteSession, validateSession } from '../domain/sessions.ts';
import { AppError } from '../errors.ts';
import { actorOf, depsOf, type AppEnv, type Ctx } from '../http/context.ts';
import { clearedCookie, readCookie } from '../http/cookies.ts';
import { validate } from '../http/validate.ts';
import { errorPage } from '../lib/oidc-pages.ts';

const UidParam = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const ConsentBody = z.object({ decision: z.enum(['allow', 'deny']) });

function bindings(c: Ctx): HttpBindings {
  const env = c.env as Partial<HttpBindings> | undefined;
  // The provider speaks Node's http: it runs under @hono/node-server, not app.request().
  if (!env?.incoming || !env.outgoing) throw new AppError('not_found');
  return { incoming: env.incoming, outgoing: env.outgoing };
}

/** Hand the request to oidc-provider, which writes the response itself. */
async function toProvider(c: Ctx): Promise<Response> {
  const { incoming, outgoing } = bindings(c);
  await c.var.oidc.handle(incoming, outgoing);
  return RESPONSE_ALREADY_SENT;
}

function page(c: Ctx, error: string, description?: string, status: 400 | 404 = 400): Response {
  const { html, csp } = errorPage({ error, description });
  c.header('Content-Security-Policy', csp);
  c.header('Cache-Control', 'no-store');
  return c.html(html, status);
}

/**
 * This browser's portal session, when it may sign in to a client: a full staff login whose
 * soft token is active, neither suspended nor expired. A registration (unfinished), a forced
 * password change or an officer's session never is.
 */
async function usableSession(c: Ctx) {
  const token = readCookie(c, 'session');
  if (!token) return undefined;
  const { database, clock, config } = depsOf(c);
  const found = await validateSession(database.db, clock, config.session, token);
  if (!found.ok || found.session.kind !== 'portal' || found.account.kind !== 'staff') return undefined;
  if (!(await claimsOf(database.db, clock, found.account.id))) return undefined;
  return found;
}

type Usable = NonNullable<Awaited<ReturnType<typeof usableSession>>>;

/** The client asked for the phishing-resistant class (acr_values): only a passkey sign-in for our origin will do. */
function wantsPasskey(params: Interaction['params']): boolean {
  return typeof params.acr_values === 'string' && params.acr_values.split(' ').includes(ACR.phishingResistant);
}

/** The client asked for a fresh login (prompt=login, max_age): only a login made after its request counts. */
function freshEnough(details: Interaction, session: Usable['session']): boolean {
  const fresh = details.prompt.reasons.some((r) => r === 'login_prompt' || r === 'max_age');
  const started = typeof details.iat === 'number' ? details.iat * 1000 : 0;
  return !fresh || session.createdAt.getTime() >= started;
}

async function details(c: Ctx, uid: string): Promise<Interaction | Response> {
  const { incoming, outgoing } = bindings(c);
  try {
    const found = await (await c.var.oidc.provider()).interactionDetails(incoming, outgoing);
    if (found.uid !== uid) return page(c, 'session_not_found', 'this page belongs to another sign-in');
    return found;
  } catch {
    return page(c, 'session_not_found');
  }
}

async function finish(c: Ctx, result: InteractionResults): Promise<string> {
  const { incoming, outgoing } = bindings(c);
  return (await c.var.oidc.provider()).interactionResult(incoming, outgoing, result, { mergeWithLastSubmission: false });
}

/** The login step is done (or consent is needed): where the browser goes next. */
async function proceed(c: Ctx, uid: string): Promise<Response> {
  const found = await details(c, uid);
  if (found instanceof Response) return found;
  const clientId = String(found.params.client_id ?? '');
  const session = await usableSession(c);
  const enough = session && freshEnough(found, session.session)
    && (!wantsPasskey(found.params) || acrFor(session.session.amr) === ACR.phishingResistant);
  if (!session || !enough) return c.redirect(`/?interaction=${encodeURIComponent(uid)}`, 303);
  if (found.prompt.name === 'login') {
    const { account } = session;
    const amr = session.session.amr;
    await recordAudit(depsOf(c).database.db, actorOf(c, 'user', account.id), 'oidc.sign_in', {
      accountId: account.id, targetType: 'oidc_client', targetId: clientId, details: { amr },
    });
    return c.redirect(await finish(c, {
      login: { accountId: account.id, ts: Math.floor(session.session.createdAt.getTime() / 1000), amr, acr: acrFor(amr), remember: true },
    }), 303);
  }
  // Consent: only clients that are not first-party get here (a first-party grant is made by the provider).
  if (found.session?.accountId !== session.account.id) return c.redirect(`/?interaction=${encodeURIComponent(uid)}`, 303);
  return c.redirect(`/consent?interaction=${encodeURIComponent(uid)}`, 303);
}

export const oidcRoutes = new Hono<AppEnv>()
  .get('/.well-known/openid-configuration', toProvider)
  .get('/oidc/interaction/:uid', validate('param', UidParam), (c) => proceed(c, c.req.valid('param').uid))
  // The web app comes back here once its login has ended on the portal.
  .get('/oidc/interaction/:uid/continue', validate('param', UidParam), (c) => proceed(c, c.req.valid('param').uid))

  /** The consent page's answer (fetch from our page, so a CSP on forms never blocks the redirect). */
  .post('/oidc/interaction/:uid/consent', validate('param', UidParam), validate('json', ConsentBody), async (c) => {
    const { uid } = c.req.valid('param');
    const found = await details(c, uid);
    if (found instanceof Response) throw new AppError('request_not_found');
    const session = await usableSession(c);
    if (found.prompt.name !== 'consent' || !session || found.session?.accountId !== session.account.id) throw new AppError('forbidden');
    const clientId = String(found.params.client_id ?? '');
    const allow = c.req.valid('json').decision === 'allow';
    await recordAudit(depsOf(c).database.db, actorOf(c, 'user', session.account.id), allow ? 'oidc.consent' : 'oidc.consent_denied', {
      accountId: session.account.id, targetType: 'oidc_client', targetId: clientId,
      details: { scope: found.params.scope },
    });
    if (!allow) return c.json({ redirectTo: await finish(c, { error: 'access_denied', error_description: 'End-User denied consent' }) });
    const provider = await c.var.oidc.provider();
    const grant = (found.grantId ? await provider.Grant.find(found.grantId) : undefined) ?? new provider.Grant({ accountId: session.account.id, clientId });
    const missing = found.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return c.json({ redirectTo: await finish(c, { consent: { grantId: await grant.save() } }) });
  })

  /** Cancel: the client hears access_denied. */
  .post('/oidc/interaction/:uid/abort', validate('param', UidParam), async (c) => {
    const found = await details(c, c.req.valid('param').uid);
    if (found instanceof Response) throw new AppError('request_not_found');
    return c.json({ redirectTo: await finish(c, { error: 'access_denied', error_description: 'End-User cancelled the sign-in' }) });
  })

  /** RP-initiated logout ends our own session in this browser too. */
  .post('/oidc/session/end/confirm', async (c) => {
    const token = readCookie(c, 'session');
    if (token) await deleteSession(depsOf(c).database.db, token);
    // The provider writes the response itself (its own cookies are added to this one).
    bindings(c).outgoing.setHeader('Set-Cookie', [clearedCookie(c, 'session')]);
    return toProvider(c);
  })
  .all('/oidc/*', toProvider);

/** What the login and consent pages show about the client that asked (read without waking the provider: a GET changes nothing). */
export const oidcInteractionRoutes = new Hono<AppEnv>()
  .get('/interactions/:uid', validate('param', UidParam), async (c) => {
    const { database, clock } = depsOf(c);
    const uid = c.req.valid('param').uid;
    const interaction = await findOidcRecord(database.db, 'Interaction', sha256(uid), clock.now());
    const params = (interaction?.payload.params ?? {}) as Interaction['params'];
    const client = typeof params.client_id === 'string' ? await findEnabledOidcClient(database.db, params.client_id) : undefined;
    if (!client) throw new AppError('not_found');
    return c.json({
      uid, clientName: client.name, firstParty: client.firstParty,
      // The client accepts only a passkey sign-in: the login page offers nothing else.
      passkeyOnly: wantsPasskey(params),
      scopes: typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [],
    });
  });
