/**
 * Password rules (R-6.6): the manual's rules by default — at least 8 characters, no spaces,
 * a lower-case and an upper-case English letter, a digit and a special character from the
 * manual's list, not the old password — or, by configuration, NIST SP 800-63B-4's profile
 * (length first, no composition rules). Both refuse common and context-specific passwords.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const MANUAL_SPECIALS = '~!@#$%^&*()-_=+[]{}|;:,.<>/?"';

export type PasswordProblem =
  | 'too_short' | 'has_space' | 'no_lower' | 'no_upper' | 'no_digit' | 'no_special' | 'not_allowed_char'
  | 'same_as_old' | 'common' | 'contains_username' | 'too_long';

export type PolicyName = 'manual' | 'nist';

const COMMON = new Set<string>((dictionary as Record<string, string[]>)['passwords-common'] ?? []);
const CONTEXT_WORDS = ['gfmis', 'softtoken', 'password', 'comptroller'];

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '$': 's', '5': 's', '7': 't' };

/** Common-password check on the password and on its "base" (leet undone, digits and symbols around it stripped). */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  const base = lower.replace(/^[^a-z0-9@$!]+|[^a-z]+$/g, '').replace(/[@4013$57!]/g, (ch) => LEET[ch] ?? ch);
  const known = (w: string) => w.length >= 3 && (COMMON.has(w) || CONTEXT_WORDS.includes(w));
  if (known(base)) return true;
  // A common word said again and again ("password password password") is no better.
  const compact = base.replace(/[\s._-]+/g, '');
  for (let n = 3; n <= compact.length / 2; n++) {
    if (compact.length % n === 0 && compact === compact.slice(0, n).repeat(compact.length / n) && known(compact.slice(0, n))) return true;
  }
  return false;
}

/** Every rule the candidate breaks, in the order the form lists them. Empty means acceptable. */
export function checkPassword(
  candidate: string, ctx: { policy: PolicyName; username: string; oldPassword?: string },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (candidate.length > 128) problems.push('too_long');
  if (ctx.policy === 'manual') {
    if (candidate.length < 8) problems.push('too_short');
    if (/\s/.test(candidate)) problems.push('has_space');
    if (!/[a-z]/.test(candidate)) problems.push('no_lower');
    if (!/[A-Z]/.test(candidate)) problems.push('no_upper');
    if (!/[0-9]/.test(candidate)) problems.push('no_digit');
    if (![...candidate].some((ch) => MANUAL_SPECIALS.includes(ch))) problems.push('no_special');
    if ([...candidate].some((ch) => !/[A-Za-z0-9\s]/.test(ch) && !MANUAL_SPECIALS.includes(ch))) problems.push('not_allowed_char');
  } else if ([...candidate].length < 15) {
    problems.push('too_short');
  }
  if (ctx.oldPassword !== undefined && candidate === ctx.oldPassword) problems.push('same_as_old');
  if (ctx.username && candidate.toUpperCase().includes(ctx.username.toUpperCase())) problems.push('contains_username');
  if (isCommonPassword(candidate)) problems.push('common');
  return problems;
}

/** The rules as the form shows them (`**ข้อกำหนดการตั้งรหัสผ่านใหม่**`). */
export function policyRules(policy: PolicyName): { th: string[]; en: string[] } {
  if (policy === 'nist') {
    return {
      th: ['มีความยาวอย่างน้อย 15 ตัวอักษร (แนะนำให้ใช้วลีที่จำง่าย)', 'ไม่ใช้รหัสผ่านที่พบบ่อยหรือคาดเดาง่าย', 'ต้องไม่ซ้ำกับรหัสผ่านเดิม'],
      en: ['At least 15 characters (a memorable phrase works well)', 'Not a common or easily guessed password', 'Not the same as the old password'],
    };
  }
  return {
    th: [
      'ต้องมีความยาวอย่างน้อย 8 ตัวอักษร และห้ามมีช่องว่าง',
      'ต้องประกอบด้วยตัวอักษรภาษาอังกฤษพิมพ์เล็ก (a-z) อย่างน้อย 1 ตัว',
      'ต้องประกอบด้วยตัวอักษรภาษาอังกฤษพิมพ์ใหญ่ (A-Z) อย่างน้อย 1 ตัว',
      'ต้องประกอบด้วยตัวเลข (0-9) อย่างน้อย 1 ตัว',
      `ต้องประกอบด้วยอักขระพิเศษอย่างน้อย 1 ตัว ได้แก่ ${[...MANUAL_SPECIALS].join(' ')}`,
      'ต้องไม่ซ้ำกับรหัสผ่านเดิม และไม่ใช่รหัสผ่านที่พบบ่อยหรือคาดเดาง่าย',
    ],
    en: [
      'At least 8 characters, no spaces',
      'At least one lower-case English letter (a-z)',
      'At least one upper-case English letter (A-Z)',
      'At least one digit (0-9)',
      `At least one special character: ${[...MANUAL_SPECIALS].join(' ')}`,
      'Not the same as the old password, and not a common or easily guessed password',
    ],
  };
}
