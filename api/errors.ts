/**
 * AppError and the JSON error body. Every error a client sees is `{ code, message }` (plus
 * `fields` for field-level validation), in Thai or English by the request's language; the codes,
 * statuses and messages are the catalogue's (api/lib/messages.ts).
 */
import { ERRORS, type ErrorCode, type Lang } from './lib/messages.ts';

export { ERRORS, type ErrorCode, type Lang };

/** `vars`: the values filled into the message, so a page can show it again in the other language. */
export type FieldErrors = Record<string, { code: string; message: string; vars?: Record<string, string | number> }>;

/** Thrown by handlers and middleware; app.onError turns it into the JSON error. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(code);
  }
}

export function errorBody(code: ErrorCode, lang: Lang, fields?: FieldErrors) {
  const def = ERRORS[code];
  return { status: def.status, body: { code, message: def[lang], ...(fields ? { fields } : {}) } };
}
