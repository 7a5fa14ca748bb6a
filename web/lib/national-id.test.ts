import { describe, expect, it } from 'vitest';
import { isValidNationalId, nationalIdProblem } from './national-id.ts';

describe('national ID in the browser', () => {
  it('should accept an ID whose last digit is its mod-11 check digit', () => {
    expect(isValidNationalId('1101400123451')).toBe(true);
    expect(nationalIdProblem('1-1014-00123-45-1')).toBeNull();
  });

  it('should name the problem with the server codes when the ID is wrong', () => {
    expect(nationalIdProblem('1101400123452')).toBe('national_id_checksum');
    expect(nationalIdProblem('110140012345')).toBe('national_id_format');
    expect(nationalIdProblem('11014001234a1')).toBe('national_id_format');
  });
});
