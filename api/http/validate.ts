/**
 * Input validation for every route: zod schemas through @hono/zod-validator, with each
 * failure turned into a field-level message in Thai or English.
 */
import { zValidator } from '@hono/zod-validator';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { MAX_PDF_BYTES } from '../domain/documents.ts';
import type { Context, ValidationTargets } from 'hono';
import { z } from 'zod';
import { AppError, type FieldErrors, type Lang } from '../errors.ts';

/** Messages for custom refinements: a schema says `message: 'national_id_checksum'`. */
export const FIELD_MESSAGES: Record<string, { th: string; en: string }> = {
  required: { th: 'กรุณากรอกข้อมูล', en: 'This field is required.' },
  invalid: { th: 'รูปแบบข้อมูลไม่ถูกต้อง', en: 'This value is not valid.' },
  too_long: { th: 'ข้อมูลยาวเกินกำหนด', en: 'This value is too long.' },
  too_short: { th: 'ข้อมูลสั้นเกินไป', en: 'This value is too short.' },
  national_id_format: { th: 'เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก', en: 'The national ID must be 13 digits.' },
  national_id_checksum: { th: 'เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบไม่ตรง)', en: 'The national ID is not valid (check digit does not match).' },
  unit_code_format: { th: 'รหัสหน่วยเบิกจ่ายต้องเป็นตัวเลข 10 หลัก', en: 'The disbursing unit code must be 10 digits.' },
  username_format: { th: 'รหัสผู้ใช้งานต้องมี 15 ตัวอักษร: ตัวอักษร 1 ตัว รหัสหน่วยเบิกจ่าย 10 หลัก และอีก 4 ตัว', en: 'The username must be 15 characters: a letter, the 10-digit unit code and 4 more characters.' },
  mobile_format: { th: 'หมายเลขโทรศัพท์มือถือต้องเป็นตัวเลข 10 หลัก', en: 'The mobile number must be 10 digits.' },
  phone_format: { th: 'หมายเลขโทรศัพท์ไม่ถูกต้อง', en: 'The phone number is not valid.' },
  postcode_format: { th: 'รหัสไปรษณีย์ต้องเป็นตัวเลข 5 หลัก', en: 'The postcode must be 5 digits.' },
  address_not_real: { th: 'กรุณาเลือกจังหวัด เขต/อำเภอ แขวง/ตำบล และรหัสไปรษณีย์จากรายการ', en: 'Choose the province, district, subdistrict and postcode from the lists.' },
  pdf_required: { th: 'กรุณาอัปโหลดไฟล์ PDF คำสั่งแต่งตั้ง', en: 'Please upload the appointment order as a PDF.' },
  pdf_too_large: { th: 'ไฟล์ต้องมีขนาดไม่เกิน 10MB', en: 'The file must be at most 10 MB.' },
  pdf_invalid: { th: 'ไฟล์นี้ไม่ใช่ไฟล์ PDF ที่ถูกต้อง', en: 'This file is not a valid PDF.' },
  pdf_too_complex: { th: 'ไม่สามารถตรวจสอบไฟล์ PDF นี้ได้ทันเวลา กรุณาบันทึกไฟล์ใหม่เป็น PDF (เช่น สั่งพิมพ์เป็น PDF) แล้วอัปโหลดอีกครั้ง', en: 'This PDF could not be checked in time. Please save it again as a PDF (e.g. print to PDF) and upload it again.' },
  consent_required: { th: 'กรุณายอมรับข้อตกลงและเงื่อนไข', en: 'Please accept the terms and conditions.' },
  otp_format: { th: 'รหัสยืนยันต้องเป็นตัวเลข 6 หลัก', en: 'The code must be 6 digits.' },
  username_taken: { th: 'รหัสผู้ใช้งานนี้มีอยู่ในระบบแล้ว', en: 'This username already exists.' },
  duplicate_in_file: { th: 'ข้อมูลนี้ซ้ำกับแถวก่อนหน้าในไฟล์', en: 'This repeats an earlier row of the file.' },
  yes_no: { th: 'ระบุ yes หรือ no (หรือเว้นว่าง)', en: 'Use yes or no (or leave it empty).' },
  csv_empty: { th: 'ไฟล์ไม่มีข้อมูลบัญชี', en: 'The file has no account rows.' },
  csv_missing_column: { th: 'ไม่พบคอลัมน์ unit_code ในแถวหัวตาราง', en: 'The header row has no unit_code column.' },
  csv_unknown_column: { th: 'แถวหัวตารางมีคอลัมน์ที่ไม่รู้จักหรือซ้ำกัน (ใช้ได้: unit_code, username, display_name, legacy_token)', en: 'The header row has an unknown or repeated column (allowed: unit_code, username, display_name, legacy_token).' },
  csv_columns: { th: 'แถวนี้มีจำนวนคอลัมน์มากกว่าแถวหัวตาราง', en: 'This row has more cells than the header row.' },
  csv_too_many_rows: { th: 'ไฟล์มีบัญชีเกิน 500 แถว กรุณาแบ่งไฟล์', en: 'The file has more than 500 rows; please split it.' },
  password_mismatch: { th: 'ยืนยันรหัสผ่านใหม่ไม่ตรงกัน', en: 'The confirmation does not match the new password.' },
  wrong_old_password: { th: 'รหัสผ่านเดิมไม่ถูกต้อง', en: 'The old password is not correct.' },
  password_too_short: { th: 'รหัสผ่านสั้นเกินไป', en: 'The password is too short.' },
  password_has_space: { th: 'รหัสผ่านต้องไม่มีช่องว่าง', en: 'The password must not contain spaces.' },
  password_no_lower: { th: 'ต้องมีตัวอักษรภาษาอังกฤษพิมพ์เล็กอย่างน้อย 1 ตัว', en: 'Add at least one lower-case English letter.' },
  password_no_upper: { th: 'ต้องมีตัวอักษรภาษาอังกฤษพิมพ์ใหญ่อย่างน้อย 1 ตัว', en: 'Add at least one upper-case English letter.' },
  password_no_digit: { th: 'ต้องมีตัวเลขอย่างน้อย 1 ตัว', en: 'Add at least one digit.' },
  password_no_special: { th: 'ต้องมีอักขระพิเศษอย่างน้อย 1 ตัว', en: 'Add at least one special character.' },
  password_not_allowed_char: { th: 'มีอักขระที่ไม่อนุญาต', en: 'It contains a character that is not allowed.' },
  password_same_as_old: { th: 'รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม', en: 'The new password must differ from the old one.' },
  password_common: { th: 'รหัสผ่านนี้พบบ่อยหรือคาดเดาง่าย กรุณาตั้งรหัสผ่านอื่น', en: 'This password is common or easy to guess. Choose another.' },
  password_contains_username: { th: 'รหัสผ่านต้องไม่มีรหัสผู้ใช้งานอยู่ในนั้น', en: 'The password must not contain the username.' },
  password_too_long: { th: 'รหัสผ่านยาวเกินไป', en: 'The password is too long.' },
  username_not_in_unit: { th: 'รหัสผู้ใช้งานไม่ตรงกับรหัสหน่วยเบิกจ่าย', en: 'The username does not belong to this disbursing unit.' },
  unit_unknown: { th: 'ไม่พบรหัสหน่วยเบิกจ่ายนี้ในระบบ', en: 'There is no disbursing unit with this code.' },
  same_email: { th: 'อีเมลใหม่ต้องไม่ซ้ำกับอีเมลเดิม', en: 'The new email must differ from the current one.' },
  email_format: { th: 'รูปแบบอีเมลไม่ถูกต้อง', en: 'The email address is not valid.' },
  push_endpoint_not_allowed: { th: 'ระบบส่งการแจ้งเตือนไปยังบริการ push ของเบราว์เซอร์นี้ไม่ได้ กรุณาใช้ Chrome, Edge, Firefox หรือ Safari', en: 'The system cannot send notifications to this browser\'s push service. Please use Chrome, Edge, Firefox or Safari.' },
  invalid_characters: { th: 'มีอักขระที่ไม่อนุญาต (อักขระควบคุมหรืออักขระที่เข้ารหัสไม่ถูกต้อง)', en: 'It contains a character that is not allowed (a control character or a broken encoding).' },
};

