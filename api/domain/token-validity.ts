/** The token certificate's remaining life and what login does with it. */
export const NOTICE_DAYS = 30;
const DAY_MS = 86_400_000;

/** Whole days left: 0 on the last day and after it. */
export function daysLeft(validUntil: Date, now: Date): number {
  return Math.max(0, Math.floor((validUntil.getTime() - now.getTime()) / DAY_MS));
}

export type ValidityState = { state: 'valid' } | { state: 'notice'; daysLeft: number } | { state: 'expired' };

/** 31+ days: nothing; 1–30: a notice at every login; 0 or past: renewal is forced. */
export function validityState(validUntil: Date, now: Date): ValidityState {
  const left = daysLeft(validUntil, now);
  if (left <= 0) return { state: 'expired' };
  if (left <= NOTICE_DAYS) return { state: 'notice', daysLeft: left };
  return { state: 'valid' };
}
