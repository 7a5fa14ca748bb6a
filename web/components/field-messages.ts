/**
 * Field-level messages by the codes the API returns in `fields` (api/http/validate.ts), so a
 * field error follows the language switch even after the server answered in the other one.
 */
import type { FieldErrors } from '../lib/api.ts';
import { defineMessages } from '../lib/i18n.ts';

const th = {
  required: 'กรุณากรอกข้อมูล',
  invalid: 'รูปแบบข้อมูลไม่ถูกต้อง',
  too_long: 'ข้อมูลยาวเกินกำหนด',
  too_short: 'ข้อมูลสั้นเกินไป',
  national_id_format: 'เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก',
  national_id_checksum: 'เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบไม่ตรง)',
  mobile_format: 'หมายเลขโทรศัพท์มือถือต้องเป็นตัวเลข 10 หลัก',
  phone_format: 'หมายเลขโทรศัพท์ไม่ถูกต้อง',
  postcode_format: 'รหัสไปรษณีย์ต้องเป็นตัวเลข 5 หลัก',
  address_not_real: 'กรุณาเลือกจังหวัด เขต/อำเภอ แขวง/ตำบล และรหัสไปรษณีย์จากรายการ',
  pdf_required: 'กรุณาอัปโหลดไฟล์ PDF คำสั่งแต่งตั้ง',
  pdf_too_large: 'ไฟล์ต้องมีขนาดไม่เกิน 10MB',
  pdf_invalid: 'ไฟล์นี้ไม่ใช่ไฟล์ PDF ที่ถูกต้อง',
  consent_required: 'กรุณายอมรับข้อตกลงและเงื่อนไข',
  otp_format: 'รหัสยืนยันต้องเป็นตัวเลข 6 หลัก',
  email_format: 'รูปแบบอีเมลไม่ถูกต้อง',
  email_not_verified: 'กรุณายืนยันอีเมลก่อน',
  unit_code_format: 'รหัสหน่วยเบิกจ่ายต้องเป็นตัวเลข 10 หลัก',
  unit_unknown: 'ไม่พบรหัสหน่วยเบิกจ่ายนี้ในระบบ',
  username_format: 'รหัสผู้ใช้งานต้องมี 15 ตัวอักษร: ตัวอักษร 1 ตัว รหัสหน่วยเบิกจ่าย 10 หลัก และอีก 4 ตัว',
  username_not_in_unit: 'รหัสผู้ใช้งานไม่ตรงกับรหัสหน่วยเบิกจ่าย',
  same_email: 'อีเมลใหม่ต้องไม่ซ้ำกับอีเมลเดิม',
};

const fieldText = defineMessages<keyof typeof th>(th, {
  required: 'This field is required.',
  invalid: 'This value is not valid.',
  too_long: 'This value is too long.',
  too_short: 'This value is too short.',
  national_id_format: 'The national ID must be 13 digits.',
  national_id_checksum: 'The national ID is not valid (check digit does not match).',
  mobile_format: 'The mobile number must be 10 digits.',
  phone_format: 'The phone number is not valid.',
  postcode_format: 'The postcode must be 5 digits.',
  address_not_real: 'Choose the province, district, subdistrict and postcode from the lists.',
  pdf_required: 'Please upload the appointment order as a PDF.',
  pdf_too_large: 'The file must be at most 10 MB.',
  pdf_invalid: 'This file is not a valid PDF.',
  consent_required: 'Please accept the terms and conditions.',
  otp_format: 'The code must be 6 digits.',
  email_format: 'The email address is not valid.',
  email_not_verified: 'Please verify your email first.',
  unit_code_format: 'The disbursing unit code must be 10 digits.',
  unit_unknown: 'There is no disbursing unit with this code.',
  username_format: 'The username must be 15 characters: a letter, the 10-digit unit code and 4 more characters.',
  username_not_in_unit: 'The username does not belong to this disbursing unit.',
  same_email: 'The new email must differ from the current one.',
});

export type FieldError = { code: string; message: string };

/** The message to show for a field error: ours in the current language when we know the code, else the server's. */
export function fieldErrorText(error: FieldError | undefined): string | undefined {
  if (!error) return undefined;
  return error.code in th ? fieldText(error.code as keyof typeof th) : error.message;
}

/** A field error made in the browser (same codes as the server's). */
export function localFieldError(code: keyof typeof th): FieldError {
  return { code, message: '' };
}

/** Pick the errors under `prefix.` (e.g. `address.`) and strip the prefix. */
export function nestedErrors(fields: FieldErrors, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(fields)) if (key.startsWith(`${prefix}.`)) out[key.slice(prefix.length + 1)] = value;
  return out;
}
