/**
 * Dates as Thai users read them: Buddhist era (พ.ศ. = ค.ศ. + 543), Thai time
 * (Asia/Bangkok) whatever the computer's own zone. Stored values stay UTC / ISO.
 */
import type { Lang } from './i18n.ts';

const TIME_ZONE = 'Asia/Bangkok';
const BE_OFFSET = 543;

const MONTHS: Record<Lang, readonly string[]> = {
  th: ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** The parts of an instant in Thai time, year in the Buddhist era. */
function bangkokParts(at: Date) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { day: get('day'), month: get('month'), yearBe: get('year') + BE_OFFSET, hour: get('hour'), minute: get('minute'), second: get('second') };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "14 มีนาคม 2568 เวลา 09:05 น." / "14 March 2568 BE, 09:05". */
export function formatDateTime(iso: string | Date, lang: Lang): string {
  const p = bangkokParts(new Date(iso));
  const month = MONTHS[lang][p.month - 1];
  return lang === 'th'
    ? `${p.day} ${month} ${p.yearBe} เวลา ${pad(p.hour)}:${pad(p.minute)} น.`
    : `${p.day} ${month} ${p.yearBe} BE, ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "09:05:30" in Thai time. */
export function formatTime(iso: string | Date): string {
  const p = bangkokParts(new Date(iso));
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** A calendar date (YYYY-MM-DD, Gregorian, no time zone) as day, month name and Buddhist-era year. */
export function birthDateParts(ymd: string | null, lang: Lang): { day: string; month: string; yearBe: string } | null {
  const m = ymd ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd) : null;
  if (!m) return null;
  const month = MONTHS[lang][Number(m[2]) - 1];
  if (!month) return null;
  return { day: String(Number(m[3])), month, yearBe: String(Number(m[1]) + BE_OFFSET) };
}

/** "mm:ss" for a countdown in whole seconds. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

/** A calendar date (YYYY-MM-DD) as Thai forms write it: "05/03/2568" (dd/mm/พ.ศ.). */
export function formatDayBe(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? `${m[3]}/${m[2]}/${Number(m[1]) + BE_OFFSET}` : '';
}

/** "5/3/2568" (dd/mm/พ.ศ.) as YYYY-MM-DD; null unless it is a real day with a Buddhist-era year. */
export function parseDayBe(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [day, month, yearBe] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A Christian-era year typed by habit (2025) would land five centuries back: refuse it.
  if (yearBe < 2400) return null;
  const date = new Date(Date.UTC(yearBe - BE_OFFSET, month - 1, day));
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return `${yearBe - BE_OFFSET}-${pad(month)}-${pad(day)}`;
}
