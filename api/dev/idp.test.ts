import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browse, createCookieJar, signInAtDevIdp } from '../../tests/helpers/dev-idp-browser.ts';
import { isRealAddress } from '../domain/address.ts';
import { isValidNationalId } from '../domain/identifiers.ts';
import { TEST_CITIZENS, maskNationalId, syntheticCitizen, type Citizen } from './citizens.ts';
import { THAID_SCOPES } from './idp-claims.ts';
import { startDevIdp, subjectOf, type DevIdp } from './idp.ts';

const CLIENT_ID = 'soft-token-test';
const CLIENT_SECRET = 'test-secret-0123456789';
const REDIRECT_URI = 'http://127.0.0.1:9/api/proofing/callback';

const somchai = TEST_CITIZENS[0]!;
const pakorn = TEST_CITIZENS.find((c) => c.middleName)!;
const lowIal = TEST_CITIZENS.find((c) => c.ial < 2.3)!;

async function configFor(idp: DevIdp, auth = client.ClientSecretBasic(CLIENT_SECRET)): Promise<client.Configuration> {
  return client.discovery(new URL(idp.issuer), CLIENT_ID, { redirect_uris: [REDIRECT_URI] }, auth, {
    execute: [client.allowInsecureRequests],
  });
}

type Started = { url: URL; verifier: string; state: string; nonce: string };

async function startFlow(config: client.Configuration, scope = THAID_SCOPES): Promise<Started> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { url, verifier, state, nonce };
}

async function signIn(config: client.Configuration, citizen: Pick<Citizen, 'nationalId'>, scope?: string, jar = createCookieJar()) {
  const flow = await startFlow(config, scope);
  const callback = await signInAtDevIdp(flow.url, { nationalId: citizen.nationalId, consent: 'allow', redirectUri: REDIRECT_URI, jar });
  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims()!;
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  return { claims, userinfo };
}

describe('test citizens', () => {
  it('should have valid national IDs and one citizen below IAL 2.3', () => {
    expect(TEST_CITIZENS.length).toBeGreaterThanOrEqual(5);
    for (const c of TEST_CITIZENS) expect(isValidNationalId(c.nationalId), c.nationalId).toBe(true);
    expect(new Set(TEST_CITIZENS.map((c) => c.nationalId)).size).toBe(TEST_CITIZENS.length);
    expect(TEST_CITIZENS.filter((c) => c.ial < 2.3)).toHaveLength(1);
  });

  it('should live at real Thai addresses', () => {
    for (const c of TEST_CITIZENS) expect(isRealAddress(c.address), c.givenNameEn).toBe(true);
    expect(isRealAddress(syntheticCitizen('1234567890121')!.address)).toBe(true);
  });
});

