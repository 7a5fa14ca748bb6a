import type { Ceremony } from '../lib/webauthn.ts';
import { errorText } from './error-text.ts';

/** A failure on screen, worded in the language shown now: the page keeps the error itself in state. */
export function ErrorNotice(props: { error: unknown; ceremony?: Ceremony }) {
  return <p class="notice notice-error" role="alert">{errorText(props.error, props.ceremony)}</p>;
}
