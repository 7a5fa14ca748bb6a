/**
 * Every screen of the officer console passes the screen check (tests/e2e/screens.ts): axe-core
 * at a desktop and a phone size in Thai and English, nothing wider than a 360 px phone, one
 * <h1> that names the page's title. Each screen is reached as an officer reaches it.
 */
import type { Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { E2E } from './env.ts';
import { createAccount, createApprovedRegistration, expect, test } from './fixtures.ts';
import { officerOnPage, strongPassword } from './officer-sign-in.ts';
import { submitRegistration } from './pending-registration.ts';
import { savePasswordChange } from './password-form.ts';
import { checkScreen } from './screens.ts';

/** Checks each screen in turn and fails at the end listing every screen's problems. */
function screens(page: Page) {
  const problems: string[] = [];
  return {
    async check(name: string) {
      await checkScreen(page, name).catch((err: Error) => problems.push(err.message.split('\n\n')[0] ?? err.message));
    },
    done() {
      expect(problems, problems.join('\n')).toEqual([]);
    },
  };
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

test.describe('officer console screens', () => {
  test('should pass the screen check on the sign-in pages when an officer signs in for the first time and every time after', async ({ page }) => {
    test.setTimeout(300_000);
    const s = screens(page);
    await page.goto('/officer');
    await expect(page).toHaveURL(/\/officer\/login\?next=/);
    await s.check('login');
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await s.check('login: fields missing');

    const officer = await createAccount({ roles: ['officer'] });
    await page.getByLabel('รหัสผู้ใช้งาน (Username)').fill(officer.username);
    await page.getByLabel('รหัสผ่าน (Password)').fill(officer.initialPassword);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('กรุณาเปลี่ยน Password ใช้งาน');
    await s.check('login: initial password to change');
    await page.getByRole('button', { name: 'ตกลง' }).click();
    const password = strongPassword();
    await savePasswordChange(page, officer.initialPassword, password);
    await expect(h1(page)).toHaveText('ลงทะเบียนกุญแจ (passkey)');
    await s.check('passkey enrolment');

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.getByRole('button', { name: 'ลงทะเบียนกุญแจ' }).click();
    await expect(h1(page)).toHaveText('ภาพรวมงานที่รอดำเนินการ');
    await page.getByRole('button', { name: 'ออกจากระบบ' }).click();
    await page.getByLabel('รหัสผู้ใช้งาน (Username)').fill(officer.username);
    await page.getByLabel('รหัสผ่าน (Password)').fill(password);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(h1(page)).toHaveText('ยืนยันตัวตนด้วยกุญแจ (passkey)');
    await s.check('passkey sign-in');
    s.done();
  });

  test('should pass the screen check on the dashboard, the registration queue and a registration under review with its dialogs open', async ({ page, playwright }) => {
    test.setTimeout(600_000);
    const waiting = await submitRegistration(playwright, await createAccount());
    const s = screens(page);
    await officerOnPage(page, { roles: ['officer'] });
    await expect(page.getByRole('img', { name: /การลงทะเบียนที่รออนุมัติ/ })).toBeVisible();
    await s.check('dashboard');

    await page.goto('/officer/registrations?name=ไม่มีผู้ใดชื่อนี้');
    await expect(page.getByText('ไม่พบรายการ', { exact: false }).or(page.locator('p[role="status"]').first())).toBeVisible();
    await s.check('registrations: empty');
    await page.goto('/officer/registrations?sort=newest');
    const row = page.getByRole('row').filter({ hasText: waiting.username });
    await expect(row).toBeVisible();
    await s.check('registrations: with rows');

    await row.getByRole('link', { name: /ตรวจสอบ/ }).click();
    await expect(h1(page)).toHaveText('ตรวจสอบการลงทะเบียน');
    await expect(page.getByRole('button', { name: 'อนุมัติการลงทะเบียน' })).toBeVisible();
    await s.check('registration waiting for approval');
    await page.getByRole('button', { name: 'อนุมัติการลงทะเบียน' }).click();
    await expect(page.getByRole('dialog', { name: 'ยืนยันการอนุมัติ' })).toBeVisible();
    await s.check('registration: approve dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'ยกเลิก' }).click();
    await page.getByRole('button', { name: 'ปฏิเสธการลงทะเบียน' }).click();
    const reject = page.getByRole('dialog', { name: 'ยืนยันการปฏิเสธ' });
    await expect(reject.getByLabel('เหตุผลการปฏิเสธ')).toBeVisible();
    await s.check('registration: reject dialog');
    await reject.getByRole('button', { name: 'ยืนยัน' }).click();
    await expect(reject.getByText('กรุณาระบุเหตุผลการปฏิเสธ')).toBeVisible();
    await s.check('registration: reject dialog without a reason');
    await reject.getByLabel('เหตุผลการปฏิเสธ').fill('ที่อยู่ไม่ตรงกับทะเบียนราษฎร');
    await reject.getByRole('button', { name: 'ยืนยัน' }).click();
    await expect(page.getByText('ปฏิเสธการลงทะเบียนเรียบร้อยแล้ว', { exact: false })).toBeVisible();
    await s.check('registration: rejected');
    await waiting.user.dispose();
    s.done();
  });

  test('should pass the screen check on the service-request queue and a request waiting for an officer', async ({ page, playwright }) => {
    test.setTimeout(500_000);
    const a = await createApprovedRegistration();
    const anyone = await playwright.request.newContext({ baseURL: E2E.origin, extraHTTPHeaders: { origin: E2E.origin } });
    const filed = await anyone.post('/api/service-requests', { data: {
      unitCode: '0300200000', username: a.username, purpose: 'reset_password',
      requester: { name: 'นายทดสอบ ระบบ', nationalId: a.nationalId, email: a.email, mobile: '0811234567', division: 'กองระบบการคลังภาครัฐ', department: 'สำนักงานปลัดกระทรวงการคลัง', ministry: 'กระทรวงการคลัง' },
    } });
    expect(filed.status()).toBe(201);
    const { trackingNumber } = (await filed.json()) as { trackingNumber: string };
    const pdf = await PDFDocument.create();
    pdf.addPage([595, 842]).drawText('Signed service request (test)', { x: 60, y: 760, size: 20 });
    const scan = await anyone.post(`/api/service-requests/${trackingNumber}/scan`, { multipart: { file: { name: 'signed.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdf.save()) } } });
    expect(scan.status()).toBe(200);
    await anyone.dispose();

    const s = screens(page);
    await officerOnPage(page, { roles: ['officer'] }, '/officer/service-requests?status=completed&sort=newest');
    await expect(page.getByText('ไม่มีคำร้องในสถานะนี้')).toBeVisible();
    await s.check('service requests: empty');
    await page.goto('/officer/service-requests?sort=newest');
    const row = page.locator(`tr[data-tracking="${trackingNumber}"]`);
    await expect(row).toBeVisible();
    await s.check('service requests: with rows');
    await row.getByRole('link', { name: `เปิดคำร้อง ${trackingNumber}` }).click();
    await expect(page.getByTestId('tracking')).toHaveText(trackingNumber);
    await s.check('service request waiting for an officer');
    await page.getByRole('radio', { name: 'ดำเนินการตามคำร้องเรียบร้อยแล้ว' }).check();
    await page.getByRole('button', { name: 'บันทึกผลการดำเนินการ' }).click();
    await expect(page.getByRole('dialog', { name: 'ยืนยันผลการดำเนินการ' })).toBeVisible();
    await s.check('service request: outcome dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'ยืนยัน' }).click();
    await expect(page.getByTestId('status')).toHaveText('รอผู้ตรวจสอบ');
    await s.check('service request waiting for a reviewer');
    s.done();
  });

  test('should pass the screen check on accounts, slips and legacy step 0', async ({ page }) => {
    test.setTimeout(700_000);
    const s = screens(page);
    await officerOnPage(page, { roles: ['officer', 'admin'] }, '/officer/accounts');
    await expect(page.getByRole('table')).toBeVisible();
    await s.check('accounts: with rows');
    await page.goto('/officer/accounts?q=ไม่มีบัญชีนี้แน่นอน');
    await expect(page.locator('p[role="status"]').filter({ hasText: /ไม่พบ/ })).toBeVisible();
    await s.check('accounts: empty');

    await page.goto('/officer/accounts/new');
    await expect(h1(page)).toBeVisible();
    await s.check('create an account');
    await page.getByLabel('หน่วยเบิกจ่าย').selectOption('0300400004');
    await page.getByLabel('ชื่อผู้ใช้งาน / บันทึก').fill('นายทดสอบ หน้าจอ');
    await page.getByLabel(/ผู้ใช้งานอุปกรณ์ GFMIS Token Key/).check();
    await page.getByRole('button', { name: 'สร้างบัญชีและออกรหัสผ่านเริ่มต้น' }).click();
    await expect(page.getByRole('link', { name: 'ไปที่ขั้นตอนที่ 0' })).toBeVisible();
    await s.check('create an account: initial password shown');
    await page.getByRole('link', { name: 'ไปที่ขั้นตอนที่ 0' }).click();
    await expect(h1(page)).toHaveText('ข้อมูลส่วนตัว');
    await s.check('legacy step 0: profile');
    await page.getByRole('button', { name: 'ขอรหัสผ่านเริ่มต้นของ Soft Token' }).click();
    await expect(page.getByTestId('legacy-password')).toBeVisible();
    await s.check('legacy step 0: initial password shown');
    await page.getByRole('button', { name: 'กดเพื่อยืนยันและทำการ logout' }).click();
    await expect(page.getByText(/ดำเนินการขั้นตอนที่ 0 ของ/)).toBeVisible();
    await s.check('legacy step 0: lookup after logout');
    await page.goto('/officer/legacy');
    await s.check('legacy step 0: lookup');
    await page.goto('/officer/legacy/A03002000009999');
    await expect(page.getByRole('alert')).toBeVisible();
    await s.check('legacy step 0: no such account');

    await page.goto('/officer/accounts/import');
    await s.check('import');
    await page.getByLabel('ไฟล์ CSV').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('unit_code,display_name\n03002,ไม่ถูกต้อง\n') });
    await page.getByRole('button', { name: 'ตรวจสอบและนำเข้า' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'ไม่ได้นำเข้าบัญชีใด ๆ' })).toBeVisible();
    await s.check('import: a bad file');
    await page.getByLabel('ไฟล์ CSV').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`unit_code,display_name\n0300200000,หน้าจอ ${Date.now()}\n`) });
    await page.getByRole('button', { name: 'ตรวจสอบและนำเข้า' }).click();
    await expect(page.locator('article.slip')).toHaveCount(1);
    await s.check('slips');
    await page.getByRole('button', { name: 'พิมพ์แล้ว เสร็จสิ้น' }).click();
    await page.goto('/officer/accounts/slips');
    await expect(page.getByText(/ไม่มีซองรหัสผ่านที่จะแสดง/)).toBeVisible();
    await s.check('slips: none');

    s.done();
  });

  test('should pass the screen check on the audit log and connected systems', async ({ page }) => {
    test.setTimeout(500_000);
    const s = screens(page);
    await officerOnPage(page, { roles: ['officer', 'admin'] }, '/officer/audit');
    await expect(page.locator('tbody tr').first()).toBeVisible();
    await s.check('audit log');
    await page.goto('/officer/audit?action=officer.passkey.sign_in');
    await expect(page.locator('tbody tr').first()).toBeVisible();
    await s.check('audit log: filtered');

    await page.goto('/officer/clients');
    await s.check('connected systems');
    await page.getByRole('button', { name: 'ลงทะเบียนระบบใหม่' }).click();
    await s.check('connected systems: new client form');
    await page.getByLabel('ชื่อระบบ', { exact: true }).fill(`ระบบหน้าจอ ${Date.now()}`);
    await page.getByLabel('Redirect URI (บรรทัดละ 1 URL)').fill('https://rp.example.go.th/cb');
    await page.getByRole('button', { name: 'ลงทะเบียน', exact: true }).click();
    await expect(page.getByTestId('client-secret-box')).toBeVisible();
    await s.check('connected systems: secret shown once');

    await page.goto('/officer/no-such-page');
    await s.check('console: page not found');
    s.done();
  });
});
