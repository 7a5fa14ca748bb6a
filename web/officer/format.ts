/** Display helpers for the console: Thai dates (พ.ศ.), waiting ages, names of statuses. */
import type { BadgeTone } from '../components/Badge.tsx';
import type { RegistrationStatus } from '../lib/api.ts';
import { lang } from '../lib/i18n.ts';
import { formatDateTime } from '../lib/thai-date.ts';
import { t } from './messages.ts';

export function when(iso: string | null | undefined): string {
  return iso ? formatDateTime(iso, lang()) : '-';
}

/** How long since `iso`: minutes, hours, or days and hours. */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return t('age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('age.hours', { n: hours });
  const d = Math.floor(hours / 24);
  return hours % 24 ? t('age.daysHours', { d, h: hours % 24 }) : t('age.days', { n: d });
}

export function statusLabel(status: RegistrationStatus): string {
  return t(`status.${status}`);
}

/** A registration status's badge colour: waiting, approved, rejected; the rest plain. */
export function statusTone(status: RegistrationStatus): BadgeTone {
  if (status === 'pending') return 'warning';
  if (status === 'approved' || status === 'activated') return 'success';
  return status === 'rejected' ? 'danger' : 'neutral';
}

/** Pages needed for `total` rows. */
export const pageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));
