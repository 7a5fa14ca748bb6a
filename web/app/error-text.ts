/**
 * What the phone app says about a failure, in the language shown now: pages keep the error
 * itself (its code) in state and call this while rendering, so a language switch re-renders it.
 */
import { ERRORS, type ErrorCode } from '../../api/lib/messages.ts';
import { ApiError } from '../lib/api.ts';
import { lang, t } from '../lib/i18n.ts';
import { PasskeyError, passkeyErrorMessage, type Ceremony } from '../lib/webauthn.ts';

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/** `ceremony`: which passkey prompt failed (activation creates one, an answer uses it). */
export function errorText(err: unknown, ceremony: Ceremony = 'get'): string {
  if (err instanceof PasskeyError) return passkeyErrorMessage(err.reason, ceremony);
  if (!(err instanceof ApiError)) return t('error.unexpected');
  if (err.code === 'network') return t('error.network');
  return isErrorCode(err.code) ? ERRORS[err.code][lang()] : err.message;
}
