/** Identifier rules of SPEC §1, as pure functions and zod schemas. */
import { z } from 'zod';

/** Thai national ID: 13 digits, the last a mod-11 check digit over the first 12. */
export function isValidNationalId(id: string): boolean {
  if (!/^\d{13}$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(id[i]) * (13 - i);
  return (11 - (sum % 11)) % 10 === Number(id[12]);
}

/** Complete 12 digits with their check digit (used to make test citizens and demo data). */
export function withCheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (13 - i);
  return first12 + String((11 - (sum % 11)) % 10);
}

export const nationalIdSchema = z.string().trim()
  .regex(/^\d{13}$/, 'national_id_format')
  .refine(isValidNationalId, 'national_id_checksum');

export const unitCodeSchema = z.string().trim().regex(/^\d{10}$/, 'unit_code_format');

/** Username: a letter, the 10-digit unit code, 4 more characters; upper case. */
export const usernameSchema = z.string().trim().toUpperCase().regex(/^[A-Z]\d{10}[A-Z0-9]{4}$/, 'username_format');

/** Mobile: 10 digits; dashes and spaces allowed on input. */
export const mobileSchema = z.string().transform((s) => s.replace(/[\s-]/g, '')).pipe(z.string().regex(/^0\d{9}$/, 'mobile_format'));

/** Emails compare case-insensitively: stored lower case. */
export const emailSchema = z.string().trim().toLowerCase().max(254, 'too_long').pipe(z.email('email_format'));
