import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../api/lib/messages.ts';
import { ApiError } from './api.ts';
import { errorText } from './error-text.ts';
import { setLang } from './i18n.ts';

describe('errorText', () => {
  it('should follow the language switch when the server sent the catalogue text of its code', () => {
    const err = new ApiError(401, 'invalid_credentials', ERRORS.invalid_credentials.th);
    setLang('en');
    expect(errorText(err)).toBe(ERRORS.invalid_credentials.en);
    setLang('th');
    expect(errorText(err)).toBe(ERRORS.invalid_credentials.th);
  });

  it('should keep the server\'s message when it carries details the catalogue text does not', () => {
    setLang('en');
    expect(errorText(new ApiError(429, 'rate_limited', 'Wait 30 seconds.'))).toBe('Wait 30 seconds.');
  });

  it('should say the connection failed in the current language when the network is down', () => {
    const err = new ApiError(0, 'network', 'whatever was current then');
    setLang('th');
    expect(errorText(err)).toContain('ไม่สามารถติดต่อระบบได้');
    setLang('en');
    expect(errorText(err)).toContain('Cannot reach the system');
  });
});
