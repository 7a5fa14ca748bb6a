/**
 * A failed call's message in the language on screen now: pages keep the error itself (its
 * code), not its text, so a language switch re-renders it (issue #16).
 */
import { ERRORS } from '../../../api/lib/messages.ts';
import { ApiError } from '../../lib/api.ts';
import { lang, t } from '../../lib/i18n.ts';

/** The catalogue's text for the error's code when the server sent it plainly; else the server's own message (it may fill in details). */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err);
  if (err.code === 'network') return t('error.network');
  if (err.code === 'unexpected_response') return t('error.unexpected');
  const known = Object.hasOwn(ERRORS, err.code) ? ERRORS[err.code as keyof typeof ERRORS] : undefined;
  return known && (err.message === known.th || err.message === known.en) ? known[lang()] : err.message;
}
