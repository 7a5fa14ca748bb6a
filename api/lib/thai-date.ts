/** Dates for people: the Thai Buddhist calendar (พ.ศ. = ค.ศ. + 543, R-1.6), Bangkok time. */
export function formatThaiDate(d: Date): string {
  return new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { dateStyle: 'long', timeZone: 'Asia/Bangkok' }).format(d);
}

/** Bangkok is UTC+7 all year (no daylight saving). */
const BANGKOK_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Bangkok calendar day of an instant, as a day number (days since 1970-01-01 in Bangkok). */
export function bangkokDayNumber(d: Date): number {
  return Math.floor((d.getTime() + BANGKOK_OFFSET_MS) / DAY_MS);
}

/** Bangkok calendar days from `from` to `to` (negative when `to` is on an earlier Bangkok date). */
export function bangkokDaysBetween(from: Date, to: Date): number {
  return bangkokDayNumber(to) - bangkokDayNumber(from);
}
