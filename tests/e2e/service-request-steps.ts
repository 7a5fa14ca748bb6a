/**
 * Steps of the service-request flow for browser tests (service-requests.spec.ts walks them,
 * screens-service-request.spec.ts reaches each page state with them): an activated account
 * whose software authenticator answers as the phone, the form filled as a requester types it,
 * and the signed scan, an officer's decision and another person's review through the API.
 */
import { createHash } from 'node:crypto';
import type { APIRequestContext, Page, PlaywrightWorkerArgs } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { createSoftAuthenticator } from '../helpers/soft-authenticator.ts';
import { E2E } from './env.ts';
import { createApprovedRegistration, expect, type ApprovedRegistration } from './fixtures.ts';
import { officerApi } from './officer-sign-in.ts';

type Playwright = PlaywrightWorkerArgs['playwright'];

/** An account with an activated soft token; `phone` is its authenticator, `device` its app's cookies. */
export async function activatedAccount(playwright: Playwright) {
  const seed = await createApprovedRegistration();
  const desktop = await playwright.request.newContext({ baseURL: E2E.origin });
  expect(await (await desktop.post('/api/auth/login', { data: { username: seed.username, password: seed.initialPassword } })).json()).toEqual({ next: 'tracker' });
  const { url } = await (await desktop.post('/api/registration/activation')).json() as { url: string };
  const code = url.split('#')[1]!;
  const device = await playwright.request.newContext({ baseURL: E2E.origin });
  const { options, challengeId } = await (await device.post('/api/activation/options', { data: { code } })).json();
  const phone = createSoftAuthenticator({ origin: E2E.origin, rpId: 'localhost' });
  expect((await device.post('/api/activation/verify', { data: { code, challengeId, response: phone.create(options) } })).status()).toBe(200);
  await desktop.dispose();
  return { ...seed, phone, device };
}
export type Activated = Awaited<ReturnType<typeof activatedAccount>>;

/** The phone approves a pending login request by picking `picture` (the one the desktop shows). */
export async function approveOnPhone(a: Activated, requestId: string, picture: string) {
  const pending = await (await a.device.get('/api/device/requests')).json() as Array<{ id: string; nonce: string }>;
  const request = pending.find((r) => r.id === requestId);
  expect(request, 'the login request reaches the phone').toBeDefined();
  const challenge = createHash('sha256').update(`${request!.nonce}|${picture}`).digest('base64url');
  const res = await a.device.post(`/api/device/requests/${requestId}/approve`, { data: { choice: picture, response: a.phone.get(challenge) } });
  expect(res.status()).toBe(200);
}

export async function signedScan(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Signed service request (test)', { x: 60, y: 760, size: 20 });
  return Buffer.from(await pdf.save());
}

/** The signed scan arrives, one officer decides (done, or refused with `reason`), another reviews: the effect applies. */
export async function scanProcessReview(playwright: Playwright, tracking: string, decision: { outcome: 'done' } | { outcome: 'refused'; reason: string } = { outcome: 'done' }) {
  const anyone = await playwright.request.newContext({ baseURL: E2E.origin });
  const scan = await anyone.post(`/api/service-requests/${tracking}/scan`, { multipart: { file: { name: 'signed.pdf', mimeType: 'application/pdf', buffer: await signedScan() } } });
  expect(scan.status()).toBe(200);
  await anyone.dispose();
  const [officer, reviewer] = [await officerApi(['officer']), await officerApi(['reviewer'])];
  const { items } = await (await officer.get('/api/officer/service-requests?status=submitted&sort=newest&pageSize=100')).json() as { items: Array<{ id: string; trackingNumber: string }> };
  const id = items.find((r) => r.trackingNumber === tracking)!.id;
  expect((await officer.post(`/api/officer/service-requests/${id}/process`, { data: decision })).status()).toBe(200);
  const reviewed = await reviewer.post(`/api/officer/service-requests/${id}/review`);
  expect(reviewed.status()).toBe(200);
  const answer = await reviewed.json() as { slip: { username: string; initialPassword: string } | null };
  await officer.dispose();
  await reviewer.dispose();
  return answer;
}

