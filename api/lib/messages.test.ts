import { describe, expect, it } from 'vitest';
import { ERRORS, FIELD_MESSAGES, fieldMessage, pushFallbackText } from './messages.ts';

describe('message catalogue', () => {
  it('should have a Thai and an English text for every code', () => {
    for (const entry of [...Object.values(ERRORS), ...Object.values(FIELD_MESSAGES)]) {
      expect(entry.th.trim()).not.toBe('');
      expect(entry.en.trim()).not.toBe('');
    }
  });

  it('should fill in placeholders when a field message takes values', () => {
    expect(fieldMessage('otp_wrong', 'th', { triesLeft: 3 })).toBe('รหัสยืนยันไม่ถูกต้อง (เหลืออีก 3 ครั้ง)');
    expect(fieldMessage('otp_wrong', 'en', { triesLeft: 3 })).toBe('The code is not correct (3 tries left).');
  });

  it('should read an unknown or inherited code as invalid', () => {
    expect(fieldMessage('no_such_code', 'en')).toBe(FIELD_MESSAGES.invalid.en);
    expect(fieldMessage('constructor', 'th')).toBe(FIELD_MESSAGES.invalid.th);
  });

  it('should fall back to the generic notification when a push type is unknown', () => {
    expect(pushFallbackText('login').title).toBe('คำขอเข้าสู่ระบบ');
    expect(pushFallbackText('toString')).toEqual(pushFallbackText('unknown'));
    expect(pushFallbackText('unknown').title).toBe('Soft Token');
  });
});
