/**
 * The phone's answer to a login, renewal or revocation request (FLOWS §3): a user-verified
 * passkey assertion whose challenge is SHA-256(`${nonce}|${choice}`), so the signature covers
 * the picture the person tapped (or "renew"). The server computes the same value to verify.
 * The RP ID comes from the server with the request: it is WEBAUTHN_RP_ID, which may be a
 * parent domain of this page's host (the passkey was created for it at activation).
 */
import { browserSupportsWebAuthn, startAuthentication, type AuthenticationResponseJSON } from '@simplewebauthn/browser';
import { classifyPasskeyError, PasskeyError, passkeyErrorMessage } from '../../lib/webauthn.ts';

/** base64url(SHA-256(UTF-8(`${nonce}|${choice}`))), as api/domain/login-requests.ts challengeFor. */
export async function challengeFor(nonce: string, choice: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${nonce}|${choice}`)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Ask the phone's screen lock to sign the choice for the relying party `rpId`. Throws PasskeyError. */
export async function signChoice(nonce: string, choice: string, rpId: string): Promise<AuthenticationResponseJSON> {
  if (!browserSupportsWebAuthn()) throw new PasskeyError('unsupported', passkeyErrorMessage('unsupported', 'get'));
  const challenge = await challengeFor(nonce, choice);
  try {
    return await startAuthentication({
      optionsJSON: { challenge, allowCredentials: [], userVerification: 'required', rpId, timeout: 60_000 },
    });
  } catch (err) {
    const reason = classifyPasskeyError(err);
    throw new PasskeyError(reason, passkeyErrorMessage(reason, 'get'), { cause: err });
  }
}
