import { describe, expect, it } from 'vitest';
import { classifyPasskeyError, passkeyErrorMessage } from './webauthn.ts';

const domError = (name: string) => Object.assign(new Error('browser says no'), { name });

describe('classifyPasskeyError', () => {
  it('should name the likely cause when the browser raises a WebAuthn DOMException', () => {
    expect(classifyPasskeyError(domError('NotAllowedError'))).toBe('cancelled');
    expect(classifyPasskeyError(domError('AbortError'))).toBe('aborted');
    expect(classifyPasskeyError(domError('InvalidStateError'))).toBe('already_registered');
    expect(classifyPasskeyError(domError('ConstraintError'))).toBe('no_screen_lock');
    expect(classifyPasskeyError(domError('NotSupportedError'))).toBe('not_supported');
    expect(classifyPasskeyError(domError('SecurityError'))).toBe('wrong_address');
  });

  it('should fall back to a general failure when the error is unknown or not an error', () => {
    expect(classifyPasskeyError(domError('UnknownError'))).toBe('failed');
    expect(classifyPasskeyError('boom')).toBe('failed');
    expect(classifyPasskeyError(undefined)).toBe('failed');
  });
});

describe('passkeyErrorMessage', () => {
  it('should tell a cancelled creation apart from a cancelled sign-in', () => {
    expect(passkeyErrorMessage('cancelled', 'create')).toContain('แตะ Activate อีกครั้ง');
    expect(passkeyErrorMessage('cancelled', 'get')).toContain('ไม่พบกุญแจ Soft Token');
  });

  it('should say what to do when the phone has no screen lock', () => {
    expect(passkeyErrorMessage('no_screen_lock', 'create')).toContain('ตั้งค่าการล็อกหน้าจอ');
  });
});

describe('officer passkey messages', () => {
  it('should speak of a computer, security key or phone when an officer cancels', () => {
    expect(passkeyErrorMessage('cancelled', 'create', 'officer')).toContain('กุญแจความปลอดภัย');
    expect(passkeyErrorMessage('cancelled', 'get', 'officer')).toContain('ไม่มีกุญแจของบัญชีนี้');
    expect(passkeyErrorMessage('already_registered', 'create', 'officer')).toContain('อุปกรณ์นี้มีกุญแจของบัญชีนี้อยู่แล้ว');
  });
});
