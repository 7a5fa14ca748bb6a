import { describe, expect, it } from 'vitest';
import { isValidNationalId, mobileSchema, usernameSchema, withCheckDigit } from './identifiers.ts';

describe('national ID', () => {
  it('should accept an ID whose mod-11 check digit matches', () => {
    expect(isValidNationalId('1101700230708')).toBe(true);
    expect(isValidNationalId(withCheckDigit('310050123456'))).toBe(true);
  });
  it('should reject an ID when one digit is changed', () => {
    const good = withCheckDigit('110170023070');
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    expect(isValidNationalId(bad)).toBe(false);
  });
  it('should reject an ID when it is not 13 digits', () => {
    expect(isValidNationalId('110170023070')).toBe(false);
    expect(isValidNationalId('11017002307a5')).toBe(false);
  });
});

describe('username and mobile', () => {
  it('should store usernames upper case when typed in lower case', () => {
    expect(usernameSchema.parse('a03004000041001')).toBe('A03004000041001');
    expect(usernameSchema.safeParse('A0300400004100').success).toBe(false);
  });
  it('should accept a mobile with dashes and spaces when it has 10 digits', () => {
    expect(mobileSchema.parse('081-234 5678')).toBe('0812345678');
    expect(mobileSchema.safeParse('08123456').success).toBe(false);
  });
});
