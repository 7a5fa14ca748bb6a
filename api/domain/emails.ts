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

export function tokenExpiryReminderMail(username: string, daysLeft: number, validUntilThai: string): MailContent {
  return {
    subject: `แจ้งเตือน Soft Token ของชื่อผู้ใช้งาน ${username} จะหมดอายุในอีก ${daysLeft} วัน`,
    text: `Soft Token ของชื่อผู้ใช้งาน ${username} จะหมดอายุในวันที่ ${validUntilThai} (อีก ${daysLeft} วัน)\n\nกรุณา Login เข้าสู่ระบบ New GFMIS Thai แล้วเลือก Renew Soft Token เพื่อต่ออายุการใช้งานอีก 2 ปี\n\nThe soft token of user ${username} expires on ${validUntilThai} (${daysLeft} days left). Log in and choose "Renew Soft Token" to extend it by two years.${footer}`,
  };
}
