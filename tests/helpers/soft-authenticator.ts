/**
 * A software WebAuthn authenticator for API tests (browser tests use Chromium's virtual
 * authenticator instead): a P-256 key, "none" attestation, and flags a test can set —
 * user verification, backup eligibility/state — or a wrong origin, to exercise refusals.
 * CBOR by cborg; signatures by node:crypto.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { encode as cborEncode } from 'cborg';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

// CBOR as authenticators write it (shortest lengths); cborg encodes Maps with integer keys as CBOR maps.
const encode = (v: unknown) => cborEncode(v);
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

export type Flags = {
  uv?: boolean; be?: boolean; bs?: boolean; origin?: string; rpId?: string;
  /** Sign with this counter instead of the next one (a cloned key's stale counter). */
  counter?: number;
  /** get(): answer with this user handle instead of the one registered; null answers none. */
  userHandle?: string | null;
};

export function createSoftAuthenticator(defaults: { origin: string; rpId: string }) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const credentialId = randomBytes(32);
  const id = b64u(credentialId);
  let counter = 0;
  let userHandle = '';

  function authData(rpId: string, flags: Flags, attested: boolean): Buffer {
    let f = 0x01; // user present
    if (flags.uv !== false) f |= 0x04;
    if (flags.be) f |= 0x08;
    if (flags.bs) f |= 0x10;
    if (attested) f |= 0x40;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(flags.counter ?? ++counter);
    const parts = [sha256(rpId), Buffer.from([f]), count];
    if (attested) {
      const cose = new Map<number, number | Buffer>([
        [1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')],
      ]);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(credentialId.length);
      parts.push(Buffer.alloc(16), len, credentialId, Buffer.from(encode(cose)));
    }
    return Buffer.concat(parts);
  }

  return {
    credentialId: id,
    /**
     * The credential as Chromium's virtual authenticator imports it (CDP WebAuthn.addCredential,
     * binary fields in base64), so a browser test can hand a passkey enrolled through the API to a page.
     */
    exportCredential(rpId = defaults.rpId) {
      return {
        credentialId: credentialId.toString('base64'),
        isResidentCredential: true,
        rpId,
        privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
        userHandle: Buffer.from(userHandle, 'base64url').toString('base64'),
        signCount: counter,
      };
    },
    /** Answer navigator.credentials.create() for these options. */
    create(options: { challenge: string; user: { id: string } }, flags: Flags = {}): RegistrationResponseJSON {
      userHandle = options.user.id;
      const clientData = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: flags.origin ?? defaults.origin, crossOrigin: false });
      const attestationObject = encode({ fmt: 'none', attStmt: {}, authData: authData(flags.rpId ?? defaults.rpId, flags, true) });
      return {
        id, rawId: id, type: 'public-key', authenticatorAttachment: 'platform',
        response: { clientDataJSON: b64u(Buffer.from(clientData)), attestationObject: b64u(attestationObject), transports: ['internal'] },
        clientExtensionResults: {},
      };
    },
    /**
     * Answer navigator.credentials.get() for a challenge. The credential is discoverable, so
     * options without an allow-list (the desktop's passkey login) are answered alike.
     */
    get(challenge: string, flags: Flags = {}): AuthenticationResponseJSON {
      const handle = flags.userHandle === undefined ? userHandle : flags.userHandle ?? undefined;
      const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: flags.origin ?? defaults.origin, crossOrigin: false }));
      const data = authData(flags.rpId ?? defaults.rpId, flags, false);
      const signature = sign('sha256', Buffer.concat([data, sha256(clientData)]), privateKey);
      return {
        id, rawId: id, type: 'public-key', authenticatorAttachment: 'platform',
        response: { clientDataJSON: b64u(clientData), authenticatorData: b64u(data), signature: b64u(signature), ...(handle === undefined ? {} : { userHandle: handle }) },
        clientExtensionResults: {},
      };
    },
  };
}
