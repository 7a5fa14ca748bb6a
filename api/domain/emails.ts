/** The texts of every email, in Thai as the manual shows them (English follows for readers who need it). */
const footer = '\n\n—\nระบบการพิสูจน์ยืนยันตัวตน Soft Token กรมบัญชีกลาง\nอีเมลนี้ส่งโดยอัตโนมัติ กรุณาอย่าตอบกลับ';

export type MailContent = { subject: string; text: string };

export function emailOtpMail(email: string, code: string): MailContent {
  return {
    subject: 'ยืนยันอีเมลลงทะเบียน GFMIS',
    text: `ท่านได้รับอีเมลฉบับนี้เนื่องจากการลงทะเบียนอีเมล ${email} ในขั้นตอนการลงทะเบียนใช้งานระบบ GFMIS ใช้รหัสด้านล่างนี้เพื่อให้กระบวนการยืนยันอีเมลเสร็จสิ้น\n\n${code} ( otp สามารถใช้งานได้ภายใน 5 นาที )\n\nYour GFMIS email verification code is ${code}. It is valid for 5 minutes.${footer}`,
  };
}

export function registrationApprovedMail(username: string): MailContent {
  return {
    subject: `ยืนยันสถานะการลงทะเบียน - ชื่อผู้ใช้งาน ${username} ได้รับการอนุมัติข้อมูลลงทะเบียนเรียบร้อยแล้ว`,
    text: `ชื่อผู้ใช้งาน ${username} ได้รับการอนุมัติข้อมูลลงทะเบียนเรียบร้อยแล้ว\n\nกรุณา Login เข้าสู่ระบบ New GFMIS Thai เพื่อดำเนินการต่อในขั้นตอนที่ 5 ลงทะเบียน Soft Token\n\nThe registration of user ${username} has been approved. Log in to continue with step 5, soft-token activation.${footer}`,
  };
}

export function registrationRejectedMail(username: string, reason: string): MailContent {
  return {
    subject: `ปฏิเสธการลงทะเบียน - ชื่อผู้ใช้งาน ${username}`,
    text: `การลงทะเบียนของชื่อผู้ใช้งาน ${username} ไม่ได้รับการอนุมัติ\n\nเหตุผล: ${reason}\n\nท่านสามารถแก้ไขตามเหตุผลข้างต้น แล้ว Login เข้าสู่ระบบเพื่อลงทะเบียนใหม่ตั้งแต่ขั้นตอนที่ 1\n\nThe registration of user ${username} was rejected. Reason: ${reason}. Please correct this and register again from step 1.${footer}`,
  };
}

export function tokenRevokedMail(username: string, reason: string): MailContent {
  return {
    subject: `ยกเลิกการใช้งาน Soft Token - ชื่อผู้ใช้งาน ${username}`,
    text: `Soft Token ของชื่อผู้ใช้งาน ${username} ถูกยกเลิกการใช้งานเรียบร้อยแล้ว\nเหตุผล: ${reason}\n\nหากท่านไม่ได้เป็นผู้ดำเนินการ กรุณาติดต่อเจ้าหน้าที่กรมบัญชีกลางโดยด่วน\n\nThe soft token of user ${username} has been revoked (reason: ${reason}). If this was not you, contact the Comptroller General's Department at once.${footer}`,
  };
}

/** Someone keeps failing to log in as this account: the holder hears of it, at most once a day. */
export function loginThrottledMail(username: string): MailContent {
  return {
    subject: `มีการพยายามเข้าสู่ระบบด้วยชื่อผู้ใช้งาน ${username} ผิดหลายครั้ง`,
    text: `มีการพยายามเข้าสู่ระบบด้วยชื่อผู้ใช้งาน ${username} โดยใช้รหัสผ่านไม่ถูกต้องหลายครั้ง ระบบจึงชะลอการเข้าสู่ระบบจากแหล่งดังกล่าว\n\nท่านยังเข้าสู่ระบบได้ตามปกติจากเครื่องคอมพิวเตอร์ที่ท่านเคยเข้าสู่ระบบสำเร็จ หากไม่ใช่ท่านเป็นผู้พยายามเข้าสู่ระบบ กรุณาเปลี่ยนรหัสผ่าน และอย่ายืนยันคำขอเข้าสู่ระบบบนโทรศัพท์ที่ท่านไม่ได้เป็นผู้ขอ\n\nSomeone has repeatedly tried to log in as ${username} with a wrong password, so logins from that source are slowed down. You can still log in as usual from a computer where you logged in before. If this was not you, change your password and never approve a login request on your phone that you did not start.${footer}`,
  };
}