export function fieldMessage(key: string, lang: Lang): string {
  return (FIELD_MESSAGES[key] ?? FIELD_MESSAGES.invalid!)[lang];
}

/** A new password refused (change or reset): the mismatch, or every rule it breaks, as field errors. */
export function newPasswordError(refusal: { reason: 'mismatch' } | { reason: 'weak'; problems: string[] }, lang: Lang): AppError {
  if (refusal.reason === 'mismatch') {
    return new AppError('validation', { confirmPassword: { code: 'password_mismatch', message: fieldMessage('password_mismatch', lang) } });
  }
  return new AppError('validation', { newPassword: {
    code: `password_${refusal.problems[0]}`, message: refusal.problems.map((p) => fieldMessage(`password_${p}`, lang)).join(' '),
  } });
}

/** Map zod issues to `{ field: { code, message } }`, first issue per field. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], lang: Lang): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.join('.') || '_';
    if (fields[field]) continue;
    let key = 'invalid';
    if (issue.code === 'custom' || (issue.message && FIELD_MESSAGES[issue.message])) key = issue.message;
    else if (issue.code === 'invalid_type' && issue.input === undefined) key = 'required';
    else if (issue.code === 'too_small') key = issue.minimum === 1 ? 'required' : 'too_short';
    else if (issue.code === 'too_big') key = 'too_long';
    fields[field] = { code: FIELD_MESSAGES[key] ? key : 'invalid', message: fieldMessage(key, lang) };
  }
  return fields;
}

/** NUL (PostgreSQL text cannot hold it) or a lone UTF-16 surrogate (not Unicode at all). */
const BAD_TEXT = /[\0\p{Cs}]/u;

