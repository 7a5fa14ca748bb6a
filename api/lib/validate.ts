/**
 * Input validation for every route: zod schemas through @hono/zod-validator, with each
 * failure turned into a field-level message in Thai or English.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
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
  consent_required: { th: 'กรุณายอมรับข้อตกลงและเงื่อนไข', en: 'Please accept the terms and conditions.' },
  otp_format: { th: 'รหัสยืนยันต้องเป็นตัวเลข 6 หลัก', en: 'The code must be 6 digits.' },
  email_format: { th: 'รูปแบบอีเมลไม่ถูกต้อง', en: 'The email address is not valid.' },
};

export function fieldMessage(key: string, lang: Lang): string {
  return (FIELD_MESSAGES[key] ?? FIELD_MESSAGES.invalid!)[lang];
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

/** zValidator that answers bad input with the shared 400 `{ code: 'validation', fields }`. */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const lang = (c.get('lang' as never) as Lang | undefined) ?? 'th';
      throw new AppError('validation', toFieldErrors(result.error.issues, lang));
    }
  });
}