export function tokenExpiryReminderMail(username: string, daysLeft: number, validUntilThai: string): MailContent {
  return {
    subject: `แจ้งเตือน Soft Token ของชื่อผู้ใช้งาน ${username} จะหมดอายุในอีก ${daysLeft} วัน`,
    text: `Soft Token ของชื่อผู้ใช้งาน ${username} จะหมดอายุในวันที่ ${validUntilThai} (อีก ${daysLeft} วัน)\n\nกรุณา Login เข้าสู่ระบบ New GFMIS Thai แล้วเลือก Renew Soft Token เพื่อต่ออายุการใช้งานอีก 2 ปี\n\nThe soft token of user ${username} expires on ${validUntilThai} (${daysLeft} days left). Log in and choose "Renew Soft Token" to extend it by two years.${footer}`,
  };
}

/** Why a reset link was sent: the opening lines of its email. */
export type PasswordResetWhy = 'not_me' | 'lost_phone' | 'change_phone' | 'mfa_fatigue' | 'service_request';

const RESET_WHY: Record<PasswordResetWhy, { th: string; en: string }> = {
  not_me: {
    th: 'มีการแจ้ง "ไม่ใช่ฉัน" ต่อคำขอเข้าสู่ระบบ แสดงว่าอาจมีผู้อื่นทราบรหัสผ่านของท่าน Soft Token และรหัสผ่านเดิมจึงถูกระงับการใช้งานแล้ว',
    en: 'A login request was reported as "this was not me": someone else may know your password, so the soft token and the old password are suspended.',
  },
  lost_phone: {
    th: 'Soft Token เดิมถูกยกเลิกตามคำร้อง (มือถือหาย) รหัสผ่านเดิมจึงถูกระงับการใช้งานแล้ว',
    en: 'The old soft token was revoked by a service request (lost phone), so the old password is suspended.',
  },
  change_phone: {
    th: 'Soft Token เดิมถูกยกเลิกตามคำร้อง (เปลี่ยนมือถือ) รหัสผ่านเดิมจึงถูกระงับการใช้งานแล้ว',
    en: 'The old soft token was revoked by a service request (change of phone), so the old password is suspended.',
  },
  mfa_fatigue: {
    th: 'มีคำขอเข้าสู่ระบบที่ไม่ได้รับการยืนยันบนโทรศัพท์มือถือหลายครั้งติดต่อกัน แสดงว่าอาจมีผู้อื่นทราบรหัสผ่านของท่าน รหัสผ่านเดิมจึงถูกระงับการใช้งานแล้ว อย่ายืนยันคำขอที่ท่านไม่ได้เป็นผู้เริ่ม',
    en: 'Many login requests went unanswered or were refused on your phone: someone else may know your password, so it is suspended. Never approve a request you did not start.',
  },
  service_request: {
    th: 'ตามคำร้องขอ reset รหัสผ่าน/ ลืมรหัสผ่าน',
    en: 'As asked in your service request to reset a forgotten password.',
  },
};

/** A single-use link to set a new password; sent only to the verified email on file (FLOWS §6). */
export function passwordResetMail(username: string, link: string, why: PasswordResetWhy, hours: number): MailContent {
  const reason = RESET_WHY[why];
  return {
    subject: `ตั้งรหัสผ่านใหม่ - ชื่อผู้ใช้งาน ${username}`,
    text: `${reason.th}\n\nกรุณาตั้งรหัสผ่านใหม่ของชื่อผู้ใช้งาน ${username} จากลิงก์ด้านล่าง (ใช้ได้ครั้งเดียว ภายใน ${hours} ชั่วโมง)\n\n${link}\n\nหากท่านไม่ได้ร้องขอ กรุณาติดต่อเจ้าหน้าที่กรมบัญชีกลางโดยด่วน\n\n${reason.en}\nSet a new password for ${username} from the link above (single use, valid ${hours} hours). If this was not you, contact the Comptroller General's Department at once.${footer}`,
  };
}

/** After a reset: the holder hears of it at the same verified address. */
export function passwordResetDoneMail(username: string): MailContent {
  return {
    subject: `ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว - ชื่อผู้ใช้งาน ${username}`,
    text: `รหัสผ่านของชื่อผู้ใช้งาน ${username} ถูกตั้งใหม่เรียบร้อยแล้ว และทุกการเข้าสู่ระบบเดิมถูกยกเลิก\n\nหากท่านไม่ได้เป็นผู้ดำเนินการ กรุณาติดต่อเจ้าหน้าที่กรมบัญชีกลางโดยด่วน\n\nThe password of ${username} has been reset and every earlier session ended. If this was not you, contact the Comptroller General's Department at once.${footer}`,
  };
}

