/**
 * The one error-code map. Every error a client sees is `{ code, message }` (plus `fields`
 * for field-level validation), in Thai or English by the request's language.
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
  not_pending: { status: 409, th: 'รายการนี้ได้รับการพิจารณาไปแล้ว', en: 'This registration has already been decided.' },
  has_token: { status: 409, th: 'บัญชีนี้มี Soft Token ที่ใช้งานอยู่ กรุณาดำเนินการผ่านแบบคำร้องขอใช้บริการ Soft Token', en: 'This account has an active soft token; use a service request instead.' },
  not_legacy: { status: 409, th: 'บัญชีนี้ไม่ใช่ผู้ใช้งานอุปกรณ์ GFMIS Token Key', en: 'This account is not a GFMIS Token Key user.' },
  conflict: { status: 409, th: 'ข้อมูลนี้มีอยู่แล้วหรือถูกเปลี่ยนแปลงไปแล้ว', en: 'This already exists or has changed.' },
  duplicate: { status: 409, th: 'ข้อมูลนี้มีอยู่ในระบบแล้ว ไม่สามารถบันทึกซ้ำได้', en: 'This is already on record and cannot be saved twice.' },
  credential_taken: { status: 409, th: 'กุญแจ (passkey) นี้ลงทะเบียนไว้กับบัญชีอื่นแล้ว กรุณาใช้กุญแจอื่น', en: 'This passkey is already registered to another account. Please use another one.' },
  payload_too_large: { status: 413, th: 'ไฟล์มีขนาดใหญ่เกินกำหนด', en: 'The file is too large.' },
  body_too_large: { status: 413, th: 'ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด', en: 'The request is too large.' },
  rate_limited: { status: 429, th: 'ทำรายการบ่อยเกินไป กรุณารอสักครู่แล้วลองใหม่', en: 'Too many attempts. Please wait a moment and try again.' },
  unavailable: { status: 503, th: 'ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่ภายหลัง', en: 'The service is temporarily unavailable. Please try again later.' },
  internal: { status: 500, th: 'เกิดข้อผิดพลาดในระบบ กรุณาลองใหม่อีกครั้ง', en: 'Something went wrong. Please try again.' },
} as const satisfies Record<string, { status: number; th: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'th' | 'en';
export type FieldErrors = Record<string, { code: string; message: string }>;

/** Thrown by handlers and middleware; app.onError turns it into the JSON error. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(code);
  }
}

export function errorBody(code: ErrorCode, lang: Lang, fields?: FieldErrors) {
  const def = ERRORS[code];
  return { status: def.status, body: { code, message: def[lang], ...(fields ? { fields } : {}) } };
}
