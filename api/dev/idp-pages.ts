/**
 * Interaction pages of the local identity provider: sign-in (pick a test citizen or type a
 * national ID) and consent, Thai first with English in small text. Self-contained HTML, no
 * external resources, so it works offline and under a strict Content-Security-Policy.
 */
import { citizenThaiName, englishFullName, formatThaiAddress, maskNationalId, type Citizen } from './citizens.ts';
import { CLAIM_LABELS, type ThaidClaim } from './idp-claims.ts';
import { escapeHtml } from '../lib/html.ts';

const STYLE = `
body{font-family:Sarabun,"Noto Sans Thai",Tahoma,sans-serif;margin:0;background:#f3f6fb;color:#1b2430;line-height:1.5}
header{background:#0b4ea2;color:#fff;padding:.75rem 1rem}header p{margin:0;font-weight:600}
main{max-width:34rem;margin:1rem auto;padding:0 1rem}
section,.card{background:#fff;border-radius:.75rem;padding:1rem;margin-bottom:1rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.35rem;margin:.5rem 0 1rem}h2{font-size:1.05rem;margin:0 0 .5rem}
small{color:#5b6675;font-weight:normal}header small{color:#dbe6f6}
ul{list-style:none;padding:0;margin:0}li{display:flex;gap:.75rem;align-items:center;justify-content:space-between;padding:.6rem 0;border-top:1px solid #e4e9f0}
li:first-child{border-top:0}.who{display:flex;flex-direction:column}
button{font:inherit;border:0;border-radius:.5rem;padding:.55rem 1rem;background:#0b4ea2;color:#fff;cursor:pointer;min-height:44px}
button.secondary{background:#e4e9f0;color:#1b2430}
input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #9aa7b8;border-radius:.5rem;margin:.25rem 0 .75rem}
label{display:block}.alert{background:#fdecea;color:#8a1c12;padding:.6rem .8rem;border-radius:.5rem}
dl{margin:0}dt{font-weight:600;margin-top:.6rem}dd{margin:0}.actions{display:flex;gap:.75rem;margin-top:1rem}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><p>เป๋าตัง · ThaID (จำลอง)</p><small lang="en">Local test identity provider — for development only</small></header>
<main>${body}</main></body></html>`;
}

export type LoginPageInput = { uid: string; clientName: string; citizens: readonly Citizen[]; error?: string };

export function renderLoginPage({ uid, clientName, citizens, error }: LoginPageInput): string {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  const rows = citizens.map((c) => `<li>
  <span class="who"><span>${escapeHtml(citizenThaiName(c))}</span>
  <small lang="en">${escapeHtml(englishFullName(c))}</small>
  <small>${escapeHtml(maskNationalId(c.nationalId))} · IAL ${c.ial}</small></span>
  <button type="submit" name="pid" value="${escapeHtml(c.nationalId)}" aria-label="เข้าสู่ระบบในนาม ${escapeHtml(citizenThaiName(c))}">เข้าสู่ระบบ</button>
</li>`).join('\n');
  return layout('เข้าสู่ระบบ · Sign in', `
<h1>เข้าสู่ระบบ <small lang="en">Sign in</small></h1>
<p>${escapeHtml(clientName)} ขอให้ท่านยืนยันตัวตน <small lang="en">${escapeHtml(clientName)} asks you to prove who you are.</small></p>
${error ? `<p class="alert" role="alert">${escapeHtml(error)}</p>` : ''}
<section aria-labelledby="citizens-heading">
<h2 id="citizens-heading">ประชาชนทดสอบ <small lang="en">Test citizens</small></h2>
<form method="post" action="${action}/login"><ul>
${rows}
</ul></form>
</section>
<section aria-labelledby="typed-heading">
<h2 id="typed-heading">หรือกรอกเลขประจำตัวประชาชน <small lang="en">Or type a national ID</small></h2>
<form method="post" action="${action}/login">
<label for="pid-input">เลขประจำตัวประชาชน 13 หลัก <small lang="en">13-digit national ID</small></label>
<input id="pid-input" name="pid" inputmode="numeric" autocomplete="off" maxlength="17" required>
<button type="submit">ดำเนินการต่อ</button> <small lang="en">Continue</small>
</form>
</section>
<form method="post" action="${action}/abort"><button type="submit" class="secondary">ยกเลิก</button> <small lang="en">Cancel</small></form>`);
}

export type ConsentPageInput = { uid: string; clientName: string; citizen: Citizen; claims: ThaidClaim[] };

function displayValue(c: Citizen, claim: ThaidClaim): string {
  switch (claim) {
    case 'pid': return c.nationalId;
    case 'title': return c.title;
    case 'title_en': return c.titleEn;
    case 'given_name': return c.givenName;
    case 'middle_name': return c.middleName ?? '-';
    case 'family_name': return c.familyName;
    case 'given_name_en': return c.givenNameEn;
    case 'middle_name_en': return c.middleNameEn ?? '-';
    case 'family_name_en': return c.familyNameEn;
    case 'birthdate': return c.birthdate;
    case 'address': return formatThaiAddress(c.address);
    case 'ial': return String(c.ial);
  }
}

export function renderConsentPage({ uid, clientName, citizen, claims }: ConsentPageInput): string {
  const items = claims.map((claim) => `<dt>${escapeHtml(CLAIM_LABELS[claim].th)} <small lang="en">${escapeHtml(CLAIM_LABELS[claim].en)}</small></dt>
<dd>${escapeHtml(displayValue(citizen, claim))}</dd>`).join('\n');
  return layout('ความยินยอมให้เปิดเผยแก่ผู้ให้บริการ · Consent', `
<h1>ความยินยอมให้เปิดเผยแก่ผู้ให้บริการ <small lang="en">Consent to disclose to the service provider</small></h1>
<section aria-labelledby="claims-heading">
<h2 id="claims-heading">${escapeHtml(clientName)} ขอข้อมูลของ ${escapeHtml(citizenThaiName(citizen))}
<small lang="en">${escapeHtml(clientName)} asks for this information about ${escapeHtml(englishFullName(citizen))}</small></h2>
<dl>
${items}
</dl>
<form method="post" action="/interaction/${encodeURIComponent(uid)}/confirm" class="actions">
<button type="submit" name="decision" value="allow">ยินยอม</button>
<button type="submit" name="decision" value="deny" class="secondary">ไม่ยินยอม</button>
</form>
<p><small lang="en">ยินยอม = Allow · ไม่ยินยอม = Deny</small></p>
</section>`);
}

export function renderErrorPage(message: { th: string; en: string }): string {
  return layout('เกิดข้อผิดพลาด · Error', `
<h1>เกิดข้อผิดพลาด <small lang="en">Something went wrong</small></h1>
<p class="alert" role="alert">${escapeHtml(message.th)} <small lang="en">${escapeHtml(message.en)}</small></p>`);
}
