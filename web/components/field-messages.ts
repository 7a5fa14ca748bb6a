/**
 * Field-level messages by the codes the API returns in `fields` (api/http/validate.ts), from the
 * catalogue the API answers with (api/lib/messages.ts), so a field error follows the language
 * switch even after the server answered in the other one.
 */
import { fillIn, FIELD_MESSAGES, isFieldCode, type FieldCode } from '../../api/lib/messages.ts';
import type { FieldErrors } from '../lib/api.ts';
import { ApiError } from '../lib/api.ts';
import { catalogueText, errorText } from '../lib/error-text.ts';
import { lang } from '../lib/i18n.ts';

export type FieldError = { code: string; message: string; vars?: Record<string, string | number> };

/**
 * The message to show for a field error: the catalogue's in the current language when the error
 * carries its code's plain text (or was made in the browser); else the server's own message, which
 * joins several rules' texts. A number filled in (e.g. the tries left) comes in `vars`. An API
 * error's `{ code, message }` (a form's banner) reads from the error catalogue the same way.
 */
export function fieldErrorText(error: FieldError | undefined): string | undefined {
  if (!error) return undefined;
  if (isFieldCode(error.code)) {
    const text = FIELD_MESSAGES[error.code];
    if (error.vars) return fillIn(text[lang()], error.vars);
    return error.message === '' || error.message === text.th || error.message === text.en ? text[lang()] : error.message;
  }
  // A failed call (the network, an unexpected answer) is worded like every other page's.
  if (error instanceof ApiError) return errorText(error);
  return catalogueText(error.code, error.message);
}

/** A field error made in the browser (same codes as the server's). */
export function localFieldError(code: FieldCode): FieldError {
  return { code, message: '' };
}

/** Pick the errors under `prefix.` (e.g. `address.`) and strip the prefix. */
export function nestedErrors(fields: FieldErrors, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(fields)) if (key.startsWith(`${prefix}.`)) out[key.slice(prefix.length + 1)] = value;
  return out;
}
