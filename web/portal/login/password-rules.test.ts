import { describe, expect, it } from 'vitest';
import { policyRules } from '../../../api/domain/password-policy.ts';
import { manualRulesMet } from './password-rules.ts';

describe('manualRulesMet', () => {
  it('should tick one entry per rule the server lists when the policy is the manual', () => {
    expect(manualRulesMet('', '')).toHaveLength(policyRules('manual').th.length);
  });

  it('should meet every rule when the password has all character kinds and differs from the old', () => {
    expect(manualRulesMet('Nuea-2568x', 'Old-Pass1')).toEqual([true, true, true, true, true, true]);
  });

  it('should fail length and spaces when the password is short or has a space', () => {
    expect(manualRulesMet('Ab1!', 'x')[0]).toBe(false);
    expect(manualRulesMet('Abcd 1234!', 'x')[0]).toBe(false);
  });

  it('should fail the last rule when the new password equals the old', () => {
    expect(manualRulesMet('Same-Pass1', 'Same-Pass1')[5]).toBe(false);
  });
});
