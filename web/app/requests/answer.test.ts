import { describe, expect, it } from 'vitest';
import { challengeFor as serverChallenge } from '../../../api/domain/login-requests.ts';
import { challengeFor } from './answer.ts';

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
