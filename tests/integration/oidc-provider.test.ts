/**
 * [RP] Soft Token as an OpenID Connect provider, driven by `openid-client` as the relying
 * party over real HTTP: discovery, the code flow with PKCE through the full password →
 * picture-matching approval, the ID token and userinfo, refusals (redirect URI, code reuse,
 * PKCE), key rotation, single sign-on and its end, and two API instances on one database.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/index.ts';
import { oidcClients, oidcRecords } from '../../db/schema.ts';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { rotateSigningKeys } from '../../api/domain/oidc-keys.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { browser, fetchVia, relyingParty, serve, type Browser, type Served } from '../helpers/oidc.ts';
import { seedApprovedRegistration } from '../helpers/fixtures.ts';
import { activatedAccount, answerOnPhone, portalSession, type Activated } from '../helpers/token.ts';

type TestApp = ReturnType<typeof createTestApp>;

const PORTAL = { id: 'gfmis-portal', secret: 'portal-secret-0123456789abcdefghijklmnop', redirect: 'http://localhost:4010/callback', logout: 'http://localhost:4010/' };
const OTHER = { id: 'other-system', secret: 'other-secret-0123456789abcdefghijklmnopq', redirect: 'http://localhost:4020/callback' };
const THIRD = { id: 'third-party', secret: 'third-secret-0123456789abcdefghijklmnopq', redirect: 'https://third.example/callback' };
const PUBLIC = { id: 'public-app', redirect: 'http://localhost:4030/callback' };
const SCOPE = 'openid profile gfmis';

let tdb: TestDatabase;
let second: Database;
let one: TestApp;
let two: TestApp;
let servers: Served[];
let ports: number[];
let backchannel: Server;
const logoutTokens: string[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  // A second instance: its own connection pool on PostgreSQL (one process can open PGlite only once).
  second = usingPostgres ? await openDatabase({ url: tdb.url! }) : tdb.database;
  one = createTestApp(tdb.database);
  two = createTestApp(second);
  for (const t of [one, two]) (t.clock as unknown as { set(d: Date): void }).set(new Date());
  servers = [await serve(one), await serve(two)];
  ports = servers.map((s) => s.port);
  backchannel = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? ''); res.writeHead(200).end(); });
  });
  await new Promise<void>((resolve) => backchannel.listen(0, '127.0.0.1', resolve));
  const bcPort = (backchannel.address() as AddressInfo).port;
  await tdb.database.db.insert(oidcClients).values([
    { id: PORTAL.id, name: 'GFMIS Web Portal', secret: PORTAL.secret, redirectUris: [PORTAL.redirect], postLogoutRedirectUris: [PORTAL.logout], firstParty: true },
    { id: THIRD.id, name: 'Third Party', secret: THIRD.secret, redirectUris: [THIRD.redirect] },
    { id: PUBLIC.id, name: 'Public App', redirectUris: [PUBLIC.redirect], public: true, firstParty: true },
    { id: OTHER.id, name: 'Other System', secret: OTHER.secret, redirectUris: [OTHER.redirect], firstParty: true, backchannelLogoutUri: `http://127.0.0.1:${bcPort}/backchannel` },
  ]);
}, 120_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  backchannel.close();
  if (second !== tdb.database) await second.close();
  await tdb.drop();
});

async function authorizationRequest(rp: oidc.Configuration, redirect: string, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(rp, {
    redirect_uri: redirect, scope: SCOPE, nonce, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
  });
  return { url, verifier, nonce, state };
}

/** The desktop's usual login in `b` (password → the phone signs the picture → session). */
async function loginInBrowser(b: Browser, a: Activated, password: string) {
  const started = await b.request('/api/auth/login', { method: 'POST', json: { username: a.username, password } });
  const body = await started.json() as { requestId: string; picture: string; next: string };
  expect(body.next).toBe('approve');
  const phone = await answerOnPhone(one, a, body.requestId, () => body.picture);
  expect(phone.res.status).toBe(200);
  const done = await b.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST' });
  expect(await done.json()).toMatchObject({ next: 'portal' });
}

async function jwks() {
  return (await fetchVia(ports)(`${TEST_ORIGIN}/oidc/jwks`)).json() as Promise<jose.JSONWebKeySet>;
}

