import { defineMessages } from '../../lib/i18n.ts';

export const t = defineMessages(
  {
    heading: 'ระบบเจ้าหน้าที่',
    subheading: 'เข้าสู่ระบบสำหรับเจ้าหน้าที่กรมบัญชีกลาง',
    username: 'รหัสผู้ใช้งาน (Username)',
    password: 'รหัสผ่าน (Password)',
    submit: 'เข้าสู่ระบบ',
    submitting: 'กำลังเข้าสู่ระบบ…',
    notOfficer: 'บัญชีนี้ไม่ใช่บัญชีเจ้าหน้าที่ กรุณาเข้าสู่ระบบด้วยบัญชีเจ้าหน้าที่',
    required: 'กรุณากรอกรหัสผู้ใช้งานและรหัสผ่าน',
    retryIn: 'กรุณารอ {seconds} วินาทีแล้วลองใหม่',
  },
  {
    heading: 'Officer console',
    subheading: "Log in as an officer of the Comptroller General's Department",
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    submitting: 'Logging in…',
    notOfficer: 'This is not an officer account. Please log in with an officer account.',
    required: 'Enter your username and password.',
    retryIn: 'Please wait {seconds} seconds and try again.',
  },
);
