import { describe, expect, it } from 'vitest';
import { validityState } from './token-validity.ts';

const now = new Date('2026-11-25T03:00:00Z');
const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000 + 60_000);

describe('token validity at login', () => {
  it('should show no notice with 31 days left, a notice at 30 and 1, and force renewal at 0 and -1', () => {
    expect(validityState(inDays(31), now)).toEqual({ state: 'valid' });
    expect(validityState(inDays(30), now)).toEqual({ state: 'notice', daysLeft: 30 });
    expect(validityState(inDays(1), now)).toEqual({ state: 'notice', daysLeft: 1 });
    expect(validityState(inDays(0), now)).toEqual({ state: 'expired' });
    expect(validityState(inDays(-1), now)).toEqual({ state: 'expired' });
  });
});
