/**
 * The relying-party side of identity proofing: an OpenID Connect client (openid-client)
 * for the configured provider. Discovery is fetched once per process and retried on failure.
 */
import * as oidc from 'openid-client';
import type { Config } from '../config.ts';

export type ProviderResult =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; reason: 'denied' | 'provider_error'; detail?: string };

export type ProofingClient = {
  authorizationUrl(p: { state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /** Exchange the callback's code (PKCE, state and nonce checked) and read the claims. */
  exchange(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderResult>;
};

export function createProofingClient(config: Config): ProofingClient {
  const { issuer, clientId, clientSecret, scopes } = config.proofing;
  const redirectUri = `${config.publicOrigin}/api/proofing/callback`;
  let discovered: Promise<oidc.Configuration> | undefined;

  function configuration(): Promise<oidc.Configuration> {
    if (!issuer) return Promise.reject(new Error('PROOFING_ISSUER is not configured'));
    const insecure = new URL(issuer).protocol === 'http:' && !config.production;
    discovered ??= oidc.discovery(new URL(issuer), clientId, clientSecret, undefined,
      insecure ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err) => { discovered = undefined; throw err; });
    return discovered;
  }

  return {
    async authorizationUrl({ state, nonce, codeVerifier }) {
      const cfg = await configuration();
      return oidc.buildAuthorizationUrl(cfg, {
        redirect_uri: redirectUri, scope: scopes, state, nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
      });
    },
    async exchange(callbackUrl, checks) {
      const error = callbackUrl.searchParams.get('error');
      if (error) return { ok: false, reason: error === 'access_denied' ? 'denied' : 'provider_error', detail: error };
      try {
        const cfg = await configuration();
        const tokens = await oidc.authorizationCodeGrant(cfg, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (!idClaims) return { ok: false, reason: 'provider_error', detail: 'no ID token' };
        const userinfo = await oidc.fetchUserInfo(cfg, tokens.access_token, idClaims.sub);
        return { ok: true, claims: { ...idClaims, ...userinfo } };
      } catch (err) {
        return { ok: false, reason: 'provider_error', detail: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
