/**
 * Passkeys through SimpleWebAuthn, with the browser's terse DOMException names turned into
 * messages a person can act on (STYLE pattern 12). The spec overloads these names, so each
 * message says the likely cause and what to do next.
 */
import {
  browserSupportsWebAuthn, platformAuthenticatorIsAvailable, startRegistration,
  type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { defineMessages } from './i18n.ts';

export type Ceremony = 'create' | 'get';

export type PasskeyFailure =
  | 'unsupported' | 'cancelled' | 'aborted' | 'already_registered' | 'no_screen_lock'
  | 'not_supported' | 'wrong_address' | 'failed';

const msg = defineMessages(
  {
    unsupported: 'เบราว์เซอร์นี้ไม่รองรับการยืนยันตัวตนด้วยกุญแจ (passkey) กรุณาใช้ Chrome บน Android หรือ Safari บน iPhone รุ่นปัจจุบัน',
    'cancelled.create': 'การยืนยันตัวตนบนโทรศัพท์ถูกยกเลิกหรือหมดเวลา กรุณาแตะ Activate อีกครั้ง แล้วยืนยันด้วยลายนิ้วมือ ใบหน้า หรือรหัสปลดล็อกหน้าจอ',
    'cancelled.get': 'การยืนยันตัวตนบนโทรศัพท์ถูกยกเลิกหรือหมดเวลา หรือไม่พบกุญแจ Soft Token บนโทรศัพท์เครื่องนี้ กรุณาลองอีกครั้ง',
    aborted: 'การยืนยันตัวตนถูกขัดจังหวะ กรุณาลองอีกครั้ง',
    already_registered: 'โทรศัพท์เครื่องนี้มีกุญแจ Soft Token ของบัญชีนี้อยู่แล้ว หากต้องการ Activate ใหม่ ต้องยกเลิก Soft Token เดิมผ่านแบบคำร้องขอใช้บริการ Soft Token ก่อน',
    no_screen_lock: 'โทรศัพท์เครื่องนี้ยังไม่ได้ตั้งการล็อกหน้าจอ (รหัส PIN รหัสผ่าน ลายนิ้วมือ หรือใบหน้า) กรุณาตั้งค่าการล็อกหน้าจอในการตั้งค่าของโทรศัพท์ แล้วลองอีกครั้ง',
    not_supported: 'โทรศัพท์หรือเบราว์เซอร์นี้ไม่รองรับกุญแจแบบที่ระบบต้องการ กรุณาอัปเดตระบบปฏิบัติการและเบราว์เซอร์ แล้วลองอีกครั้ง',
    wrong_address: 'หน้านี้ไม่ได้เปิดจากที่อยู่ของระบบ Soft Token จึงสร้างกุญแจไม่ได้ กรุณาเปิดแอป Soft Token จากไอคอนบนหน้าจอหลัก',
    failed: 'ไม่สามารถสร้างกุญแจบนโทรศัพท์ได้ กรุณาลองอีกครั้ง',
  },
  {
    unsupported: 'This browser does not support passkeys. Please use a current Chrome on Android or Safari on iPhone.',
    'cancelled.create': 'The check on your phone was cancelled or timed out. Tap Activate again and confirm with your fingerprint, face or screen-lock code.',
    'cancelled.get': 'The check on your phone was cancelled or timed out, or this phone has no Soft Token key. Please try again.',
    aborted: 'The check was interrupted. Please try again.',
    already_registered: 'This phone already holds a Soft Token key for this account. To activate again, the old token must first be revoked through a Soft Token service request.',
    no_screen_lock: 'This phone has no screen lock (PIN, password, fingerprint or face). Set one up in the phone\'s settings, then try again.',
    not_supported: 'This phone or browser does not support the kind of key the system needs. Update the system and the browser, then try again.',
    wrong_address: 'This page was not opened from the Soft Token address, so no key can be made. Open the Soft Token app from its home-screen icon.',
    failed: 'The phone could not create the key. Please try again.',
  },
);

/** A failed passkey ceremony, with a message in the current language. */
export class PasskeyError extends Error {
  constructor(readonly reason: PasskeyFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PasskeyError';
  }
}

/** Which failure a browser error stands for. SimpleWebAuthn keeps the DOMException's name. */
export function classifyPasskeyError(err: unknown): PasskeyFailure {
  const name = err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
      return 'cancelled';
    case 'AbortError':
      return 'aborted';
    case 'InvalidStateError':
      return 'already_registered';
    case 'ConstraintError':
      return 'no_screen_lock';
    case 'NotSupportedError':
      return 'not_supported';
    case 'SecurityError':
      return 'wrong_address';
    default:
      return 'failed';
  }
}

export function passkeyErrorMessage(reason: PasskeyFailure, ceremony: Ceremony): string {
  return reason === 'cancelled' ? msg(`cancelled.${ceremony}`) : msg(reason);
}

/**
 * Create the soft token's platform passkey (the phone's fingerprint, face or screen lock).
 * Throws PasskeyError.
 */
export async function createPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON> {
  if (!browserSupportsWebAuthn()) throw new PasskeyError('unsupported', passkeyErrorMessage('unsupported', 'create'));
  try {
    return await startRegistration({ optionsJSON });
  } catch (err) {
    const reason = classifyPasskeyError(err);
    throw new PasskeyError(reason, passkeyErrorMessage(reason, 'create'), { cause: err });
  }
}

/** Whether the phone can make a user-verified platform passkey (it has a screen lock); false when unknown. */
export async function hasScreenLockAuthenticator(): Promise<boolean> {
  if (!browserSupportsWebAuthn()) return false;
  return platformAuthenticatorIsAvailable().catch(() => false);
}
