/**
 * The few pages the OpenID Connect provider renders itself (the rest of the sign-in is the
 * web app's): sign-out confirmation, signed out, and errors. Thai first, English beside it;
 * self-contained, with a Content-Security-Policy that allows only this page's own style (by
 * hash) and form posts to ourselves and, after sign-out, the client's registered address.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from './html.ts';

const STYLE = `body{font-family:Sarabun,"Noto Sans Thai",Tahoma,sans-serif;margin:0;background:#f4f6f9;color:#1b2430;line-height:1.5}
header{background:#123c69;color:#fff;padding:.75rem 1rem;font-weight:600}
main{max-width:32rem;margin:1.5rem auto;padding:0 1rem}
section{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.3rem;margin:.25rem 0 .75rem}small{color:#4d5866}
button,a.button{font:inherit;border:0;border-radius:.5rem;padding:.6rem 1.1rem;background:#123c69;color:#fff;cursor:pointer;min-height:44px;text-decoration:none;display:inline-block}
button small,a.button small{color:inherit}a.secondary{background:#e4e9f0;color:#1b2430}.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1rem}`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

export type OidcPage = { html: string; csp: string };

/** Where a form on the page may post (and be redirected): ourselves, plus these origins. */
function policy(formTargets: string[]): string {
  return [
    "default-src 'none'", `style-src ${STYLE_HASH}`, `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'", "base-uri 'none'",
  ].join('; ');
}

function layout(title: string, body: string, formTargets: string[] = []): OidcPage {
  const html = `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header>Soft Token</header><main><section>${body}</section></main></body></html>`;
  return { html, csp: policy(formTargets) };
}

/**
 * RP-initiated logout: confirm before ending the session (a link alone must not sign anyone
 * out). `form` is the provider's hidden form (with its anti-forgery value).
 */
export function logoutConfirmPage(input: { form: string; clientName?: string; formTargets: string[] }): OidcPage {
  const from = input.clientName ? escapeHtml(input.clientName) : '';
  return layout('ออกจากระบบ · Sign out', `
<h1>ออกจากระบบ Soft Token <small lang="en">Sign out</small></h1>
<p>${from ? `${from} ขอให้ออกจากระบบ ` : ''}ระบบทุกระบบที่เข้าสู่ระบบด้วย Soft Token ในเบราว์เซอร์นี้จะออกจากระบบด้วย
<br><small lang="en">${from ? `${from} asks to sign you out. ` : ''}Every system you signed in to with Soft Token in this browser will be signed out too.</small></p>
${input.form}
<div class="actions">
<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">ออกจากระบบ <small lang="en">Sign out</small></button>
<a class="button secondary" href="/portal">ยกเลิก <small lang="en">Cancel</small></a>
</div>`, input.formTargets);
}

export function loggedOutPage(clientName?: string): OidcPage {
  return layout('ออกจากระบบแล้ว · Signed out', `
<h1>ออกจากระบบแล้ว <small lang="en">You have signed out</small></h1>
<p>${clientName ? `${escapeHtml(clientName)}: ` : ''}ปิดหน้านี้ได้ <small lang="en">You may close this page.</small></p>
<div class="actions"><a class="button" href="/">เข้าสู่ระบบอีกครั้ง <small lang="en">Sign in again</small></a></div>`);
}

/** Errors shown in the browser (a bad redirect URI is never redirected to). */
export function errorPage(input: { error: string; description?: string }): OidcPage {
  const expired = input.error === 'session_not_found' || input.error === 'invalid_request' && /interaction/i.test(input.description ?? '');
  const th = expired
    ? 'รายการเข้าสู่ระบบนี้หมดอายุแล้ว กรุณากลับไปเริ่มใหม่ที่ระบบต้นทาง'
    : 'ระบบที่ท่านมาจากส่งคำขอเข้าสู่ระบบที่ไม่ถูกต้อง กรุณาติดต่อผู้ดูแลระบบนั้น';
  const en = expired
    ? 'This sign-in request has expired; start again from the system you came from.'
    : 'The system you came from sent a sign-in request that is not valid; contact its administrator.';
  return layout('เข้าสู่ระบบไม่สำเร็จ · Sign-in failed', `
<h1>เข้าสู่ระบบไม่สำเร็จ <small lang="en">Sign-in failed</small></h1>
<p role="alert">${th}<br><small lang="en">${en}</small></p>
<p><small>${escapeHtml(input.error)}${input.description ? `: ${escapeHtml(input.description)}` : ''}</small></p>`);
}
