/**
 * The message catalogue: every text the API answers with (error codes and field errors) and
 * the texts of push notifications, in one place. Plain data with no imports, so the server,
 * the web app (web/components/field-messages.ts) and the service worker (sw/sw.ts) read the
 * same texts. Email bodies live in api/domain/emails.ts.
 */

export type Lang = 'th' | 'en';
export type Text = { th: string; en: string };
type Vars = Record<string, string | number>;

/** `{name}` placeholders filled from `vars`; a name without a value stays as written. */
export function fillIn(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

/**
 * Error codes: the HTTP status and the message of every `{ code, message }` a client sees
 * (api/errors.ts turns them into responses).
 */
export const ERRORS = {
  validation: { status: 400, th: 'ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบและแก้ไข', en: 'Some information is not valid. Please check and correct it.' },
  bad_request: { status: 400, th: 'คำขอไม่ถูกต้อง', en: 'The request is not valid.' },
  unauthorized: { status: 401, th: 'กรุณาเข้าสู่ระบบ', en: 'Please log in.' },
  invalid_credentials: { status: 401, th: 'รหัสผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง', en: 'The username or password is incorrect.' },
  too_many_requests: { status: 429, th: 'มีคำขอเข้าสู่ระบบที่ไม่ได้รับการยืนยันมากเกินไป กรุณารอ 15 นาทีแล้วลองใหม่', en: 'Too many unanswered or refused login requests. Please wait 15 minutes and try again.' },
  token_suspended: { status: 403, th: 'Soft Token ของท่านถูกระงับการใช้งาน กรุณาติดต่อเจ้าหน้าที่', en: 'Your soft token is suspended. Please contact an officer.' },
  request_not_found: { status: 404, th: 'ไม่พบคำขอ หรือคำขอนี้ไม่ได้เริ่มจากเบราว์เซอร์นี้', en: 'No such request, or it was not started in this browser.' },
  request_not_approved: { status: 409, th: 'คำขอนี้ยังไม่ได้รับการยืนยัน หมดอายุ หรือถูกปฏิเสธ', en: 'This request is not approved (pending, expired or denied).' },
  export_gone: { status: 410, th: 'ไฟล์ข้อมูลนี้ถูกดาวน์โหลดไปแล้วหรือหมดเวลาดาวน์โหลด กรุณาขอดาวน์โหลดใหม่และยืนยันบนโทรศัพท์มือถืออีกครั้ง', en: 'This copy of your data was already downloaded or its time ran out. Ask again and confirm on your phone.' },
  request_closed: { status: 409, th: 'คำขอนี้หมดอายุหรือได้รับคำตอบแล้ว', en: 'This request has expired or was already answered.' },
  wrong_old_password: { status: 400, th: 'รหัสผ่านเดิมไม่ถูกต้อง', en: 'The old password is not correct.' },
  wrong_step: { status: 409, th: 'โปรดดำเนินการตามขั้นตอนให้ครบถ้วนก่อน', en: 'Please complete the earlier steps first.' },
  already_registered: { status: 409, th: 'ท่านได้ลงทะเบียนแล้ว', en: 'You have already registered.' },
  email_taken: { status: 409, th: 'อีเมลนี้ถูกใช้ลงทะเบียนโดยบุคคลอื่นแล้ว กรุณาใช้อีเมลอื่น', en: 'This email is already registered to another person. Please use another email.' },
  email_not_verified: { status: 409, th: 'กรุณายืนยันอีเมลก่อน', en: 'Please verify your email first.' },
  otp_wrong: { status: 400, th: 'รหัสยืนยันไม่ถูกต้อง', en: 'The code is not correct.' },
  otp_expired: { status: 400, th: 'รหัสยืนยันหมดอายุแล้ว กรุณากดส่งรหัสยืนยันใหม่', en: 'The code has expired. Please send a new code.' },
  otp_locked: { status: 400, th: 'ระบุรหัสผิดเกินจำนวนครั้งที่กำหนด กรุณากดส่งรหัสยืนยันใหม่', en: 'Too many wrong codes. Please send a new code.' },
  otp_none: { status: 400, th: 'กรุณากดส่งรหัสยืนยันก่อน', en: 'Please send a verification code first.' },
  otp_daily_limit: { status: 429, th: 'ส่งรหัสยืนยันทางอีเมลครบจำนวนครั้งที่กำหนดต่อวันแล้ว กรุณาลองใหม่ในวันถัดไป หรือติดต่อเจ้าหน้าที่', en: 'The daily limit of email verification codes has been reached. Please try again tomorrow or contact an officer.' },
  otp_resend_wait: { status: 429, th: 'กรุณารอจนครบเวลาก่อนส่งรหัสยืนยันอีกครั้ง', en: 'Please wait for the countdown before sending another code.' },
  proofing_unavailable: { status: 503, th: 'ไม่สามารถเชื่อมต่อผู้ให้บริการพิสูจน์ตัวตนได้ กรุณาลองใหม่ภายหลัง', en: 'The identity provider cannot be reached. Please try again later.' },
  reset_link_invalid: { status: 410, th: 'ลิงก์ตั้งรหัสผ่านใหม่นี้หมดอายุหรือถูกใช้งานแล้ว หากยังต้องการตั้งรหัสผ่านใหม่ กรุณายื่นแบบคำร้องขอใช้บริการ Soft Token (ขอ reset รหัสผ่าน)', en: 'This password reset link has expired or was already used. To reset your password, file a Soft Token service request (reset password).' },
  link_expired: { status: 410, th: 'ลิงก์นี้หมดอายุหรือถูกใช้งานแล้ว กรุณาเริ่มใหม่จากหน้าจอคอมพิวเตอร์', en: 'This link has expired or was already used. Please start again on the computer.' },
  activation_code_invalid: { status: 400, th: 'รหัส Activate ไม่ถูกต้อง หมดอายุ หรือถูกใช้งานแล้ว กรุณาขอรหัสใหม่จากหน้าจอคอมพิวเตอร์', en: 'The activation code is wrong, expired or already used. Ask for a new code on the computer.' },
  token_active: { status: 409, th: 'บัญชีนี้มี Soft Token ที่ใช้งานอยู่แล้ว ต้องยกเลิกหรือเปลี่ยนผ่านแบบคำร้องก่อน', en: 'This account already has an active soft token. Revoke it or file a service request first.' },
  webauthn_failed: { status: 400, th: 'ไม่สามารถยืนยันกุญแจของโทรศัพท์ได้ กรุณาลองใหม่อีกครั้ง', en: 'The phone\'s passkey could not be verified. Please try again.' },
  synced_passkey_refused: { status: 400, th: 'ระบบไม่รับกุญแจที่ซิงค์ผ่านคลาวด์ กรุณาใช้กุญแจที่ผูกกับโทรศัพท์เครื่องนี้เท่านั้น', en: 'Passkeys synced through a cloud account are not accepted. Use one bound to this phone.' },
  device_unknown: { status: 401, th: 'โทรศัพท์เครื่องนี้ยังไม่ได้ Activate Soft Token หรือ Soft Token ถูกยกเลิกแล้ว', en: 'This phone has no active soft token (not activated, or revoked).' },
  no_account: { status: 409, th: 'ไม่พบบัญชีผู้ใช้งานตามคำร้อง ให้เลือก "ไม่สามารถดำเนินการได้" พร้อมเหตุผล', en: 'No account matches this request: refuse it with a reason.' },
  checks_failed: { status: 409, th: 'การตรวจสอบกับข้อมูลในระบบไม่ผ่าน (เลขประจำตัวประชาชนหรือ email ไม่ตรงกับผู้ถือสิทธิ) จึงดำเนินการตามคำร้องนี้ไม่ได้ ให้เลือก "ไม่สามารถดำเนินการได้" พร้อมเหตุผล', en: 'The checks against the records failed (national ID or email does not match the holder), so this request cannot be carried out: refuse it with a reason.' },
  same_person: { status: 403, th: 'ผู้ตรวจสอบต้องไม่ใช่ผู้ดำเนินการคำร้องเดียวกัน', en: 'The reviewer must be someone other than the officer who processed the request.' },
  forbidden: { status: 403, th: 'ท่านไม่มีสิทธิ์ดำเนินการนี้', en: 'You are not allowed to do this.' },
  csrf: { status: 403, th: 'คำขอมาจากแหล่งที่ไม่น่าเชื่อถือ กรุณาลองใหม่จากหน้าเว็บของระบบ', en: 'The request came from an untrusted page. Please try again from the site itself.' },
  not_found: { status: 404, th: 'ไม่พบข้อมูลที่ต้องการ', en: 'Not found.' },
  own_registration: { status: 403, th: 'ท่านไม่สามารถพิจารณาการลงทะเบียนของตนเองได้', en: 'You cannot decide on your own registration.' },
  own_national_id: { status: 403, th: 'การลงทะเบียนนี้พิสูจน์ตัวตนด้วยเลขประจำตัวประชาชนของท่านเอง ต้องให้เจ้าหน้าที่ท่านอื่นเป็นผู้พิจารณา', en: 'This registration was proven with your own national ID: another officer must decide it.' },
  issued_credentials: { status: 403, th: 'ท่านเป็นผู้สร้างบัญชีนี้หรือออกรหัสผ่านเริ่มต้นให้บัญชีนี้ ต้องให้เจ้าหน้าที่ท่านอื่นเป็นผู้พิจารณา', en: 'You created this account or issued its initial password: another officer must decide it.' },
  officer_national_id_missing: { status: 403, th: 'บัญชีเจ้าหน้าที่ของท่านยังไม่มีเลขประจำตัวประชาชน จึงพิจารณาการลงทะเบียนไม่ได้ กรุณาให้ผู้ดูแลระบบบันทึกเลขประจำตัวประชาชนของท่านก่อน', en: 'Your officer account has no national ID on record, so it cannot decide registrations. Ask an administrator to record it first.' },
  officer_passkey_exists: { status: 409, th: 'บัญชีนี้มีกุญแจ (passkey) อยู่แล้ว กรุณาเข้าสู่ระบบด้วยกุญแจเดิม หากกุญแจสูญหาย กรุณาติดต่อผู้ดูแลระบบเพื่อยกเลิกกุญแจเดิม', en: 'This account already has a passkey. Sign in with it; if it is lost, ask an administrator to reset it.' },
  passkey_failed: { status: 400, th: 'ไม่สามารถยืนยันกุญแจ (passkey) ได้ กรุณาเข้าสู่ระบบใหม่อีกครั้ง', en: 'The passkey could not be verified. Please sign in again.' },
  passkey_challenge_expired: { status: 400, th: 'คำขอยืนยันด้วยกุญแจ (passkey) หมดอายุแล้ว กรุณาลองอีกครั้ง', en: 'The passkey request has expired. Please try again.' },
  passkey_login_failed: { status: 401, th: 'พาสคีย์นี้ใช้เข้าสู่ระบบไม่ได้', en: 'This passkey cannot sign you in.' },
  phishing_resistant_required: { status: 403, th: "หน่วยงานของท่านกำหนดให้เข้าสู่ระบบด้วยพาสคีย์ กรุณากด 'เข้าสู่ระบบด้วยพาสคีย์' แล้วยืนยันด้วยโทรศัพท์ของท่าน", en: "Your unit requires signing in with a passkey: choose 'Sign in with a passkey' and confirm on your phone." },
  account_suspended: { status: 403, th: 'การเข้าสู่ระบบของบัญชีนี้ถูกระงับชั่วคราว กรุณาตั้งรหัสผ่านใหม่ตามลิงก์ที่ส่งไปยังอีเมลของท่าน หรือติดต่อเจ้าหน้าที่', en: 'Signing in to this account is suspended. Set a new password with the link sent to your email, or contact an officer.' },
  not_pending: { status: 409, th: 'รายการนี้ได้รับการพิจารณาไปแล้ว', en: 'This registration has already been decided.' },
  has_token: { status: 409, th: 'บัญชีนี้มี Soft Token ที่ใช้งานอยู่ กรุณาดำเนินการผ่านแบบคำร้องขอใช้บริการ Soft Token', en: 'This account has an active soft token; use a service request instead.' },
  not_legacy: { status: 409, th: 'บัญชีนี้ไม่ใช่ผู้ใช้งานอุปกรณ์ GFMIS Token Key', en: 'This account is not a GFMIS Token Key user.' },
  public_client: { status: 409, th: 'ระบบที่เชื่อมต่อแบบสาธารณะ (public client) ไม่มีรหัสลับ (client secret)', en: 'A public client has no client secret.' },
  conflict: { status: 409, th: 'ข้อมูลนี้มีอยู่แล้วหรือถูกเปลี่ยนแปลงไปแล้ว', en: 'This already exists or has changed.' },
  duplicate: { status: 409, th: 'ข้อมูลนี้มีอยู่ในระบบแล้ว ไม่สามารถบันทึกซ้ำได้', en: 'This is already on record and cannot be saved twice.' },
  credential_taken: { status: 409, th: 'กุญแจ (passkey) นี้ลงทะเบียนไว้กับบัญชีอื่นแล้ว กรุณาใช้กุญแจอื่น', en: 'This passkey is already registered to another account. Please use another one.' },
  payload_too_large: { status: 413, th: 'ไฟล์มีขนาดใหญ่เกินกำหนด', en: 'The file is too large.' },
  body_too_large: { status: 413, th: 'ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด', en: 'The request is too large.' },
  rate_limited: { status: 429, th: 'ทำรายการบ่อยเกินไป กรุณารอสักครู่แล้วลองใหม่', en: 'Too many attempts. Please wait a moment and try again.' },
  unavailable: { status: 503, th: 'ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่ภายหลัง', en: 'The service is temporarily unavailable. Please try again later.' },
  internal: { status: 500, th: 'เกิดข้อผิดพลาดในระบบ กรุณาลองใหม่อีกครั้ง', en: 'Something went wrong. Please try again.' },
} as const satisfies Record<string, Text & { status: number }>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * Field errors (`fields[name] = { code, message }` of a 400 `validation`), by code: a schema's
 * custom refinement says `message: 'national_id_checksum'`. `{name}` placeholders take values.
 */
export const FIELD_MESSAGES = {
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
  email_not_verified: { th: 'กรุณายืนยันอีเมลก่อน', en: 'Please verify your email first.' },
  otp_wrong: { th: 'รหัสยืนยันไม่ถูกต้อง (เหลืออีก {triesLeft} ครั้ง)', en: 'The code is not correct ({triesLeft} tries left).' },
  uri_not_absolute: { th: 'ต้องเป็น URL เต็มรูปแบบ เช่น https://app.example.go.th/callback (ไม่มีช่องว่าง)', en: 'Use a full URL such as https://app.example.go.th/callback (no spaces).' },
  uri_fragment: { th: 'URL ต้องไม่มีส่วนที่ขึ้นต้นด้วย #', en: 'The URL must not contain a # fragment.' },
  uri_not_https: { th: 'URL ต้องขึ้นต้นด้วย https:// (ใช้ http:// ได้เฉพาะ localhost ระหว่างการพัฒนา)', en: 'The URL must start with https:// (http:// only for localhost during development).' },
  uri_too_many: { th: 'ระบุได้ไม่เกิน 10 URL', en: 'At most 10 URLs.' },
} as const satisfies Record<string, Text>;

export type FieldCode = keyof typeof FIELD_MESSAGES;

export function isFieldCode(code: string): code is FieldCode {
  return Object.hasOwn(FIELD_MESSAGES, code);
}

/** The message of a field error; an unknown code reads as `invalid`. */
export function fieldMessage(code: string, lang: Lang, vars?: Vars): string {
  return fillIn((isFieldCode(code) ? FIELD_MESSAGES[code] : FIELD_MESSAGES.invalid)[lang], vars);
}

/** A push notification as the phone shows it (Thai first: the notification's `lang` is `th`). */
export type PushText = { title: string; body: string };

/** What the server sends with a pending request, by its purpose (api/routes/login-requests.ts). */
export const PUSH_TEXTS = {
  login: { title: 'คำขอเข้าสู่ระบบ New GFMIS Thai', body: 'แตะเพื่อเลือกภาพที่ตรงกับหน้าจอคอมพิวเตอร์ / Tap to match the picture' },
  renew: { title: 'คำขอต่ออายุ Soft Token', body: 'แตะเพื่อยืนยันการต่ออายุ Soft Token (Update Profile)' },
  revoke: { title: 'คำขอยกเลิกการใช้งาน Soft Token', body: 'แตะเพื่อเลือกภาพที่ตรงกับหน้าจอคอมพิวเตอร์ / Tap to match the picture to revoke' },
  export: { title: 'คำขอดาวน์โหลดข้อมูลส่วนตัว', body: 'แตะเพื่อเลือกภาพที่ตรงกับหน้าจอคอมพิวเตอร์ / Tap to match the picture to download your data' },
} as const satisfies Record<string, PushText>;

/** The expiry reminder (api/jobs.ts, R-8.1). */
export function expiryReminderPush(daysLeft: number): PushText {
  return { title: 'Soft Token ใกล้หมดอายุ', body: `เหลืออีก ${daysLeft} วัน กรุณาต่ออายุ Soft Token / ${daysLeft} days left: please renew` };
}

/** What the service worker shows when a push carries no title or body of its own, by its type. */
const PUSH_FALLBACK_TEXTS: Record<string, PushText> = {
  login: { title: 'คำขอเข้าสู่ระบบ', body: 'แตะเพื่อยืนยันการเข้าสู่ระบบ New GFMIS Thai' },
  renew: { title: 'คำขอต่ออายุ Soft Token', body: 'แตะเพื่อยืนยันการต่ออายุ Soft Token' },
  revoke: { title: 'คำขอยกเลิกการใช้งาน Soft Token', body: 'แตะเพื่อเลือกภาพที่ตรงกับหน้าจอคอมพิวเตอร์' },
  export: { title: 'คำขอดาวน์โหลดข้อมูลส่วนตัว', body: 'แตะเพื่อเลือกภาพที่ตรงกับหน้าจอคอมพิวเตอร์' },
  revoked: { title: 'Soft Token ถูกยกเลิก', body: 'Soft Token บนอุปกรณ์นี้ถูกยกเลิกการใช้งานแล้ว' },
};
const PUSH_GENERIC_TEXT: PushText = { title: 'Soft Token', body: 'มีรายการใหม่ แตะเพื่อเปิดแอป Soft Token' };

export function pushFallbackText(type: string): PushText {
  return Object.hasOwn(PUSH_FALLBACK_TEXTS, type) ? PUSH_FALLBACK_TEXTS[type]! : PUSH_GENERIC_TEXT;
}