describe('local ThaID provider', () => {
  let idp: DevIdp;
  let config: client.Configuration;

  beforeAll(async () => {
    idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] });
    config = await configFor(idp);
  });
  afterAll(() => idp.close());

  it('should report the real port when started on port 0', () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(idp.issuer).not.toMatch(/:0$/);
    expect(config.serverMetadata().issuer).toBe(idp.issuer);
    expect(config.serverMetadata().code_challenge_methods_supported).toEqual(['S256']);
    expect(config.serverMetadata().scopes_supported).toEqual(expect.arrayContaining(THAID_SCOPES.split(' ')));
  });

  it('should release the ThaID claims in the ID token and userinfo when the citizen consents', async () => {
    const { claims, userinfo } = await signIn(config, somchai);
    expect(claims.sub).toBe(subjectOf(somchai.nationalId));
    expect(claims.sub).not.toBe(somchai.nationalId);
    expect(claims).toMatchObject({
      pid: somchai.nationalId, ial: 2.3, title: 'นาย', given_name: 'สมชาย', family_name: 'ใจดี',
      title_en: 'Mr.', given_name_en: 'Somchai', family_name_en: 'Jaidee', birthdate: '1985-03-14',
      address: { province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postal_code: '10400', country: 'TH' },
    });
    expect(claims).not.toHaveProperty('middle_name');
    expect(userinfo).toMatchObject({ sub: claims.sub, pid: somchai.nationalId, ial: 2.3, given_name: 'สมชาย', given_name_en: 'Somchai' });
  });

  it('should release middle names and a low assurance level as they are', async () => {
    expect((await signIn(config, pakorn)).claims).toMatchObject({ middle_name: 'วิลเลียม', middle_name_en: 'William' });
    expect((await signIn(config, lowIal)).claims).toMatchObject({ pid: lowIal.nationalId, ial: 1.1 });
  });

  it('should release only the claims of the requested scopes', async () => {
    const { claims } = await signIn(config, somchai, 'openid pid ial');
    expect(claims).toMatchObject({ pid: somchai.nationalId, ial: 2.3 });
    expect(claims).not.toHaveProperty('given_name');
    expect(claims).not.toHaveProperty('address');
  });

  it('should sign in an unlisted but valid national ID typed by hand', async () => {
    const typed = '1-2345-67890-12-1'; // dashes allowed, as people type them
    const id = typed.replace(/-/g, '');
    expect(isValidNationalId(id)).toBe(true);
    const { claims } = await signIn(config, { nationalId: typed });
    expect(claims).toMatchObject({ pid: id, ial: 2.3, given_name_en: 'Test' });
  });

  it('should show the citizens and the consent page the manual describes', async () => {
    const jar = createCookieJar();
    const login = await browse(jar, (await startFlow(config)).url);
    expect(login.status).toBe(200);
    expect(login.html).toContain(maskNationalId(somchai.nationalId));
    expect(login.html).toContain('aria-label="เข้าสู่ระบบในนาม นายสมชาย ใจดี"');
    const consent = await browse(jar, new URL(`${login.url.pathname}/login`, login.url), { form: { pid: somchai.nationalId } });
    expect(consent.html).toContain('ความยินยอมให้เปิดเผยแก่ผู้ให้บริการ');
    expect(consent.html).toContain('เลขประจำตัวประชาชน');
    expect(consent.html).toContain('>ยินยอม</button>');
    expect(consent.html).toContain('>ไม่ยินยอม</button>');
  });

  it('should ask for sign-in and consent again when the same browser comes back', async () => {
    const jar = createCookieJar();
    await signIn(config, somchai, undefined, jar);
    const again = await browse(jar, (await startFlow(config)).url, { stopAt: REDIRECT_URI });
    expect(again.status).toBe(200);
    expect(again.html).toContain('name="pid"');
    expect((await signIn(config, pakorn, undefined, jar)).claims).toMatchObject({ pid: pakorn.nationalId });
  });

  it('should refuse an invalid national ID on the sign-in page', async () => {
    const jar = createCookieJar();
    const login = await browse(jar, (await startFlow(config)).url);
    const again = await browse(jar, new URL(`${login.url.pathname}/login`, login.url), { form: { pid: '1234567890123' } });
    expect(again.status).toBe(400);
    expect(again.html).toContain('role="alert"');
  });

  it('should send access_denied to the client when the citizen does not consent', async () => {
    const flow = await startFlow(config);
    const callback = await signInAtDevIdp(flow.url, { nationalId: somchai.nationalId, consent: 'deny', redirectUri: REDIRECT_URI });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(flow.state);
    await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state }))
      .rejects.toMatchObject({ error: 'access_denied' });
  });

  it('should refuse an authorization request without PKCE', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid pid', state: client.randomState() });
    const page = await browse(createCookieJar(), url, { stopAt: REDIRECT_URI });
    expect(page.url.searchParams.get('error')).toBe('invalid_request');
  });

  it('should accept the client secret posted in the body as well as in Basic', async () => {
    const posting = await configFor(idp, client.ClientSecretPost(CLIENT_SECRET));
    expect((await signIn(posting, somchai)).claims).toMatchObject({ pid: somchai.nationalId });
  });

  it('should refuse the wrong client secret at the token endpoint', async () => {
    const wrong = await configFor(idp, client.ClientSecretBasic('not-the-secret'));
    const flow = await startFlow(wrong);
    const callback = await signInAtDevIdp(flow.url, { nationalId: somchai.nationalId, consent: 'allow', redirectUri: REDIRECT_URI });
    await expect(client.authorizationCodeGrant(wrong, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce }))
      .rejects.toMatchObject({ status: 401, cause: [{ parameters: { error: 'invalid_client' } }] });
  });
});

describe('a differently configured provider', () => {
  const citizen: Citizen = { ...TEST_CITIZENS[1]!, nationalId: '3100600123450', ial: 3 };
  let idp: DevIdp;

  beforeAll(async () => {
    expect(isValidNationalId(citizen.nationalId)).toBe(true);
    idp = await startDevIdp({
      port: 0, host: '127.0.0.1', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI],
      citizens: [citizen],
      claimNames: { pid: 'national_id', ial: 'assurance_level' },
      scopes: { profile: ['national_id', 'given_name', 'family_name', 'assurance_level'] },
      tokenEndpointAuthMethod: 'client_secret_post',
    });
  });
  afterAll(() => idp.close());

  it('should use its own claim names, scopes, citizens and client authentication', async () => {
    const config = await configFor(idp, client.ClientSecretPost(CLIENT_SECRET));
    const { claims, userinfo } = await signIn(config, citizen, 'openid profile');
    expect(claims).toMatchObject({ national_id: citizen.nationalId, assurance_level: 3, given_name: citizen.givenName });
    expect(claims).not.toHaveProperty('pid');
    expect(claims).not.toHaveProperty('ial');
    expect(claims).not.toHaveProperty('address');
    expect(userinfo).toMatchObject({ national_id: citizen.nationalId, assurance_level: 3 });
  });
});
