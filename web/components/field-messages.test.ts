import { describe, expect, it } from 'vitest';
import { ERRORS, FIELD_MESSAGES } from '../../api/lib/messages.ts';
import { ApiError } from '../lib/api.ts';
import { t } from '../lib/i18n.ts';
import { fieldErrorText, localFieldError } from './field-messages.ts';

// Outside a browser the page language is Thai.
describe('fieldErrorText', () => {
  it('should show the current language when the server answered in the other one', () => {
    expect(fieldErrorText({ code: 'required', message: FIELD_MESSAGES.required.en })).toBe(FIELD_MESSAGES.required.th);
    expect(fieldErrorText({ code: 'csv_empty', message: FIELD_MESSAGES.csv_empty.en })).toBe(FIELD_MESSAGES.csv_empty.th);
  });

  it('should say a failed connection in the current language when a page shows the failed call', () => {
    expect(fieldErrorText(new ApiError(0, 'network', 'Cannot reach the system.'))).toBe(t('error.network'));
  });

  it('should show the catalogue text when the error was made in the browser', () => {
    expect(fieldErrorText(localFieldError('email_not_verified'))).toBe('กรุณายืนยันอีเมลก่อน');
  });

  it("should keep the server's message when it joins several rules or fills in a number", () => {
    const joined = `${FIELD_MESSAGES.password_too_short.en} ${FIELD_MESSAGES.password_no_digit.en}`;
    expect(fieldErrorText({ code: 'password_too_short', message: joined })).toBe(joined);
    expect(fieldErrorText({ code: 'otp_wrong', message: 'The code is not correct (2 tries left).' })).toBe('The code is not correct (2 tries left).');
  });

  it('should fill the current language in when the server sent the values it filled in', () => {
    expect(fieldErrorText({ code: 'otp_wrong', message: 'The code is not correct (2 tries left).', vars: { triesLeft: 2 } }))
      .toBe('รหัสยืนยันไม่ถูกต้อง (เหลืออีก 2 ครั้ง)');
  });

  it("should show an API error's catalogue text in the current language when a form keeps the error", () => {
    expect(fieldErrorText({ code: 'otp_expired', message: ERRORS.otp_expired.en })).toBe(ERRORS.otp_expired.th);
    expect(fieldErrorText({ code: 'otp_expired', message: 'A proxy said something else' })).toBe('A proxy said something else');
  });

  it("should keep the server's message when the code is not in the catalogue", () => {
    expect(fieldErrorText({ code: 'something_new', message: 'Server text' })).toBe('Server text');
    expect(fieldErrorText(undefined)).toBeUndefined();
  });
});
