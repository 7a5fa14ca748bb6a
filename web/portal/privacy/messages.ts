/** The privacy notice (PDPA, พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562): Thai, English through the switch. */
import { defineMessages } from '../../lib/i18n.ts';

export const t = defineMessages(
  {
    heading: 'นโยบายความเป็นส่วนตัว',
    intro: 'กรมบัญชีกลาง กระทรวงการคลัง เก็บรวบรวม ใช้ และเปิดเผยข้อมูลส่วนบุคคลของท่านในระบบ Soft Token เท่าที่จำเป็น ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562',

    collectHeading: 'ข้อมูลที่เก็บรวบรวม',
    'collect.nationalId': 'เลขประจำตัวประชาชน',
    'collect.names': 'คำนำหน้าชื่อ ชื่อ และนามสกุล ทั้งภาษาไทยและภาษาอังกฤษ',
    'collect.birthDate': 'วันเดือนปีเกิด',
    'collect.address': 'ที่อยู่ และข้อมูลหน่วยงานที่สังกัด',
    'collect.phones': 'หมายเลขโทรศัพท์มือถือและหมายเลขโทรศัพท์',
    'collect.email': 'email',
    'collect.appointment': 'คำสั่งหรือเอกสารมอบหมายให้เป็นผู้มีสิทธิใช้งานระบบ New GFMIS Thai (ไฟล์ PDF ที่แนบในขั้นตอนที่ 1)',
    'collect.scan': 'แบบคำร้องขอใช้บริการ Soft Token ที่ลงนามแล้ว (ไฟล์ที่สแกน)',
    'collect.passkey': 'กุญแจสาธารณะ (public key) ของ passkey ในโทรศัพท์มือถือของท่าน ระบบไม่ได้รับกุญแจส่วนตัว ลายนิ้วมือ หรือใบหน้าของท่าน',
    'collect.logins': 'บันทึกการเข้าสู่ระบบ ได้แก่ วันเวลา หมายเลข IP และโปรแกรมค้นดูเว็บที่ใช้',

    whyHeading: 'วัตถุประสงค์',
    why: 'เพื่อพิสูจน์และยืนยันตัวตนของท่าน ให้เจ้าหน้าที่พิจารณาอนุมัติ Soft Token สำหรับเข้าใช้งานระบบการบริหารการเงินการคลังภาครัฐแบบอิเล็กทรอนิกส์ (New GFMIS Thai) ยืนยันการเข้าสู่ระบบแต่ละครั้ง และดำเนินการตามคำร้องขอใช้บริการของท่าน',

    keepHeading: 'ระยะเวลาการเก็บรักษา',
    'keep.appointment': 'คำสั่งหรือเอกสารมอบหมาย: ลบเมื่อครบ {days} วัน หลังเจ้าหน้าที่อนุมัติหรือไม่อนุมัติการลงทะเบียน หรือหลังการลงทะเบียนถูกยกเลิก',
    'keep.scan': 'แบบคำร้องขอใช้บริการที่ลงนามแล้ว: ลบเมื่อครบ {days} วัน หลังดำเนินการตามคำร้องเสร็จสิ้น',
    'keep.draft': 'การลงทะเบียนที่ยังไม่ได้ยื่นให้เจ้าหน้าที่พิจารณา: ลบเมื่อไม่มีการดำเนินการต่อเป็นเวลา {days} วัน (บัญชีผู้ใช้งานยังคงอยู่ ท่านเริ่มลงทะเบียนใหม่ได้)',
    'keep.expired': 'รหัสยืนยันทาง email รหัสลงทะเบียน Soft Token ลิงก์ตั้งรหัสผ่านใหม่ การพิสูจน์ตัวตน และคำขอเข้าสู่ระบบ: ลบเมื่อครบ {days} วัน หลังหมดอายุ; email ที่ส่งแล้ว: ลบเมื่อครบ {days} วัน หลังส่ง',
    'keep.holder': 'ข้อมูลผู้ถือ Soft Token และการลงทะเบียนที่ได้รับอนุมัติ: เก็บไว้คู่กับบัญชีผู้ใช้งาน',
    'keep.audit': 'บันทึกการตรวจสอบ (audit log): เก็บไว้เป็นหลักฐานการดำเนินการ โดยบันทึกเลขประจำตัวประชาชนแบบปิดบังบางส่วนเท่านั้น',
    keepLoading: 'กำลังโหลดระยะเวลาการเก็บรักษา…',
    keepFailed: 'ไม่สามารถโหลดระยะเวลาการเก็บรักษาได้: {message}',
    retry: 'ลองใหม่',

    whoHeading: 'ผู้ที่เข้าถึงข้อมูล',
    who: 'เฉพาะเจ้าหน้าที่กรมบัญชีกลางที่มีหน้าที่พิจารณาการลงทะเบียนและคำร้องขอใช้บริการ ในรายการและบันทึกการตรวจสอบเจ้าหน้าที่เห็นเลขประจำตัวประชาชนแบบปิดบังบางส่วน (เช่น x-xxxx-xxxxx-45-1) และทุกการเปิดดูข้อมูลถูกบันทึกไว้ กรมบัญชีกลางไม่เปิดเผยข้อมูลของท่านแก่บุคคลภายนอก เว้นแต่กฎหมายกำหนด',

    protectHeading: 'การรักษาความปลอดภัย',
    protect: 'ข้อมูลส่วนบุคคลและไฟล์เอกสารถูกเข้ารหัสก่อนจัดเก็บในฐานข้อมูล (AES-256-GCM) เลขประจำตัวประชาชนค้นหาได้ด้วยค่าแฮชเท่านั้น รหัสผ่านและรหัสยืนยันเก็บเป็นค่าแฮช และการรับส่งข้อมูลทั้งหมดเข้ารหัสด้วย https',

    contactHeading: 'ติดต่อสอบถาม',
    contact: 'หากท่านต้องการสอบถาม ขอเข้าถึง แก้ไข หรือลบข้อมูลส่วนบุคคลของท่าน กรุณาติดต่อศูนย์ช่วยเหลือของกรมบัญชีกลาง โทร. {phone}',
  },
  {
    heading: 'Privacy notice',
    intro: "The Comptroller General's Department, Ministry of Finance, collects, uses and discloses your personal data in Soft Token only as far as needed, under Thailand's Personal Data Protection Act B.E. 2562 (2019).",

    collectHeading: 'What we collect',
    'collect.nationalId': 'Your national ID number',
    'collect.names': 'Your title, first, middle and last names, in Thai and English',
    'collect.birthDate': 'Your date of birth',
    'collect.address': 'Your address and your workplace',
    'collect.phones': 'Your mobile and phone numbers',
    'collect.email': 'Your email address',
    'collect.appointment': 'The order appointing you as a user of New GFMIS Thai (the PDF attached in step 1)',
    'collect.scan': 'The signed Soft Token service-request form (its scan)',
    'collect.passkey': "The public key of the passkey on your phone. The system never receives the private key, your fingerprint or your face.",
    'collect.logins': 'Login records: date and time, IP address and the browser used',

    whyHeading: 'Why',
    why: 'To prove your identity, so that officers can approve a soft token for the government finance system (New GFMIS Thai); to approve each of your logins; and to carry out your service requests.',

    keepHeading: 'How long we keep it',
    'keep.appointment': 'Appointment order: deleted {days} days after an officer approves or rejects the registration, or after the registration is cancelled',
    'keep.scan': 'Signed service-request form: deleted {days} days after the request is closed',
    'keep.draft': 'A registration never submitted for approval: deleted after {days} days without activity (your account stays, so you can start again)',
    'keep.expired': 'Email verification codes, activation codes, password-reset links, identity-proofing sessions and login requests: deleted {days} days after they expire; emails sent: deleted {days} days after sending',
    'keep.holder': 'The soft-token holder and their approved registration: kept with the account',
    'keep.audit': 'The audit log: kept as the record of what was done; it stores national ID numbers only in masked form',
    keepLoading: 'Loading the retention periods…',
    keepFailed: 'Could not load the retention periods: {message}',
    retry: 'Try again',

    whoHeading: 'Who sees it',
    who: "Only officers of the Comptroller General's Department who review registrations and service requests. Their lists and the audit log show national IDs masked (e.g. x-xxxx-xxxxx-45-1), and every time they open a record it is logged. The department does not disclose your data to anyone else unless the law requires it.",

    protectHeading: 'How it is protected',
    protect: 'Personal data and documents are encrypted before they are stored in the database (AES-256-GCM); national IDs can be searched only through a keyed hash; passwords and codes are stored as hashes; and everything travels over https.',

    contactHeading: 'Whom to ask',
    contact: "To ask a question, or to see, correct or delete your personal data, call the Comptroller General's Department help line: {phone}",
  },
);
