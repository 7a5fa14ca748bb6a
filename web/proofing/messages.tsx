/** The phone's pages (/p/…) and the proofing outcomes the desktop shows too. */
import type { ProofingFailure } from '../lib/api.ts';
import { cx } from '../lib/cx.ts';
import { defineMessages, lang } from '../lib/i18n.ts';

export const t = defineMessages(
  {
    heading: 'ยืนยันการพิสูจน์ตัวตน',
    intro: 'มีการขอพิสูจน์ตัวตนเพื่อลงทะเบียน Soft Token ของบัญชีต่อไปนี้',
    username: 'รหัสผู้ใช้งาน',
    unit: 'หน่วยงาน',
    requestedAt: 'เวลาที่ขอ',
    browser: 'เบราว์เซอร์',
    ip: 'หมายเลข IP',
    unknown: 'ไม่ทราบ',
    browserOn: '{browser} บน {system}',
    question: 'ท่านเป็นผู้เริ่มการลงทะเบียนนี้บนคอมพิวเตอร์ของท่านเองใช่หรือไม่?',
    questionHint: 'ตรวจสอบว่ารหัสผู้ใช้งาน เวลา และเบราว์เซอร์ตรงกับคอมพิวเตอร์ที่ท่านใช้อยู่',
    next: 'เมื่อกดยืนยัน ท่านจะเข้าสู่ระบบ {provider} เพื่อยืนยันตัวตนและให้ความยินยอมเปิดเผยข้อมูล',
    confirm: 'ยืนยัน ดำเนินการต่อ',
    refuse: 'ไม่ใช่ ข้าพเจ้าไม่ได้ทำรายการนี้',
    redirecting: 'กำลังไปยัง {provider}…',
    loading: 'กำลังตรวจสอบลิงก์…',
    previousFailed: 'การพิสูจน์ตัวตนครั้งก่อนไม่สำเร็จ ท่านสามารถลองใหม่ได้',
    refusedTitle: 'ปิดลิงก์นี้แล้ว',
    refusedBody: 'ลิงก์นี้ไม่สามารถใช้งานได้อีก และหน้าจอคอมพิวเตอร์ได้รับแจ้งแล้ว',
    refusedAdvice: 'หากมีผู้ขอให้ท่านสแกน QR Code นี้ กรุณาแจ้งเจ้าหน้าที่ของหน่วยงานของท่าน และอย่าสแกน QR Code ที่ผู้อื่นส่งให้',
    expiredTitle: 'ลิงก์หมดอายุหรือถูกใช้งานแล้ว',
    expiredBody: 'กรุณากด "สร้าง QR Code ใหม่" บนหน้าจอคอมพิวเตอร์ แล้วสแกนอีกครั้ง',
    notFoundTitle: 'ไม่พบลิงก์นี้',
    notFoundBody: 'กรุณาสแกน QR Code จากหน้าจอคอมพิวเตอร์อีกครั้ง',
    doneTitle: 'ดำเนินการยืนยันตัวตนสำเร็จ',
    doneBody: 'กลับไปที่หน้าจอคอมพิวเตอร์',
    doneDetail: 'หน้าจอคอมพิวเตอร์จะแสดงผลโดยอัตโนมัติ (หรือคลิกปุ่ม "ตรวจสอบสถานะ") ท่านสามารถปิดหน้านี้ได้',
    failTitle: 'การพิสูจน์ตัวตนไม่สำเร็จ',
    whatToDo: 'สิ่งที่ต้องทำ',
    help: 'หากพบปัญหาในการพิสูจน์ตัวตน กรุณาติดต่อ เบอร์',
    'fail.denied': 'ท่านไม่ได้ให้ความยินยอมเปิดเผยข้อมูลที่ {provider}',
    'fail.denied.do': 'หากต้องการดำเนินการต่อ กรุณาสแกน QR Code อีกครั้งและเลือก "ยินยอม"',
    'fail.provider_error': 'ไม่สามารถติดต่อผู้ให้บริการพิสูจน์ตัวตนได้',
    'fail.provider_error.do': 'กรุณาลองใหม่อีกครั้งในภายหลัง',
    'fail.id_mismatch': 'เลขประจำตัวประชาชนที่พิสูจน์ตัวตนไม่ตรงกับที่ระบุไว้ในขั้นตอนที่ 1',
    'fail.id_mismatch.do': 'กรุณาพิสูจน์ตัวตนด้วยบัญชี {provider} ของผู้ลงทะเบียนเอง หากระบุเลขประจำตัวประชาชนผิด กรุณาติดต่อเจ้าหน้าที่',
    'fail.ial_too_low': 'ระดับความน่าเชื่อถือของการพิสูจน์ตัวตนใน {provider} ยังไม่เพียงพอ',
    'fail.ial_too_low.do': 'กรุณายืนยันตัวตนในแอปพลิเคชัน {provider} ให้ครบถ้วน (เช่น ยืนยันตัวตนด้วยบัตรประชาชน) แล้วลองใหม่',
    'fail.claims_missing': 'ผู้ให้บริการไม่ได้ส่งข้อมูลที่จำเป็นมาครบถ้วน',
    'fail.claims_missing.do': 'กรุณาลองใหม่ และยินยอมให้เปิดเผยข้อมูลที่ระบุว่า (จำเป็น) ทั้งหมด',
    'fail.wrong_browser': 'การพิสูจน์ตัวตนต้องดำเนินการให้เสร็จในเบราว์เซอร์เดียวกับที่เปิดลิงก์',
    'fail.wrong_browser.do': 'กรุณาสแกน QR Code อีกครั้ง และดำเนินการในเบราว์เซอร์เดียวกันจนเสร็จ',
    'fail.unknown_state': 'ไม่พบรายการพิสูจน์ตัวตนนี้ หรือรายการถูกใช้ไปแล้ว',
    'fail.unknown_state.do': 'กรุณาเริ่มใหม่จากหน้าจอคอมพิวเตอร์',
    'fail.expired': 'รายการพิสูจน์ตัวตนหมดอายุแล้ว',
    'fail.expired.do': 'กรุณากด "สร้าง QR Code ใหม่" บนหน้าจอคอมพิวเตอร์ แล้วสแกนอีกครั้ง',
  },
  {
    heading: 'Confirm identity proofing',
    intro: 'Someone asked to prove an identity to register a Soft Token for this account',
    username: 'Username',
    unit: 'Unit',
    requestedAt: 'Requested at',
    browser: 'Browser',
    ip: 'IP address',
    unknown: 'Unknown',
    browserOn: '{browser} on {system}',
    question: 'Did you start this registration on your own computer?',
    questionHint: 'Check that the username, time and browser match the computer you are using.',
    next: 'When you confirm, you sign in at {provider} to prove who you are and consent to share your details.',
    confirm: 'Yes, continue',
    refuse: 'No, this was not me',
    redirecting: 'Going to {provider}…',
    loading: 'Checking the link…',
    previousFailed: 'The previous attempt did not succeed. You can try again.',
    refusedTitle: 'This link is closed',
    refusedBody: 'The link cannot be used any more, and the computer has been told.',
    refusedAdvice: 'If someone asked you to scan this QR code, tell your officer, and never scan QR codes that others send you.',
    expiredTitle: 'This link has expired or was already used',
    expiredBody: 'Press "New QR code" on the computer and scan again.',
    notFoundTitle: 'This link does not exist',
    notFoundBody: 'Scan the QR code on the computer screen again.',
    doneTitle: 'Identity proven',
    doneBody: 'Return to your computer',
    doneDetail: 'The computer shows the result by itself (or press "Check status"). You can close this page.',
    failTitle: 'Identity proofing did not succeed',
    whatToDo: 'What to do',
    help: 'If you have problems proving your identity, call',
    'fail.denied': 'You did not consent to share your details at {provider}.',
    'fail.denied.do': 'To continue, scan the QR code again and choose "Allow" (ยินยอม).',
    'fail.provider_error': 'The identity provider could not be reached.',
    'fail.provider_error.do': 'Please try again later.',
    'fail.id_mismatch': 'The proven national ID is not the one entered in step 1.',
    'fail.id_mismatch.do': "Prove your identity with the registrant's own {provider} account. If the national ID in step 1 is wrong, contact an officer.",
    'fail.ial_too_low': 'Your identity in {provider} is not verified to a high enough level.',
    'fail.ial_too_low.do': 'Complete identity verification in the {provider} app (for example with your ID card), then try again.',
    'fail.claims_missing': 'The provider did not send all the required details.',
    'fail.claims_missing.do': 'Try again and allow every item marked as required.',
    'fail.wrong_browser': 'Identity proofing must finish in the same browser that opened the link.',
    'fail.wrong_browser.do': 'Scan the QR code again and stay in the same browser until the end.',
    'fail.unknown_state': 'This proofing attempt is unknown or was already used.',
    'fail.unknown_state.do': 'Start again on the computer.',
    'fail.expired': 'This proofing attempt has expired.',
    'fail.expired.do': 'Press "New QR code" on the computer and scan again.',
  },
);

