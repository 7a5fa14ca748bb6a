/**
 * What to say about a failed call, in the language on screen now (issue #16): pages keep the
 * error itself (its code) in state and call this while rendering, so a language switch
 * re-renders a message already shown instead of leaving it in the language it arrived in.
 */
import { ERRORS, type ErrorCode } from '../../api/lib/messages.ts';
import { ApiError } from './api.ts';
import { lang, t } from './i18n.ts';

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/**
 * The catalogue's text for the error's code when the server sent that plain text (in either
 * language); else the server's own message, which fills in details; anything else is unexpected.
 */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  if (err.code === 'network') return t('error.network');
  if (err.code === 'unexpected_response') return t('error.unexpected');
  return catalogueText(err.code, err.message);
}

/** The catalogue's text for `code` in the current language when `message` is that code's plain text; else `message`. */
export function catalogueText(code: string, message: string): string {
  if (!isErrorCode(code)) return message;
  const text = ERRORS[code];
  return message === text.th || message === text.en ? text[lang()] : message;
}