/** Parts 1 and 2 of the form, as the requester types them. */
export async function fillRequester(page: Page, a: Pick<ApprovedRegistration, 'username' | 'nationalId' | 'email'>) {
  await page.getByLabel('รหัสหน่วยเบิกจ่าย', { exact: true }).fill('0300200000');
  await expect(page.getByLabel('ชื่อหน่วยเบิกจ่าย')).toHaveValue('สำนักงานปลัดกระทรวงการคลัง');
  await page.getByLabel('ชื่อ - นามสกุล').fill('นายทดสอบ ระบบ');
  await page.getByLabel('เลขประจำตัวประชาชน').fill(a.nationalId);
  await page.getByLabel('email ที่ลงทะเบียน Soft Token').fill(a.email);
  await page.getByLabel('เบอร์โทรศัพท์มือถือ').fill('081-123-4567');
  await page.getByLabel('หน่วยงานสังกัด (สำนัก / กอง หรือเทียบเท่า)').fill('กองระบบการคลังภาครัฐ');
  // The unit's department and ministry were filled in from the unit code.
  await expect(page.getByLabel('ส่วนราชการ (กรมหรือเทียบเท่า)')).toHaveValue('สำนักงานปลัดกระทรวงการคลัง');
  await expect(page.getByLabel('กระทรวง', { exact: true })).toHaveValue('กระทรวงการคลัง');
  await page.getByLabel('รหัสผู้ใช้งาน (15 หลัก)').fill(a.username.toLowerCase());
}

export async function saveForm(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'บันทึกคำร้อง' }).click();
  await expect(page).toHaveURL(/\/service-request\/SR-[A-Z0-9]{6}-[A-Z0-9]{6}$/);
  const tracking = (await page.getByTestId('tracking-number').textContent())!;
  expect(page.url()).toBe(`${E2E.origin}/service-request/${tracking}`);
  return tracking;
}

/** The holder signs in on `page` with the phone's approval, changing the initial password first as the first login asks. */
export async function signInAsHolder(page: Page, a: Activated) {
  const NEW = 'Kr8#email-Rambutan';
  const first = await (await page.request.post('/api/auth/login', { data: { username: a.username, password: a.initialPassword } })).json();
  await approveOnPhone(a, first.requestId, first.picture);
  expect((await (await page.request.post(`/api/login-requests/${first.requestId}/complete`)).json()).next).toBe('change_password');
  expect((await page.request.post('/api/auth/password', { data: { oldPassword: a.initialPassword, newPassword: NEW, confirmPassword: NEW } })).status()).toBe(200);
  const again = await (await page.request.post('/api/auth/login', { data: { username: a.username, password: NEW } })).json();
  await approveOnPhone(a, again.requestId, again.picture);
  expect((await (await page.request.post(`/api/login-requests/${again.requestId}/complete`)).json()).next).toBe('portal');
}

/** A request filed through the API (reset, phone and lost-phone purposes need nothing more); returns its tracking number. */
export async function fileRequest(api: APIRequestContext, a: Pick<ApprovedRegistration, 'username' | 'nationalId' | 'email'>, purpose: 'reset_password' | 'change_phone' | 'lost_phone'): Promise<string> {
  const filed = await api.post('/api/service-requests', { data: {
    unitCode: '0300200000', username: a.username, purpose,
    requester: { name: 'นายทดสอบ ระบบ', nationalId: a.nationalId, email: a.email, mobile: '0811234567', division: 'กองระบบการคลังภาครัฐ', department: 'สำนักงานปลัดกระทรวงการคลัง', ministry: 'กระทรวงการคลัง' },
  } });
  expect(filed.status()).toBe(201);
  return ((await filed.json()) as { trackingNumber: string }).trackingNumber;
}
