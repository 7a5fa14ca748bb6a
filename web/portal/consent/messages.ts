/** Consent for another system (OpenID Connect, issue #14): Thai, English through the switch. */
import { defineMessages } from '../../lib/i18n.ts';

export const t = defineMessages(
  {
    heading: '{client} ขอเข้าถึงข้อมูลของคุณ',
    lead: 'หากอนุญาต ระบบ Soft Token จะส่งข้อมูลต่อไปนี้ให้ {client}',
    'scope.openid': 'รหัสผู้ใช้แบบสุ่มที่ไม่ระบุตัวตน',
    'scope.profile': 'ชื่อ-นามสกุล (ไทย/อังกฤษ), ชื่อผู้ใช้งาน',
    'scope.gfmis': 'หน่วยงาน (รหัสหน่วยเบิกจ่าย) และวันหมดอายุ Soft Token',
    'scope.other': 'ข้อมูลอื่นตามขอบเขต {scope}',
    nationalId: 'ระบบจะไม่ส่งเลขประจำตัวประชาชนของคุณให้ระบบอื่นไม่ว่ากรณีใด',
    allow: 'อนุญาต',
    deny: 'ไม่อนุญาต',
    loading: 'กำลังโหลด…',
    expiredHeading: 'รายการหมดอายุ',
    expired: 'รายการนี้หมดอายุแล้ว กรุณากลับไปเริ่มใหม่ที่ระบบต้นทาง',
    failed: 'ไม่สามารถโหลดรายการได้: {message}',
    failedHeading: 'ไม่สามารถโหลดรายการได้',
    retry: 'ลองใหม่',
  },
  {
    heading: '{client} asks to use your details',
    lead: 'If you allow it, Soft Token gives {client} the following:',
    'scope.openid': 'an opaque user ID',
    'scope.profile': 'name (Thai, English), username',
    'scope.gfmis': 'unit (disbursement unit code) and Soft Token expiry date',
    'scope.other': 'other details under the scope {scope}',
    nationalId: 'Your national ID is never released to another system.',
    allow: 'Allow',
    deny: 'Deny',
    loading: 'Loading…',
    expiredHeading: 'Request expired',
    expired: 'This request has expired; start again from the system you came from.',
    failed: 'Could not load the request: {message}',
    failedHeading: 'The request could not be loaded',
    retry: 'Try again',
  },
);
