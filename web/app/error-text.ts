/**
 * What the phone app says about a failure, in the language shown now: web/lib/error-text.ts's
 * wording, plus the passkey prompt's own failures.
 */
import { errorText as apiErrorText } from '../lib/error-text.ts';
import { PasskeyError, passkeyErrorMessage, type Ceremony } from '../lib/webauthn.ts';

/** `ceremony`: which passkey prompt failed (activation creates one, an answer uses it). */
export function errorText(err: unknown, ceremony: Ceremony = 'get'): string {
  if (err instanceof PasskeyError) return passkeyErrorMessage(err.reason, ceremony);
  return apiErrorText(err);
}