export function isBadText(value: string): boolean {
  return BAD_TEXT.test(value);
}

/**
 * The path of the first string (value or key) in `value` that is not storable text, or null.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findBadText(value: unknown): (string | number)[] | null {
  // Each entry links to its parent, so the walk stays linear however deep the nesting is.
  type Node = { value: unknown; key: string | number; parent: Node | null };
  const pathOf = (node: Node | null, last?: string): (string | number)[] => {
    const path: (string | number)[] = last === undefined ? [] : [last];
    for (let n = node; n?.parent; n = n.parent) path.push(n.key);
    return path.reverse();
  };
  const stack: Node[] = [{ value, key: '', parent: null }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (isBadText(v)) return pathOf(node);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, key: i, parent: node }));
    } else if (v !== null && typeof v === 'object' && !(v instanceof Blob)) {
      for (const [k, item] of Object.entries(v)) {
        if (isBadText(k)) return pathOf(node, k);
        stack.push({ value: item, key: k, parent: node });
      }
    }
  }
  return null;
}

function badTextIssue(path: (string | number)[]): z.core.$ZodIssue {
  return { code: 'custom', path: path.map((p) => (typeof p === 'string' && isBadText(p) ? '_' : p)), message: 'invalid_characters', input: undefined };
}

function badTextError(path: (string | number)[], lang: Lang): AppError {
  return new AppError('validation', toFieldErrors([badTextIssue(path)], lang));
}

/**
 * What each route's input middleware takes (the validator's target and schema, or a multipart
 * upload), keyed by the middleware function as `app.routes` lists it: the fuzz suite generates
 * inputs for every route from this, so a new route is covered without being listed.
 */
export const ROUTE_INPUTS = new WeakMap<object, { target: keyof ValidationTargets; schema?: z.ZodType }>();

/** zValidator that answers bad input with the shared 400 `{ code: 'validation', fields }`. */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const middleware = zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const lang = (c.get('lang' as never) as Lang | undefined) ?? 'th';
      throw new AppError('validation', toFieldErrors(result.error.issues, lang));
    }
  }, {
    // Every string of the raw input is checked before the schema sees it.
    validationFunction: async (s, value) => {
      const bad = findBadText(value);
      const result = bad ? { success: false as const, error: new z.ZodError([badTextIssue(bad)]) } : await s.safeParseAsync(value);
      return result as never; // zod-validator types the result by the schema, generic here
    },
  });
  ROUTE_INPUTS.set(middleware, { target, schema });
  return middleware;
}

/**
 * The request line for every API route, whether or not it has a schema: a query string or
 * path that decodes to NUL or a lone surrogate is a 400 field error, not a database error.
 */
export function requireGoodText() {
  return createMiddleware(async (c, next) => {
    const lang = (c.get('lang' as never) as Lang | undefined) ?? 'th';
    for (const [key, values] of Object.entries(c.req.queries())) {
      if (isBadText(key)) throw badTextError(['_'], lang);
      const i = values.findIndex(isBadText);
      if (i >= 0) throw badTextError([key], lang);
    }
    // Decoded the way route parameters are; an escape that does not decode stays as it is.
    const path = c.req.path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => { try { return decodeURIComponent(m); } catch { return m; } });
    if (isBadText(path)) throw badTextError(['path'], lang);
    await next();
  });
}

/**
 * The fields and file of a multipart upload. A body that is not a readable form is a 400
 * (not the parser's exception), and its text fields get the same check as every string.
 */
export async function readUploadForm(c: Context): Promise<{ fields: Record<string, string>; file: File | undefined }> {
  const lang = (c.get('lang' as never) as Lang | undefined) ?? 'th';
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new AppError('bad_request');
  }
  const fields: Record<string, string> = {};
  let file: File | undefined;
  for (const [key, raw] of Object.entries(body)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (isBadText(key)) throw badTextError(['_'], lang);
    if (value instanceof File) {
      if (key === 'file') file = value;
    } else if (typeof value === 'string') {
      if (isBadText(value)) throw badTextError([key], lang);
      fields[key] = value;
    }
  }
  return { fields, file };
}

/** Multipart uploads of one PDF: anything past 10 MB is refused before it is read, with the field's message. */
export function pdfUploadLimit() {
  const middleware = bodyLimit({
    maxSize: MAX_PDF_BYTES + 64 * 1024,
    onError: (c) => {
      const lang = (c.get('lang' as never) as Lang | undefined) ?? 'th';
      throw new AppError('validation', { file: { code: 'pdf_too_large', message: fieldMessage('pdf_too_large', lang) } });
    },
  });
  ROUTE_INPUTS.set(middleware, { target: 'form' });
  return middleware;
}