const FAILURES: readonly ProofingFailure[] = ['denied', 'provider_error', 'id_mismatch', 'ial_too_low', 'claims_missing', 'wrong_browser', 'unknown_state', 'expired'];

export function isProofingFailure(value: unknown): value is ProofingFailure {
  return typeof value === 'string' && (FAILURES as readonly string[]).includes(value);
}

/** What went wrong and what to do about it, for a failure code (unknown codes read as provider errors). */
export function failureText(code: string | null | undefined, provider: string): { what: string; todo: string } {
  const reason = isProofingFailure(code) ? code : 'provider_error';
  return { what: t(`fail.${reason}`, { provider }), todo: t(`fail.${reason}.do`, { provider }) };
}

/** The identity provider's name in the page's language (PROOFING_PROVIDER_NAME and its _EN). */
export function providerIn(names: { providerName: string; providerNameEn: string }): string {
  return lang() === 'en' ? names.providerNameEn : names.providerName;
}

/** Who to call about proofing (the manual's help line). */
export const HELP_PHONE = '02-032-2636';

/** หากพบปัญหาในการพิสูจน์ตัวตน กรุณาติดต่อ เบอร์ 02-032-2636, the number a tap-to-call link on phones. */
export function HelpLine(props: { class?: string }) {
  return (
    <p class={cx('muted', props.class)}>
      {t('help')}{' '}
      <a class="nowrap" href={`tel:${HELP_PHONE.replace(/-/g, '')}`}>{HELP_PHONE}</a>
    </p>
  );
}
