import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAuthentication } from '@simplewebauthn/browser';
import { challengeFor as serverChallenge } from '../../../api/domain/login-requests.ts';
import { challengeFor, signChoice } from './answer.ts';

// The browser's WebAuthn call, as the phone would make it: the test reads the options it gets.
vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => true,
  startAuthentication: vi.fn(() => Promise.resolve({ id: 'cred', rawId: 'cred', type: 'public-key', response: {}, clientExtensionResults: {} })),
}));

describe('challengeFor', () => {
  it('should equal the server challenge when the phone signs a picture', async () => {
    expect(await challengeFor('n0nce-abc', 'elephant')).toBe(serverChallenge('n0nce-abc', 'elephant'));
  });

  it('should equal the server challenge when the phone accepts a renewal', async () => {
    expect(await challengeFor('ผ-nonce', 'renew')).toBe(serverChallenge('ผ-nonce', 'renew'));
  });

  it('should differ when the choice differs', async () => {
    expect(await challengeFor('n', 'cat')).not.toBe(await challengeFor('n', 'dog'));
  });
});

describe('signChoice', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.clearAllMocks();
  });

  it('should sign for the RP ID the server gives, not for the page host, when WEBAUTHN_RP_ID is a parent domain', async () => {
    vi.stubGlobal('location', { hostname: 'app.softtoken.example' });
    await signChoice('n0nce', 'elephant', 'softtoken.example');
    expect(startAuthentication).toHaveBeenCalledTimes(1);
    const { optionsJSON } = vi.mocked(startAuthentication).mock.calls[0]![0];
    expect(optionsJSON).toMatchObject({ rpId: 'softtoken.example', userVerification: 'required', challenge: serverChallenge('n0nce', 'elephant') });
  });
});
