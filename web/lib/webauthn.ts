/**
 * Passkeys through SimpleWebAuthn, with the browser's terse DOMException names turned into
 * messages a person can act on (STYLE pattern 12). The spec overloads these names, so each
 * message says the likely cause and what to do next.
 */
import {
  browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, platformAuthenticatorIsAvailable, startAuthentication, startRegistration,
  WebAuthnAbortService,
  type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { defineMessages } from './i18n.ts';

export type Ceremony = 'create' | 'get';
/** Whose passkey: the phone's soft token, or an officer's (a computer, a security key or a phone). */
export type PasskeyHolder = 'token' | 'officer';

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

// An officer signs in at a computer: the passkey may be this computer's screen lock, a
// security key, or a phone reached through the browser's cross-device flow (a QR code).
const officerMsg = defineMessages(
  {
    unsupported: 'เบราว์เซอร์นี้ไม่รองรับกุญแจ (passkey) กรุณาใช้ Chrome, Edge, Safari หรือ Firefox รุ่นปัจจุบัน',
    'cancelled.create': 'การสร้างกุญแจถูกยกเลิกหรือหมดเวลา กรุณากดปุ่มอีกครั้ง แล้วยืนยันด้วย PIN ลายนิ้วมือ หรือใบหน้า ของคอมพิวเตอร์ กุญแจความปลอดภัย หรือโทรศัพท์ที่เลือก',
    'cancelled.get': 'การยืนยันถูกยกเลิกหรือหมดเวลา หรืออุปกรณ์ที่เลือกไม่มีกุญแจของบัญชีนี้ กรุณากดปุ่มอีกครั้งแล้วเลือกอุปกรณ์ที่ใช้ลงทะเบียนกุญแจไว้',
    aborted: 'การยืนยันถูกขัดจังหวะ กรุณาลองอีกครั้ง',
    already_registered: 'อุปกรณ์นี้มีกุญแจของบัญชีนี้อยู่แล้ว กรุณาเลือกอุปกรณ์อื่น หรือเข้าสู่ระบบใหม่แล้วยืนยันด้วยกุญแจเดิม',
    no_screen_lock: 'อุปกรณ์นี้ยังไม่ได้ตั้ง PIN หรือการล็อกหน้าจอ จึงยืนยันตัวตนไม่ได้ กรุณาตั้งค่า PIN (หรือลายนิ้วมือ/ใบหน้า) ของอุปกรณ์ก่อน แล้วลองอีกครั้ง',
    not_supported: 'อุปกรณ์หรือเบราว์เซอร์นี้ไม่รองรับกุญแจแบบที่ระบบต้องการ (ต้องยืนยันตัวตนด้วย PIN ลายนิ้วมือ หรือใบหน้า) กรุณาใช้อุปกรณ์อื่น',
    wrong_address: 'หน้านี้ไม่ได้เปิดจากที่อยู่ของระบบ จึงใช้กุญแจไม่ได้ (เว็บไซต์ที่เลียนแบบระบบจะใช้กุญแจของท่านไม่ได้) กรุณาพิมพ์ที่อยู่ของระบบเองแล้วลองอีกครั้ง',
    failed: 'ไม่สามารถใช้กุญแจได้ กรุณาลองอีกครั้ง',
  },
  {
    unsupported: 'This browser does not support passkeys. Please use a current Chrome, Edge, Safari or Firefox.',
    'cancelled.create': 'Creating the passkey was cancelled or timed out. Press the button again and confirm with the PIN, fingerprint or face of the computer, security key or phone you choose.',
    'cancelled.get': 'The check was cancelled or timed out, or the device you chose has no passkey for this account. Press the button again and choose the device you enrolled.',
    aborted: 'The check was interrupted. Please try again.',
    already_registered: 'This device already holds a passkey for this account. Choose another device, or sign in again and confirm with that passkey.',
    no_screen_lock: 'This device has no PIN or screen lock, so it cannot verify you. Set up a PIN (or fingerprint or face) on it first, then try again.',
    not_supported: 'This device or browser does not support the kind of passkey the system needs (one that checks your PIN, fingerprint or face). Please use another device.',
    wrong_address: 'This page was not opened from the system\'s address, so passkeys cannot be used here (a look-alike site cannot use your passkey). Type the system\'s address yourself and try again.',
    failed: 'The passkey could not be used. Please try again.',
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

export function passkeyErrorMessage(reason: PasskeyFailure, ceremony: Ceremony, holder: PasskeyHolder = 'token'): string {
  const m = holder === 'officer' ? officerMsg : msg;
  return reason === 'cancelled' ? m(`cancelled.${ceremony}`) : m(reason);
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

/**
 * An officer's passkey: created on this computer, a security key, or a phone through the
 * browser's cross-device flow (the browser offers the choice). Throws PasskeyError.
 */
export async function createOfficerPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON> {
  if (!browserSupportsWebAuthn()) throw new PasskeyError('unsupported', passkeyErrorMessage('unsupported', 'create', 'officer'));
  try {
    return await startRegistration({ optionsJSON });
  } catch (err) {
    const reason = classifyPasskeyError(err);
    throw new PasskeyError(reason, passkeyErrorMessage(reason, 'create', 'officer'), { cause: err });
  }
}

/** Sign an officer's sign-in challenge with one of their passkeys. Throws PasskeyError. */
export async function signWithOfficerPasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON): Promise<AuthenticationResponseJSON> {
  if (!browserSupportsWebAuthn()) throw new PasskeyError('unsupported', passkeyErrorMessage('unsupported', 'get', 'officer'));
  try {
    return await startAuthentication({ optionsJSON });
  } catch (err) {
    const reason = classifyPasskeyError(err);
    throw new PasskeyError(reason, passkeyErrorMessage(reason, 'get', 'officer'), { cause: err });
  }
}

/**
 * Sign in from a computer with the phone's passkey (issue #15): the browser offers the phone
 * (its "use a phone or tablet" window) or, with `autofill`, lists the passkey under the
 * username field. Throws PasskeyError; worded for a computer, like an officer's.
 */
export async function signInWithPasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON, opts: { autofill?: boolean } = {}): Promise<AuthenticationResponseJSON> {
  if (!browserSupportsWebAuthn()) throw new PasskeyError('unsupported', passkeyErrorMessage('unsupported', 'get', 'officer'));
  try {
    return await startAuthentication({ optionsJSON, useBrowserAutofill: opts.autofill ?? false });
  } catch (err) {
    const reason = classifyPasskeyError(err);
    throw new PasskeyError(reason, passkeyErrorMessage(reason, 'get', 'officer'), { cause: err });
  }
}

/** Whether the browser lists passkeys under a username field (conditional mediation). */
export function passkeyAutofillAvailable(): Promise<boolean> {
  return browserSupportsWebAuthnAutofill().catch(() => false);
}

/** Stop a passkey request still waiting (the username field's autofill) when its page goes. */
export function cancelPasskeyRequest(): void {
  WebAuthnAbortService.cancelCeremony();
}
