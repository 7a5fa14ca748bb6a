import { describe, expect, it } from 'vitest';
import {
  addDataKey, blindIndex, localKeySource, maskNationalId, newDataKeyId, newKey, seal, sealedKeyId, setIndexKey, unseal,
} from './sealing.ts';

describe('sealing', () => {
  it('should read back what it sealed, and name the key that sealed it', () => {
    const id = newDataKeyId();
    addDataKey(id, newKey(), { current: true });
    const sealed = seal(new TextEncoder().encode('1101700203451'));
    expect(Buffer.from(sealed).includes('1101700203451')).toBe(false);
    expect(sealedKeyId(sealed)).toBe(id);
    expect(new TextDecoder().decode(unseal(sealed))).toBe('1101700203451');
  });

  it('should refuse a sealed value that was tampered with', () => {
    addDataKey(newDataKeyId(), newKey(), { current: true });
    const sealed = seal(new TextEncoder().encode('secret'));
    sealed[sealed.length - 20]! ^= 1;
    expect(() => unseal(sealed)).toThrow();
  });

  it('should open values sealed under an older key after a new one becomes current', () => {
    addDataKey(newDataKeyId(), newKey(), { current: true });
    const old = seal(new TextEncoder().encode('old'));
    const second = newDataKeyId();
    addDataKey(second, newKey(), { current: true });
    expect(new TextDecoder().decode(unseal(old))).toBe('old');
    expect(sealedKeyId(seal(new TextEncoder().encode('new')))).toBe(second);
  });

  it('should wrap a data key so only the same key-encryption key unwraps it', () => {
    const kek = localKeySource(newKey());
    const dataKey = newKey();
    expect(kek.unwrap(kek.wrap(dataKey)).equals(dataKey)).toBe(true);
    expect(() => localKeySource(newKey()).unwrap(kek.wrap(dataKey))).toThrow();
    expect(() => localKeySource(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('should give equal blind indexes for equal national IDs and different ones otherwise', () => {
    setIndexKey('00000000000000ff', newKey());
    expect(blindIndex('1101700203451')).toBe(blindIndex(' 1101700203451 '));
    expect(blindIndex('1101700203451')).not.toBe(blindIndex('1101700203452'));
    expect(blindIndex('1101700203451')).not.toContain('1101700203451');
  });

  it('should mask a national ID to its last three digits', () => {
    expect(maskNationalId('1101700203451')).toBe('x-xxxx-xxxxx-45-1');
  });
});
