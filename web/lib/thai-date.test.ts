import { describe, expect, it } from 'vitest';
import { birthDateParts, formatCountdown, formatDateTime, formatTime } from './thai-date.ts';
import { formatDayBe, parseDayBe } from './thai-date.ts';

describe('thai dates', () => {
  it('should show the Buddhist-era year and Thai time when formatting an instant', () => {
    // 17:05 UTC is 00:05 the next day in Bangkok (UTC+7).
    expect(formatDateTime('2025-03-13T17:05:00Z', 'th')).toBe('14 มีนาคม 2568 เวลา 00:05 น.');
    expect(formatDateTime('2025-03-13T17:05:00Z', 'en')).toBe('14 March 2568 BE, 00:05');
    expect(formatTime('2025-03-13T17:05:09Z')).toBe('00:05:09');
  });

  it('should split a birth date into day, month name and Buddhist-era year without shifting the day', () => {
    expect(birthDateParts('1985-03-14', 'th')).toEqual({ day: '14', month: 'มีนาคม', yearBe: '2528' });
    expect(birthDateParts('1980-01-01', 'en')).toEqual({ day: '1', month: 'January', yearBe: '2523' });
    expect(birthDateParts(null, 'th')).toBeNull();
    expect(birthDateParts('1980-13-01', 'th')).toBeNull();
  });

  it('should count down in minutes and seconds when given seconds', () => {
    expect(formatCountdown(600)).toBe('10:00');
    expect(formatCountdown(59.2)).toBe('1:00');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});

describe('Buddhist-era days in forms', () => {
  it('should write a day as dd/mm/พ.ศ. when a filter shows it', () => {
    expect(formatDayBe('2025-03-05')).toBe('05/03/2568');
    expect(formatDayBe('')).toBe('');
  });

  it('should read dd/mm/พ.ศ. as the same calendar day when an officer types it', () => {
    expect(parseDayBe('5/3/2568')).toBe('2025-03-05');
    expect(parseDayBe(' 29/02/2567 ')).toBe('2024-02-29');
  });

  it('should refuse a day that does not exist or a Christian-era year when an officer types it', () => {
    expect(parseDayBe('29/02/2568')).toBeNull();
    expect(parseDayBe('31/04/2568')).toBeNull();
    expect(parseDayBe('05/03/2025')).toBeNull();
    expect(parseDayBe('2025-03-05')).toBeNull();
  });
});
