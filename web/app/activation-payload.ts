/**
 * What the phone app accepts as an activation code: the desktop's QR link
 * (`<origin>/app/activate#<code>`, our own origin only, so a look-alike QR cannot send the
 * person elsewhere) or the short code typed off the screen (any case, dashes or spaces).
 */

/** The short code's alphabet (api/domain/activation.ts): no 0/O, 1/I/L look-alikes. */
const TYPED_CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/;
/** The long code in the link: 32 random bytes, base64url. */
const LINK_CODE = /^[A-Za-z0-9_-]{16,128}$/;
const ACTIVATE_PATH = '/app/activate';

export type ActivationPayload =
  | { ok: true; kind: 'link' | 'typed'; code: string }
  | { ok: false; reason: 'empty' | 'other_origin' | 'not_activation' | 'typed_invalid'; host?: string };

/** Parse scanned or typed text against this app's `origin` ("https://host[:port]"). */
export function parseActivationPayload(text: string, origin: string): ActivationPayload {
  const input = text.trim();
  if (input === '') return { ok: false, reason: 'empty' };
  if (/^[a-z][a-z0-9+.-]*:/i.test(input)) return parseLink(input, origin);
  // Only letters, digits, spaces and dashes can be a typed code; anything else is not ours.
  if (!/^[A-Za-z0-9\s-]+$/.test(input)) return { ok: false, reason: 'not_activation' };
  const typed = input.toUpperCase().replace(/[\s-]/g, '');
  if (TYPED_CODE.test(typed)) return { ok: true, kind: 'typed', code: typed };
  return { ok: false, reason: 'typed_invalid' };
}

function parseLink(input: string, origin: string): ActivationPayload {
  let url: URL;
  let own: URL;
  try {
    url = new URL(input);
    own = new URL(origin);
  } catch {
    return { ok: false, reason: 'not_activation' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'not_activation' };
  if (url.origin !== own.origin) return { ok: false, reason: 'other_origin', host: url.host };
  const code = url.hash.slice(1);
  if (url.pathname.replace(/\/+$/, '') !== ACTIVATE_PATH || !LINK_CODE.test(code)) return { ok: false, reason: 'not_activation' };
  return { ok: true, kind: 'link', code };
}

/** "ABCD2345" → "ABCD-2345", as the desktop shows it. */
export function groupTypedCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}
