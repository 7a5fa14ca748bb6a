/**
 * UI language: Thai by default with the manual's labels, English on request.
 * The choice lives in localStorage for the pages and in the `lang` cookie for the API,
 * so error messages from the server come back in the same language.
 */
import { createSignal } from 'solid-js';

export type Lang = 'th' | 'en';

const th = {
  'app.title': 'ระบบการพิสูจน์ยืนยันตัวตน Soft Token',
  'title.officer': 'ระบบเจ้าหน้าที่ – Soft Token',
  'title.phone': 'Soft Token',
  'app.org': 'กรมบัญชีกลาง กระทรวงการคลัง',
  'app.loading': 'กำลังโหลด…',
  'nav.skip': 'ข้ามไปยังเนื้อหาหลัก',
  'nav.privacy': 'นโยบายความเป็นส่วนตัว',
  'lang.label': 'ภาษา',
  'face.portal': 'ระบบการพิสูจน์ยืนยันตัวตน',
  'face.officer': 'ระบบเจ้าหน้าที่',
  'face.phone': 'แอปยืนยันตัวตน',
  'portal.heading': 'ระบบการพิสูจน์ยืนยันตัวตน Soft Token',
  'portal.intro':
    'ลงทะเบียนและจัดการ Soft Token สำหรับเข้าใช้งานระบบ New GFMIS Thai ด้วยโทรศัพท์มือถือของท่าน แทนอุปกรณ์ GFMIS Token Key',
  'status.loading': 'กำลังตรวจสอบสถานะระบบ…',
  'status.ready': 'ระบบพร้อมใช้งาน',
  'status.error': 'ไม่สามารถตรวจสอบสถานะระบบได้: {message}',
  'notFound.heading': 'ไม่พบหน้าที่ต้องการ',
  'notFound.body': 'ไม่พบหน้าที่ท่านเรียก ที่อยู่อาจไม่ถูกต้องหรือหน้านี้ถูกย้ายแล้ว',
  'notFound.home': 'กลับไปหน้าแรก',
  'error.network': 'ไม่สามารถติดต่อระบบได้ กรุณาตรวจสอบการเชื่อมต่ออินเทอร์เน็ตแล้วลองใหม่',
  'error.unexpected': 'ระบบตอบกลับไม่ถูกต้อง กรุณาลองใหม่อีกครั้ง',
  'password.show': 'แสดงรหัสผ่าน',
  'password.hide': 'ซ่อนรหัสผ่าน',
  'footer.help': 'สอบถามการใช้งาน โทร.',
} as const;

export type MessageKey = keyof typeof th;

const en: Record<MessageKey, string> = {
  'app.title': 'Soft Token Identity Verification System',
  'title.officer': 'Officer console – Soft Token',
  'title.phone': 'Soft Token',
  'app.org': "The Comptroller General's Department, Ministry of Finance",
  'app.loading': 'Loading…',
  'nav.skip': 'Skip to main content',
  'nav.privacy': 'Privacy notice',
  'lang.label': 'Language',
  'face.portal': 'Identity verification',
  'face.officer': 'Officer console',
  'face.phone': 'Authenticator app',
  'portal.heading': 'Soft Token identity verification',
  'portal.intro':
    'Register and manage the Soft Token that lets you log in to New GFMIS Thai with your phone instead of a GFMIS Token Key.',
  'status.loading': 'Checking system status…',
  'status.ready': 'System ready',
  'status.error': 'Could not check the system status: {message}',
  'notFound.heading': 'Page not found',
  'notFound.body': 'The page you asked for does not exist. The address may be wrong or the page has moved.',
  'notFound.home': 'Back to the home page',
  'error.network': 'Cannot reach the system. Check your internet connection and try again.',
  'error.unexpected': 'The system gave an unexpected answer. Please try again.',
  'password.show': 'Show password',
  'password.hide': 'Hide password',
  'footer.help': 'Help line:',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { th, en };

const STORAGE_KEY = 'lang';
const COOKIE_MAX_AGE = 60 * 60 * 24 * 365;
const inBrowser = typeof document !== 'undefined';

function isLang(value: unknown): value is Lang {
  return value === 'th' || value === 'en';
}

function storedLang(): Lang {
  if (!inBrowser) return 'th';
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // Storage can be blocked (private mode, policies); the cookie still works.
  }
  const fromCookie = /(?:^|;\s*)lang=([^;]*)/.exec(document.cookie)?.[1];
  return isLang(fromCookie) ? fromCookie : 'th';
}

function persist(value: Lang) {
  if (!inBrowser) return;
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // See storedLang: the cookie below is enough to keep the choice.
  }
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `lang=${value}; Path=/; Max-Age=${COOKIE_MAX_AGE}; SameSite=Lax${secure}`;
  document.documentElement.lang = value;
}

const [lang, setLangSignal] = createSignal<Lang>(storedLang());
// Write the cookie now too: without it the API would follow Accept-Language, not the page.
persist(lang());

export { lang };

export function setLang(value: Lang) {
  setLangSignal(value);
  persist(value);
}

type Vars = Record<string, string | number>;

function format(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The message for `key` in the current language; `{name}` placeholders take `vars`. Reactive. */
export function t(key: MessageKey, vars?: Vars): string {
  return format(dictionaries[lang()][key], vars);
}

/**
 * A feature's own dictionary (e.g. `web/portal/registration/messages.ts`): Thai and English
 * with the same keys, so a missing translation is a type error. Returns that feature's t().
 */
export function defineMessages<K extends string>(th: Record<K, string>, en: NoInfer<Record<K, string>>) {
  const dicts: Record<Lang, Record<K, string>> = { th, en };
  return (key: K, vars?: Vars): string => format(dicts[lang()][key], vars);
}