describe('[RP] the OpenID Connect provider', () => {
  let a: Activated;
  let password: string;
  let b: Browser;
  let rp: oidc.Configuration;
  let firstIdToken: string;
  let lastIdToken: string;

  it('should publish discovery on our origin with PKCE S256, our scopes, claims and acr values', async () => {
    rp = await relyingParty(ports, PORTAL);
    const meta = rp.serverMetadata();
    expect(meta.issuer).toBe(TEST_ORIGIN);
    expect(meta.authorization_endpoint).toBe(`${TEST_ORIGIN}/oidc/auth`);
    expect(meta.jwks_uri).toBe(`${TEST_ORIGIN}/oidc/jwks`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'gfmis']));
    expect(meta.claims_supported).toEqual(expect.arrayContaining(['preferred_username', 'name', 'name_en', 'gfmis_unit', 'soft_token_valid_until', 'amr', 'acr', 'auth_time']));
    expect(meta.acr_values_supported).toEqual(['urn:softtoken:acr:picture-match', 'urn:softtoken:acr:phishing-resistant']);
    expect(meta.backchannel_logout_supported).toBe(true);
    expect(meta.end_session_endpoint).toBe(`${TEST_ORIGIN}/oidc/session/end`);
    expect(meta.response_types_supported).toEqual(['code']);
  });

  it('should sign a user in through the password and the phone\'s picture matching, across two instances', async () => {
    a = await activatedAccount(one, tdb.database);
    password = (await portalSession(one, a)).password; // the forced first change is behind us
    // The browser's requests alternate between the two instances; the token request goes to the second.
    let turn = 0;
    b = browser(ports, () => turn++ % 2);
    rp = await relyingParty(ports, PORTAL, (url) => (url.pathname === '/oidc/token' ? 1 : 0));
    const req = await authorizationRequest(rp, PORTAL.redirect);

    const toLogin = await b.follow(req.url);
    expect(toLogin.url.pathname).toBe('/');
    const uid = toLogin.url.searchParams.get('interaction')!;
    expect(uid).toMatch(/^[A-Za-z0-9_-]+$/);
    const info = await (await b.request(`/api/oidc/interactions/${uid}`)).json();
    expect(info).toMatchObject({ clientName: 'GFMIS Web Portal', firstParty: true, scopes: ['openid', 'profile', 'gfmis'] });

    await loginInBrowser(b, a, password);
    const back = await b.follow(`/oidc/interaction/${uid}/continue`);
    expect(back.url.origin + back.url.pathname).toBe(PORTAL.redirect);

    const tokens = await oidc.authorizationCodeGrant(rp, back.url, { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, expectedState: req.state });
    expect(tokens.refresh_token).toBeUndefined();
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      iss: TEST_ORIGIN, aud: PORTAL.id, nonce: req.nonce, sub: a.account.id,
      amr: ['pwd', 'swk', 'user', 'mfa'], acr: 'urn:softtoken:acr:picture-match',
      preferred_username: a.username, gfmis_unit: { code: '0300200000', name: expect.any(String) },
    });
    expect(claims.auth_time).toEqual(expect.any(Number));
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
    // The signature, against the published keys.
    const verified = await jose.jwtVerify(tokens.id_token!, jose.createLocalJWKSet(await jwks()), { issuer: TEST_ORIGIN, audience: PORTAL.id });
    expect(verified.payload.sub).toBe(a.account.id);
    firstIdToken = tokens.id_token!;

    const info2 = await oidc.fetchUserInfo(rp, tokens.access_token, a.account.id);
    expect(info2).toMatchObject({ sub: a.account.id, preferred_username: a.username, name: expect.any(String), soft_token_valid_until: expect.any(String) });
    // The national ID is never released, not even hidden in another claim.
    for (const released of [JSON.stringify(claims), JSON.stringify(info2)]) expect(released).not.toContain(a.person.nationalId);
    expect(claims.sub).not.toBe(a.username);
  }, 120_000);

  it('should refuse a reused code and revoke the tokens it gave', async () => {
    const req = await authorizationRequest(rp, PORTAL.redirect);
    const back = await b.follow(req.url); // single sign-on: straight back with a code
    expect(back.url.origin + back.url.pathname).toBe(PORTAL.redirect);
    const tokens = await oidc.authorizationCodeGrant(rp, back.url, { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, expectedState: req.state });
    await expect(oidc.fetchUserInfo(rp, tokens.access_token, a.account.id)).resolves.toMatchObject({ sub: a.account.id });
    await expect(oidc.authorizationCodeGrant(rp, back.url, { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, expectedState: req.state }))
      .rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.fetchUserInfo(rp, tokens.access_token, a.account.id)).rejects.toBeDefined();
  });

  it('should refuse a wrong PKCE verifier', async () => {
    const req = await authorizationRequest(rp, PORTAL.redirect);
    const back = await b.follow(req.url);
    await expect(oidc.authorizationCodeGrant(rp, back.url, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedNonce: req.nonce, expectedState: req.state }))
      .rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('should refuse an unregistered or merely prefix-matching redirect URI without redirecting', async () => {
    for (const redirect of ['http://localhost:4010/callback/evil', 'http://localhost:4010/call', 'http://localhost:4010/callback?x=1', 'https://evil.example/callback']) {
      const req = await authorizationRequest(rp, redirect);
      const res = await b.request(req.url);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('redirect_uri');
    }
  });

  it('should keep the old key published after a rotation, so earlier ID tokens still verify', async () => {
    const oldKid = jose.decodeProtectedHeader(firstIdToken).kid;
    const { kid } = await rotateSigningKeys(tdb.database.db, one.clock, 24, SYSTEM_ACTOR);
    // Every instance hears of it (NOTIFY) and reloads.
    await expect.poll(async () => (await jwks()).keys.map((k) => k.kid), { timeout: 10_000 }).toEqual([kid, oldKid]);
    const req = await authorizationRequest(rp, PORTAL.redirect);
    const back = await b.follow(req.url);
    const tokens = await oidc.authorizationCodeGrant(rp, back.url, { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, expectedState: req.state });
    expect(jose.decodeProtectedHeader(tokens.id_token!).kid).toBe(kid);
    lastIdToken = tokens.id_token!;
    const keys = jose.createLocalJWKSet(await jwks());
    for (const token of [firstIdToken, tokens.id_token!]) {
      await expect(jose.jwtVerify(token, keys, { issuer: TEST_ORIGIN, audience: PORTAL.id, currentDate: new Date((jose.decodeJwt(token).iat ?? 0) * 1000) })).resolves.toBeDefined();
    }
    // After the grace period, the next rotation drops it.
    one.clock.advance(25 * 3600_000);
    const third = await rotateSigningKeys(tdb.database.db, one.clock, 24, SYSTEM_ACTOR);
    expect(third.deleted).toBe(1);
    one.clock.advance(-25 * 3600_000);
    await expect.poll(async () => (await jwks()).keys.map((k) => k.kid), { timeout: 10_000 }).toEqual([third.kid, kid]);
  });

  it('should sign in to a second client without asking again, and end both with a back-channel logout', async () => {
    const other = await relyingParty(ports, OTHER);
    const req = await authorizationRequest(other, OTHER.redirect);
    const back = await b.follow(req.url);
    expect(back.url.origin + back.url.pathname).toBe(OTHER.redirect);
    const otherTokens = await oidc.authorizationCodeGrant(other, back.url, { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, expectedState: req.state });
    const sid = otherTokens.claims()!.sid;
    expect(sid).toEqual(expect.any(String));

    // Sign-out started at the portal (RP-initiated): a confirmation page, then the session ends.
    const end = oidc.buildEndSessionUrl(rp, { id_token_hint: lastIdToken, post_logout_redirect_uri: PORTAL.logout, state: 'bye' });
    const confirm = await b.request(end);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('ออกจากระบบ');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(xsrf).toBeDefined();
    const done = await b.request('/oidc/session/end/confirm', { method: 'POST', form: { xsrf: xsrf!, logout: 'yes' } });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${PORTAL.logout}?state=bye`);

    // The other client heard of it, with a logout token we signed for it.
    expect(logoutTokens).toHaveLength(1);
    const logout = await jose.jwtVerify(logoutTokens[0]!, jose.createLocalJWKSet(await jwks()), { issuer: TEST_ORIGIN, audience: OTHER.id });
    expect(logout.payload).toMatchObject({ sub: a.account.id, sid, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } });

    // Our own session in this browser ended too: the next sign-in asks for the login again.
    expect((await b.request('/api/auth/me')).status).toBe(401);
    const again = await authorizationRequest(rp, PORTAL.redirect);
    expect((await b.follow(again.url)).url.pathname).toBe('/');
  }, 120_000);

  it('should end the provider\'s sessions when the password changes, and tell the clients', async () => {
    await loginInBrowser(b, a, password);
    const req = await authorizationRequest(rp, PORTAL.redirect);
    expect((await b.follow(req.url)).url.origin + '/callback').toBe(PORTAL.redirect);
    const other = await relyingParty(ports, OTHER);
    const otherReq = await authorizationRequest(other, OTHER.redirect);
    const otherBack = await b.follow(otherReq.url);
    const sid = (await oidc.authorizationCodeGrant(other, otherBack.url, { pkceCodeVerifier: otherReq.verifier, expectedNonce: otherReq.nonce, expectedState: otherReq.state })).claims()!.sid;
    logoutTokens.length = 0;
    const before = await tdb.database.db.select().from(oidcRecords);
    expect(before.some((r) => r.model === 'Session' && r.accountId === a.account.id)).toBe(true);
    const NEW = 'Tamarind#river-Kr9';
    const changed = await b.request('/api/auth/password', { method: 'POST', json: { oldPassword: password, newPassword: NEW, confirmPassword: NEW } });
    expect(changed.status).toBe(200);
    password = NEW;
    const after = await tdb.database.db.select().from(oidcRecords);
    expect(after.some((r) => r.accountId === a.account.id)).toBe(false);
    // The other client hears of it by back-channel (from each instance that serves the provider).
    await expect.poll(() => logoutTokens.length).toBeGreaterThan(0);
    for (const token of logoutTokens) {
      const logout = await jose.jwtVerify(token, jose.createLocalJWKSet(await jwks()), { issuer: TEST_ORIGIN, audience: OTHER.id });
      expect(logout.payload).toMatchObject({ sub: a.account.id, sid });
    }
    const again = await authorizationRequest(rp, PORTAL.redirect);
    expect((await b.follow(again.url)).url.pathname).toBe('/');
  }, 120_000);

  it('should keep codes and tokens only as hashes', async () => {
    await loginInBrowser(b, a, password);
    const req = await authorizationRequest(rp, PORTAL.redirect);
    const back = await b.follow(req.url);
    const code = back.url.searchParams.get('code')!;
    const tokens = await oidc.authorizationCodeGrant(rp, back.url, { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, expectedState: req.state });
    const dump = JSON.stringify(await tdb.database.db.select().from(oidcRecords));
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(tokens.access_token);
  }, 120_000);

  it('should ask a client that is not first-party for consent, and tell it when the user says no', async () => {
    const third = await relyingParty(ports, THIRD);
    const ask = async () => {
      const req = await authorizationRequest(third, THIRD.redirect);
      const toConsent = await b.follow(req.url);
      expect(toConsent.url.pathname).toBe('/consent');
      return { req, uid: toConsent.url.searchParams.get('interaction')! };
    };
    const first = await ask();
    expect(await (await b.request(`/api/oidc/interactions/${first.uid}`)).json()).toMatchObject({ clientName: 'Third Party', firstParty: false });
    // Another site cannot answer for the user.
    const forged = await b.request(`/oidc/interaction/${first.uid}/consent`, { method: 'POST', json: { decision: 'allow' }, headers: { origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    const denied = await (await b.request(`/oidc/interaction/${first.uid}/consent`, { method: 'POST', json: { decision: 'deny' } })).json() as { redirectTo: string };
    const refused = await b.follow(denied.redirectTo);
    expect(refused.url.origin + refused.url.pathname).toBe(THIRD.redirect);
    expect(refused.url.searchParams.get('error')).toBe('access_denied');

    const second = await ask();
    const allowed = await (await b.request(`/oidc/interaction/${second.uid}/consent`, { method: 'POST', json: { decision: 'allow' } })).json() as { redirectTo: string };
    const back = await b.follow(allowed.redirectTo);
    const tokens = await oidc.authorizationCodeGrant(third, back.url, { pkceCodeVerifier: second.req.verifier, expectedNonce: second.req.nonce, expectedState: second.req.state });
    expect(tokens.claims()).toMatchObject({ sub: a.account.id, aud: THIRD.id });
    // Consent is remembered for the session: the next sign-in goes straight back.
    const again = await authorizationRequest(third, THIRD.redirect);
    expect((await b.follow(again.url)).url.origin).toBe('https://third.example');
  }, 120_000);

  it('should let a public client in with PKCE and no secret', async () => {
    const app = await relyingParty(ports, PUBLIC);
    const req = await authorizationRequest(app, PUBLIC.redirect);
    const back = await b.follow(req.url);
    const tokens = await oidc.authorizationCodeGrant(app, back.url, { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, expectedState: req.state });
    expect(tokens.claims()).toMatchObject({ sub: a.account.id, aud: PUBLIC.id });
    // Without a code challenge the request is refused (PKCE is required of every client).
    const url = new URL(req.url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const refused = await b.follow(url);
    expect(refused.url.searchParams.get('error')).toBe('invalid_request');
  }, 120_000);

  it('should keep a user whose registration is unfinished on our side, never half-signed-in at the client', async () => {
    const seed = await seedApprovedRegistration(tdb.database);
    const fresh = browser(ports);
    const req = await authorizationRequest(rp, PORTAL.redirect);
    const uid = (await fresh.follow(req.url)).url.searchParams.get('interaction')!;
    const login = await fresh.request('/api/auth/login', { method: 'POST', json: { username: seed.username, password: seed.initialPassword } });
    expect(await login.json()).toMatchObject({ next: 'tracker' });
    const after = await fresh.follow(`/oidc/interaction/${uid}/continue`);
    expect(after.url.pathname).toBe('/');
    expect(after.url.searchParams.get('interaction')).toBe(uid);
  }, 120_000);

  it('should sign the browser out of the clients too when the user signs out at Soft Token', async () => {
    await loginInBrowser(b, a, password);
    const other = await relyingParty(ports, OTHER);
    const req = await authorizationRequest(other, OTHER.redirect);
    const back = await b.follow(req.url);
    const sid = (await oidc.authorizationCodeGrant(other, back.url, { pkceCodeVerifier: req.verifier, expectedNonce: req.nonce, expectedState: req.state })).claims()!.sid;
    logoutTokens.length = 0;
    expect((await b.request('/api/auth/logout', { method: 'POST' })).status).toBe(200);
    // The notice goes out after the answer.
    await expect.poll(() => logoutTokens.length).toBe(1);
    const logout = await jose.jwtVerify(logoutTokens[0]!, jose.createLocalJWKSet(await jwks()), { issuer: TEST_ORIGIN, audience: OTHER.id });
    expect(logout.payload.sid).toBe(sid);
    const again = await authorizationRequest(other, OTHER.redirect);
    expect((await b.follow(again.url)).url.pathname).toBe('/');
  }, 120_000);

  it('should answer a client that asks for the phishing-resistant class only after a passkey sign-in, and say so in acr and amr', async () => {
    const PHISHING_RESISTANT = 'urn:softtoken:acr:phishing-resistant';
    await loginInBrowser(b, a, password);
    // Signed in to the portal with picture matching (the provider's session says so)…
    const plain = await authorizationRequest(rp, PORTAL.redirect);
    expect((await b.follow(plain.url)).url.origin + '/callback').toBe(PORTAL.redirect);
    // …is not enough: the browser is sent to the login page.
    const asked = await authorizationRequest(rp, PORTAL.redirect, { acr_values: PHISHING_RESISTANT });
    const toLogin = await b.follow(asked.url);
    expect(toLogin.url.pathname).toBe('/');
    const uid = toLogin.url.searchParams.get('interaction')!;
    expect(await (await b.request(`/api/oidc/interactions/${uid}`)).json()).toMatchObject({ passkeyOnly: true });
    // The passkey alone, made by the browser for our origin.
    const { challengeId, options } = await (await b.request('/api/auth/passkey/options', { method: 'POST' })).json() as { challengeId: string; options: { challenge: string } };
    const signed = await b.request('/api/auth/passkey/verify', { method: 'POST', json: { challengeId, response: a.phone.get(options.challenge) } });
    expect(await signed.json()).toMatchObject({ next: 'portal' });
    const back = await b.follow(`/oidc/interaction/${uid}/continue`);
    expect(back.url.origin + back.url.pathname).toBe(PORTAL.redirect);
    const tokens = await oidc.authorizationCodeGrant(rp, back.url, { pkceCodeVerifier: asked.verifier, expectedNonce: asked.nonce, expectedState: asked.state });
    expect(tokens.claims()).toMatchObject({ acr: PHISHING_RESISTANT, amr: ['hwk', 'user', 'mfa'] });
    expect(tokens.claims()!.amr).not.toContain('pwd');
  }, 120_000);
});