/** What was done for a service request (or why not): the heart of its outcome email. */
export type ServiceRequestOutcome =
  | { kind: 'refused'; reason: string | null }
  | { kind: 'reset_password' }
  /** change_phone, lost_phone; `passwordReset`: a reset link went to this email too. */
  | { kind: 'new_phone'; passwordReset: boolean }
  | { kind: 'change_holder' }
  | { kind: 'change_email'; newEmail: string }
  | { kind: 'other' };

function outcomeText(outcome: ServiceRequestOutcome): { th: string; en: string } {
  const done = 'ดำเนินการตามคำร้องเรียบร้อยแล้ว';
  switch (outcome.kind) {
    case 'refused':
      return { th: `ไม่สามารถดำเนินการได้ เนื่องจาก ${outcome.reason}`, en: `Could not be done because: ${outcome.reason}` };
    case 'reset_password':
      return { th: `${done}\nระบบได้ส่งลิงก์สำหรับตั้งรหัสผ่านใหม่ไปยัง email ที่ลงทะเบียนไว้แล้ว`, en: 'Done. A link to set a new password has been sent to the registered email.' };
    case 'new_phone':
      return {
        th: `${done}\nSoft Token เดิมถูกยกเลิกแล้ว${outcome.passwordReset ? ' กรุณาตั้งรหัสผ่านใหม่จากลิงก์ที่ส่งไปยัง email นี้' : ''} แล้ว Login เข้าสู่ระบบ พิสูจน์ตัวตนอีกครั้ง (ขั้นตอนที่ 2) และลงทะเบียน Soft Token (ขั้นตอนที่ 5) ด้วยโทรศัพท์มือถือเครื่องใหม่`,
        en: `Done. The old soft token is revoked.${outcome.passwordReset ? ' Set a new password from the link sent to this email,' : ''} then log in, prove your identity again (step 2) and activate the soft token (step 5) on the new phone.`,
      };
    case 'change_holder':
      return { th: `${done}\nผู้ใช้งานเดิมถูกยกเลิกสิทธิแล้ว เจ้าหน้าที่จะส่งมอบรหัสผ่านเริ่มต้นให้ผู้ใช้งานรายใหม่`, en: 'Done. The previous holder has been released; an officer hands the initial password to the new holder.' };
    case 'change_email':
      return { th: `${done}\nกรุณายืนยันอีเมลใหม่ ${outcome.newEmail} จากลิงก์ที่ส่งไปยังอีเมลนั้น`, en: `Done. Confirm the new email ${outcome.newEmail} from the link sent to it.` };
    case 'other':
      return { th: `${done}\nเจ้าหน้าที่จะติดต่อกลับทางโทรศัพท์`, en: 'Done. An officer will call you back.' };
  }
}

/** ผลการดำเนินการตามคำร้อง: the outcome of a service request, to the verified email on file. */
export function serviceRequestOutcomeMail(
  request: { trackingNumber: string; username: string }, purpose: { th: string; en: string }, outcome: ServiceRequestOutcome,
): MailContent {
  const { th, en } = outcomeText(outcome);
  return {
    subject: `ผลการดำเนินการตามคำร้องขอใช้บริการ Soft Token เลขที่ ${request.trackingNumber}`,
    text: `คำร้อง: ${purpose.th}\nชื่อผู้ใช้งาน: ${request.username}\n\n${th}\n\nRequest ${request.trackingNumber} (${purpose.en}): ${en}${footer}`,
  };
}

/** The link to a new address (change of email): applied only by the holder signed in with the phone. */
export function emailChangeLinkMail(username: string, link: string, days: number): MailContent {
  return {
    subject: 'ยืนยันอีเมลใหม่สำหรับ Soft Token',
    text: `กรุณาเข้าสู่ระบบด้วยชื่อผู้ใช้งาน ${username} และอนุมัติบนโทรศัพท์มือถือ แล้วเปิดลิงก์ด้านล่างเพื่อยืนยันอีเมลใหม่ (ลิงก์ใช้ได้ ${days} วัน)\n\n${link}\n\nLog in as ${username} with your phone's approval, then open the link above to confirm the new email (valid ${days} days).${footer}`,
  };
}

/** To the old address once a new one is on record, so a change the holder did not make is noticed. */
export function emailChangedMail(newEmail: string): MailContent {
  return {
    subject: 'email ที่ลงทะเบียนไว้ใน Soft Token ถูกเปลี่ยนแล้ว',
    text: `email ที่ลงทะเบียนไว้ของชื่อผู้ใช้งานที่ผูกกับท่านถูกเปลี่ยนเป็น ${newEmail} แล้ว หากท่านไม่ได้ดำเนินการนี้ กรุณาติดต่อเจ้าหน้าที่กรมบัญชีกลางทันที\n\nThe email registered for your Soft Token was changed to ${newEmail}. If this was not you, contact the Comptroller General's Department at once.${footer}`,
  };
}
