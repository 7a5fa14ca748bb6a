/** Drive a registration through the API the way the desktop and the phone pages do. */
import { PDFDocument } from 'pdf-lib';
import type { createTestApp } from './app.ts';
import { TEST_ORIGIN } from './app.ts';
import { sessionCookie } from './accounts.ts';
import { signInAtDevIdp } from './dev-idp-browser.ts';

type TestApp = ReturnType<typeof createTestApp>;

export async function makePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText('Appointment order');
  return pdf.save();
}

export async function loginCookie(t: Pick<TestApp, 'request'>, username: string, password: string): Promise<string> {
  const res = await t.request('/api/auth/login', { method: 'POST', json: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return sessionCookie(res);
}

export async function postStep1(t: TestApp, cookie: string, fields: { nationalId: string; consent?: boolean; pdf?: Uint8Array | null; filename?: string }) {
  const form = new FormData();
  form.set('nationalId', fields.nationalId);
  if (fields.consent !== false) form.set('consent', 'true');
  if (fields.pdf) form.set('file', new File([fields.pdf as Uint8Array<ArrayBuffer>], fields.filename ?? 'order.pdf', { type: 'application/pdf' }));
  return t.request('/api/registration/step1', { method: 'POST', body: form, headers: { cookie } });
}

/** Step 2: desktop starts, phone confirms and answers at the provider; returns where the phone lands. */
export async function proveIdentity(t: TestApp, cookie: string, o: { nationalId: string; consent?: 'allow' | 'deny' }) {
  const start = await t.request('/api/registration/proofing', { method: 'POST', headers: { cookie } });
  if (start.status !== 200) throw new Error(`proofing start: ${start.status} ${await start.text()}`);
  const { url } = (await start.json()) as { url: string };
  const code = url.split('/p/')[1]!;
  const confirm = await t.request(`/api/proofing/session/${code}/confirm`, { method: 'POST' });
  if (confirm.status !== 200) throw new Error(`confirm: ${confirm.status} ${await confirm.text()}`);
  const phoneCookie = confirm.headers.getSetCookie()[0]!.split(';')[0]!;
  const { redirectUrl } = (await confirm.json()) as { redirectUrl: string };
  const callback = await signInAtDevIdp(new URL(redirectUrl), {
    nationalId: o.nationalId, consent: o.consent ?? 'allow', redirectUri: `${TEST_ORIGIN}/api/proofing/callback`,
  });
  const landed = await t.request(`${callback.pathname}${callback.search}`, { headers: { cookie: phoneCookie } });
  return { location: landed.headers.get('location') ?? '', code, callback, phoneCookie };
}
