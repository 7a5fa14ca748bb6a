/**
 * A registration brought to 'pending' through the API, the way the desktop and the phone
 * pages call it (Playwright request contexts as the two browsers), so officer tests start
 * from a submitted registration in seconds.
 */
import type { APIRequestContext, APIResponse, PlaywrightWorkerArgs } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { withCheckDigit } from '../../api/domain/identifiers.ts';
import { signInAtDevIdp } from '../helpers/dev-idp-browser.ts';
import { E2E } from './env.ts';
import { waitForMail, type Credentials } from './fixtures.ts';

export const PERSONAL = {
  address: { line1: '123/45 ถนนพหลโยธิน', province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400' },
  mobile: '0812345678',
};
const WORKPLACE = {
  position: 'นักวิชาการเงินและบัญชี', level: 'ชำนาญการ', line1: 'ถนนพระราม 6',
  province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400',
};

let serial = 0;
/** A valid national ID no other test uses; the local provider proves any valid one as "ทดสอบ ระบบ". */
export function freshNationalId(): string {
  serial += 1;
  return withCheckDigit(`5${String(Date.now() % 1e7).padStart(7, '0')}${String(serial).padStart(4, '0')}`);
}

async function ok(res: APIResponse, what: string) {
  if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
  return res;
}

export async function appointmentPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Appointment order (test)', { x: 60, y: 760, size: 22 });
  return Buffer.from(await pdf.save());
}

export type PendingUser = { user: APIRequestContext; username: string; email: string; nationalId: string; registrationId: string };

type Playwright = PlaywrightWorkerArgs['playwright'];
const newBrowser = (playwright: Playwright) => playwright.request.newContext({ baseURL: E2E.origin, extraHTTPHeaders: { origin: E2E.origin } });

export async function submitRegistration(
  playwright: Playwright, account: Credentials, o: { nationalId?: string; personal?: typeof PERSONAL } = {},
): Promise<PendingUser> {
  const user = await newBrowser(playwright);
  const nationalId = o.nationalId ?? freshNationalId();
  await ok(await user.post('/api/auth/login', { data: { username: account.username, password: account.initialPassword } }), 'login');
  await proveIdentity(playwright, user, nationalId);
  await saveDetails(user, o.personal);
  const email = `${account.username.toLowerCase()}@example.go.th`;
  await verifyEmail(user, email);
  await ok(await user.post('/api/registration/submit'), 'submit');
  const tracker = await (await ok(await user.get('/api/registration'), 'tracker')).json() as { registrationId: string };
  return { user, username: account.username, email, nationalId, registrationId: tracker.registrationId };
}

/** Step 1 and the phone's proof of `nationalId` for the logged-in `user` (a page's `request` works too): step 3 opens. */
export async function proveIdentity(playwright: Playwright, user: APIRequestContext, nationalId: string): Promise<void> {
  await ok(await user.post('/api/registration/step1', {
    multipart: { nationalId, consent: 'true', file: { name: 'order.pdf', mimeType: 'application/pdf', buffer: await appointmentPdf() } },
  }), 'step 1');

  const { url } = await (await ok(await user.post('/api/registration/proofing'), 'proofing start')).json() as { url: string };
  const phone = await newBrowser(playwright);
  try {
    const code = url.split('/p/')[1]!;
    const { redirectUrl } = await (await ok(await phone.post(`/api/proofing/session/${code}/confirm`), 'confirm')).json() as { redirectUrl: string };
    const callback = await signInAtDevIdp(new URL(redirectUrl), { nationalId, consent: 'allow', redirectUri: `${E2E.origin}/api/proofing/callback` });
    const landed = await phone.get(`${callback.pathname}${callback.search}`, { maxRedirects: 0 });
    if (landed.headers().location !== '/p/result?status=done') throw new Error(`proofing: ${landed.status()} ${landed.headers().location}`);
  } finally {
    await phone.dispose();
  }
}

/** Step 3's two parts, as the form saves them. */
export async function saveDetails(user: APIRequestContext, moved?: typeof PERSONAL): Promise<void> {
  // As the form does: the current address starts as the proven one (unless the test moves it).
  const proven = (await (await user.get('/api/registration')).json()) as { details: { proven: { address: { parts: typeof PERSONAL.address | null } | null } } };
  const parts = proven.details.proven.address?.parts;
  const personal = moved ?? (parts ? { ...PERSONAL, address: parts } : PERSONAL);
  await ok(await user.put('/api/registration/personal', { data: personal }), 'personal');
  await ok(await user.put('/api/registration/workplace', { data: WORKPLACE }), 'workplace');
}

/** Step 3's email, verified with the code the mail brings. */
export async function verifyEmail(user: APIRequestContext, email: string): Promise<void> {
  await ok(await user.post('/api/registration/email/send', { data: { email } }), 'email send');
  const mail = await waitForMail((m) => m.to.includes(email) && m.subject === 'ยืนยันอีเมลลงทะเบียน GFMIS');
  const otp = /\b(\d{6})\b/.exec(mail.text)![1]!;
  await ok(await user.post('/api/registration/email/verify', { data: { code: otp } }), 'email verify');
}
