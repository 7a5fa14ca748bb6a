/** The token certificate's remaining life and what login does with it. */
import { bangkokDaysBetween } from '../lib/thai-date.ts';

export const NOTICE_DAYS = 30;

/**
 * Days left, counted in Bangkok calendar days (UTC+7) whatever the hour: valid until
 * 10 Dec seen on 30 Nov is 10. 0 on the last day and after it. The one place days left
 * are computed: login, /auth/me, the portal and the reminders all use it, and the web
 * shows the number the server sends.
 */
export function daysLeft(validUntil: Date, now: Date): number {
  return Math.max(0, bangkokDaysBetween(now, validUntil));
}

export type ValidityState = { state: 'valid' } | { state: 'notice'; daysLeft: number } | { state: 'expired' };

/** 31+ days: nothing; 1–30: a notice at every login; 0 or past: renewal is forced. */
export function validityState(validUntil: Date, now: Date): ValidityState {
  const left = daysLeft(validUntil, now);
  if (left <= 0) return { state: 'expired' };
  if (left <= NOTICE_DAYS) return { state: 'notice', daysLeft: left };
  return { state: 'valid' };
}
