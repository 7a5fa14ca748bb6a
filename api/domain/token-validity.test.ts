import { describe, expect, it } from 'vitest';
import { daysLeft, validityState } from './token-validity.ts';

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

describe('days left count Bangkok calendar days (UTC+7)', () => {
  // Valid until 10 Dec 2026 in Bangkok, early in the day (09:15 +07:00).
  const validUntil = new Date('2026-12-10T09:15:00+07:00');
  const bangkok = (local: string) => new Date(`${local}+07:00`);

  it('should count 10 days on 30 Nov whatever the hour', () => {
    expect(daysLeft(validUntil, bangkok('2026-11-30T00:30:00'))).toBe(10);
    expect(daysLeft(validUntil, bangkok('2026-11-30T23:30:00'))).toBe(10);
    expect(validityState(validUntil, bangkok('2026-11-30T23:30:00'))).toEqual({ state: 'notice', daysLeft: 10 });
  });

  it('should count by the Bangkok date, not the UTC date, around midnight UTC', () => {
    // 06:30 +07:00 on 30 Nov is still 29 Nov in UTC.
    expect(daysLeft(validUntil, bangkok('2026-11-30T06:30:00'))).toBe(10);
    // A validity ending 00:30 Bangkok on 10 Dec is 9 Dec in UTC.
    expect(daysLeft(bangkok('2026-12-10T00:30:00'), bangkok('2026-11-30T23:30:00'))).toBe(10);
  });

  it('should count 1 day the day before and 0 (renewal forced) on the day itself', () => {
    expect(daysLeft(validUntil, bangkok('2026-12-09T23:59:00'))).toBe(1);
    expect(daysLeft(validUntil, bangkok('2026-12-09T00:01:00'))).toBe(1);
    expect(daysLeft(validUntil, bangkok('2026-12-10T00:30:00'))).toBe(0);
    expect(daysLeft(validUntil, bangkok('2026-12-10T23:30:00'))).toBe(0);
    expect(validityState(validUntil, bangkok('2026-12-10T00:30:00'))).toEqual({ state: 'expired' });
    expect(daysLeft(validUntil, bangkok('2026-12-12T08:00:00'))).toBe(0);
  });
});
