/**
 * แบบคำร้องขอใช้บริการ Soft Token as people use it: the web form from the login page,
 * the printable A4 form, the signed scan, an officer's outcome and another person's review,
 * then each purpose's effect: a reset link at the verified email, a revoked token and password
 * with proofing again before a new activation, a sealed slip for a new holder, a new email
 * verified from its link (FLOWS §6: nothing is ever mailed to an address typed into the form).
 * Accounts with a soft token are activated through the API with a software authenticator
 * (tests/helpers/soft-authenticator.ts), which then answers login requests as the phone.
 */
import { devices, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { maskNationalId } from '../../db/sealing.ts';
import { E2E } from './env.ts';
import { createApprovedRegistration, expect, test as base, waitForMail, watchForBreakage, type Mail } from './fixtures.ts';
import { officerApi, officerOnPage } from './officer-sign-in.ts';
import { switchLanguage } from './screens.ts';
import { activatedAccount, approveOnPhone, fileRequest, fillRequester, saveForm, scanProcessReview, signedScan, signInAsHolder } from './service-request-steps.ts';

// Every test fails if any of its pages, in any of its browsers, breaks the CSP or throws.
const test = base.extend<{ newPage: (options?: BrowserContextOptions) => Promise<Page> }>({
  // Another person's browser (an officer, a reviewer, a phone).
  newPage: async ({ browser, breakage }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (options = {}) => {
      const context = await browser.newContext({ ...options, baseURL: E2E.origin });
      watchForBreakage(context, breakage);
      opened.push(context);
      return context.newPage();
    });
    for (const context of opened) await context.close();
  },
});

/** An officer signed in through the console's login page: password, then their passkey. */
async function officerPage(newPage: () => Promise<Page>, roles: Array<'officer' | 'reviewer'>, path: string) {
  const page = await newPage();
  await officerOnPage(page, { roles, displayName: roles.includes('officer') ? 'เจ้าหน้าที่ผู้ดำเนินการ' : 'ผู้ตรวจสอบ' }, path);
  return page;
}


test.describe('service requests', () => {
  test('should reset a forgotten password: form, print, scan, officer, another reviewer, then a link to the verified email to set a new one', async ({ page, playwright, newPage }) => {
    test.setTimeout(60_000);
    const a = await activatedAccount(playwright);

    // The form, from the login page.
    await page.goto('/');
    await page.getByRole('link', { name: 'แบบคำร้องขอใช้บริการ Soft Token' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('แบบคำร้องขอใช้บริการ Soft Token');
    await fillRequester(page, a);
    await page.getByRole('radio', { name: /ขอ reset รหัสผ่าน\/ ลืมรหัสผ่าน/ }).check();
    const tracking = await saveForm(page);
    await expect(page.getByText('บันทึกคำร้องเรียบร้อยแล้ว')).toBeVisible();
    await expect(page.getByText('กรุณาจดหรือบันทึกเลขที่คำร้องนี้ไว้', { exact: false })).toBeVisible();
    await expect(page.locator('.sr-status .badge')).toHaveText('รอไฟล์แบบคำร้องที่ลงนามแล้ว');

    // The printable form: the manual's four parts on one A4 page, purposes as ☑/☐, part 4 empty.
    await page.getByRole('link', { name: 'พิมพ์แบบคำร้อง' }).first().click();
    await expect(page).toHaveURL(`${E2E.origin}/service-request/${tracking}/print`);
    const sheet = page.locator('article.sr-sheet');
    await expect(sheet.getByRole('heading', { level: 1 })).toHaveText('แบบคำร้องขอใช้บริการ Soft Token');
    await expect(sheet.getByTestId('print-tracking')).toHaveText(tracking);
    await expect(sheet).toContainText('สำนักงานปลัดกระทรวงการคลัง');
    await expect(sheet.getByRole('img', { name: `เลขประจำตัวประชาชน ${a.nationalId}` })).toBeVisible();
    await expect(sheet.getByRole('img', { name: `รหัสผู้ใช้งาน ${a.username}` })).toBeVisible();
    await expect(sheet.locator('[data-purpose="reset_password"]')).toContainText('☑');
    await expect(sheet.locator('[data-purpose="lost_phone"]')).toContainText('☐');
    await expect(sheet.locator('[data-checked="true"]')).toHaveCount(1);
    await expect(sheet.locator('.signature').first()).toContainText('นายทดสอบ ระบบ');
    for (const text of ['ผู้ยื่นคำร้อง', 'หัวหน้าส่วนราชการ', 'หมายเหตุ:', 'ดำเนินการตามคำร้องเรียบร้อยแล้ว', 'ไม่สามารถดำเนินการได้ เนื่องจาก', 'ได้ตรวจสอบความถูกต้องแล้ว', 'ผู้ตรวจสอบการดำเนินการ']) {
      await expect(sheet).toContainText(text);
    }
    await expect(page.getByRole('button', { name: 'พิมพ์' })).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header')).toBeHidden();
    await expect(page.getByRole('button', { name: 'พิมพ์' })).toBeHidden();
    await expect(sheet).toBeVisible();
    const printed = await PDFDocument.load(await page.pdf({ preferCSSPageSize: true }));
    expect(printed.getPageCount()).toBe(1);
    const { width, height } = printed.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]); // A4 in points
    await page.emulateMedia({ media: 'screen' });

    // The signed scan, uploaded on the request's page.
    await page.getByRole('link', { name: 'กลับไปหน้าคำร้อง' }).click();
    await page.getByLabel('เลือกไฟล์ PDF').setInputFiles({ name: 'signed.pdf', mimeType: 'application/pdf', buffer: await signedScan() });
    await page.getByRole('button', { name: 'อัปโหลดไฟล์' }).click();
    await expect(page.getByText('อัปโหลดไฟล์เรียบร้อยแล้ว', { exact: false })).toBeVisible();
    await expect(page.locator('.sr-status .badge')).toHaveText('ส่งคำร้องแล้ว รอเจ้าหน้าที่ดำเนินการ');

    // An officer who is also a reviewer processes it: the records check out, the scan is in the page.
    const officer = await officerPage(newPage, ['officer', 'reviewer'], '/officer');
    await officer.getByRole('navigation', { name: 'เมนูเจ้าหน้าที่' }).getByRole('link', { name: 'แบบคำร้องขอใช้บริการ' }).click();
    await expect(officer.getByRole('heading', { level: 1 })).toHaveText('แบบคำร้องขอใช้บริการ Soft Token');
    const row = officer.locator(`tr[data-tracking="${tracking}"]`);
    await expect(row).toContainText('รอเจ้าหน้าที่ดำเนินการ');
    const scan = officer.waitForResponse((r) => /\/api\/officer\/service-requests\/[^/]+\/scan$/.test(r.url()));
    await row.getByRole('link', { name: `เปิดคำร้อง ${tracking}` }).click();
    expect((await scan).headers()['content-type']).toBe('application/pdf');
    await expect(officer.getByTestId('purpose')).toHaveText('ขอ reset รหัสผ่าน/ ลืมรหัสผ่าน');
    for (const check of ['accountFound', 'holderMatches', 'emailMatches']) {
      await expect(officer.locator(`[data-check="${check}"]`)).toHaveAttribute('data-state', 'ok');
    }
    await expect(officer.locator('[data-check="holderMatches"]')).toContainText('เลขประจำตัวประชาชนตรงกับผู้ถือสิทธิ');
    // The national ID is masked; "แสดง" shows it in full in place (the server records the look).
    const requesterId = officer.getByTestId('requester-national-id');
    await expect(requesterId).toHaveText(maskNationalId(a.nationalId));
    await officer.getByRole('button', { name: 'แสดง', exact: true }).click();
    await expect(requesterId).toHaveText(a.nationalId);
    await expect(officer.locator('[data-check="holderMatches"]')).toContainText(`ผู้ยื่นคำร้อง: ${a.nationalId}`);
    await expect(officer.getByRole('button', { name: 'ซ่อน', exact: true })).toBeVisible();
    await expect(officer.locator('iframe.pdf')).toHaveAttribute('title', `แบบคำร้องที่ลงนามแล้ว ${tracking}`);
    await expect(officer.getByRole('button', { name: 'ได้ตรวจสอบความถูกต้องแล้ว' })).toBeDisabled();

    // Cannot be done without a reason; then done.
    await officer.getByRole('radio', { name: /ไม่สามารถดำเนินการได้ เนื่องจาก/ }).check();
    await officer.getByRole('button', { name: 'บันทึกผลการดำเนินการ' }).click();
    await expect(officer.getByText('กรุณาระบุเหตุผลที่ไม่สามารถดำเนินการได้')).toBeVisible();
    await expect(officer.getByLabel('เหตุผล')).toBeFocused();
    await officer.getByRole('radio', { name: 'ดำเนินการตามคำร้องเรียบร้อยแล้ว' }).check();
    // Four-eyes: before saving, the officer is told that someone else must review it.
    const save = officer.getByRole('button', { name: 'บันทึกผลการดำเนินการ' });
    await expect(save).toHaveAccessibleDescription(/คำร้องจะรอผู้ตรวจสอบซึ่งต้องเป็นบุคคลอื่น ไม่ใช่ท่าน/);
    await save.click();
    const confirmOutcome = officer.getByRole('dialog', { name: 'ยืนยันผลการดำเนินการ' });
    await expect(confirmOutcome).toContainText('คำร้องจะรอผู้ตรวจสอบซึ่งต้องเป็นบุคคลอื่น');
    await confirmOutcome.getByRole('button', { name: 'ยืนยัน' }).click();
    await expect(officer.getByText('บันทึกผลการดำเนินการแล้ว คำร้องรอผู้ตรวจสอบ')).toBeVisible();
    // The result on screen follows a language switch.
    await officer.getByRole('button', { name: 'English' }).click();
    await expect(officer.getByText('The outcome is saved; the request waits for a reviewer.')).toBeVisible();
    await officer.getByRole('button', { name: 'ไทย' }).click();
    await expect(officer.getByTestId('status')).toHaveText('รอผู้ตรวจสอบ');

    // The same person cannot sign it off: the button says why, and the API refuses too.
    const own = officer.getByRole('button', { name: 'ได้ตรวจสอบความถูกต้องแล้ว' });
    await expect(own).toBeDisabled();
    await expect(own).toHaveAccessibleDescription('ท่านเป็นผู้บันทึกผลการดำเนินการของคำร้องนี้ ผู้ตรวจสอบต้องเป็นบุคคลอื่น');
    const id = officer.url().split('/').at(-1)!;
    const self = await officer.request.post(`/api/officer/service-requests/${id}/review`);
    expect(self.status()).toBe(403);
    expect((await self.json()).code).toBe('same_person');

    // Another reviewer signs it off: a reset link goes to the verified email on record (never a password).
    const reviewer = await officerPage(newPage, ['reviewer'], `/officer/service-requests/${id}`);
    await expect(reviewer.getByTestId('outcome')).toContainText('ดำเนินการตามคำร้องเรียบร้อยแล้ว');
    await reviewer.getByRole('button', { name: 'ได้ตรวจสอบความถูกต้องแล้ว' }).click();
    await reviewer.getByRole('dialog', { name: 'ยืนยันการตรวจสอบ' }).getByRole('button', { name: 'ยืนยัน' }).click();
    await expect(reviewer.getByText('ตรวจสอบแล้ว ระบบดำเนินการตามคำร้องและส่ง email แจ้งผลแล้ว')).toBeVisible();
    await expect(reviewer.getByTestId('status')).toHaveText('เสร็จสิ้น');

    const mail = await waitForMail((m) => m.to.includes(a.email) && m.subject === `ผลการดำเนินการตามคำร้องขอใช้บริการ Soft Token เลขที่ ${tracking}`);
    expect(mail.text).toContain('ดำเนินการตามคำร้องเรียบร้อยแล้ว');
    expect(mail.text).not.toContain('รหัสผ่านชั่วคราว');
    const link = await waitForMail((m) => m.to.includes(a.email) && m.subject === `ตั้งรหัสผ่านใหม่ - ชื่อผู้ใช้งาน ${a.username}`);
    const url = /(http\S+\/password\/reset#\S+)/.exec(link.text)![1]!;
    expect(url.startsWith(`${E2E.origin}/password/reset#`)).toBe(true);

    // The requester sees the outcome.
    await page.getByRole('button', { name: 'ตรวจสอบสถานะ' }).click();
    await expect(page.locator('.sr-status .badge')).toHaveText('ดำเนินการเสร็จสิ้น');
    await expect(page.getByTestId('outcome')).toContainText('ดำเนินการตามคำร้องเรียบร้อยแล้ว');

    // The link: whose password, the rules, the old password refused, then the new one set.
    const NEW = 'Kr8#reset-Longan';
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ตั้งรหัสผ่านใหม่');
    await expect(page.getByTestId('reset-for')).toContainText(a.username);
    expect(new URL(page.url()).hash).toBe('');
    await page.getByLabel('รหัสผ่านใหม่', { exact: true }).fill(a.initialPassword);
    await page.getByLabel('ยืนยันรหัสผ่าน', { exact: true }).fill(a.initialPassword);
    await page.getByRole('button', { name: 'ตั้งรหัสผ่านใหม่', exact: true }).click();
    // The initial password has no special character: the page flags the unmet rule before sending anything (issue #16).
    await expect(page.getByLabel('รหัสผ่านใหม่', { exact: true })).toHaveAccessibleDescription(/ยังไม่ผ่านข้อกำหนด: .*อักขระพิเศษ/);
    await page.getByLabel('รหัสผ่านใหม่', { exact: true }).fill(NEW);
    await page.getByLabel('ยืนยันรหัสผ่าน', { exact: true }).fill(NEW);
    await page.getByRole('button', { name: 'ตั้งรหัสผ่านใหม่', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว' })).toBeVisible();
    await page.getByRole('button', { name: 'ไปหน้าเข้าสู่ระบบ' }).click();
    await expect(page).toHaveURL(`${E2E.origin}/`);

    // The old password is gone; the new one, approved on the phone, reaches the portal.
    expect((await page.request.post('/api/auth/login', { data: { username: a.username, password: a.initialPassword } })).status()).toBe(401);
    const login = await (await page.request.post('/api/auth/login', { data: { username: a.username, password: NEW } })).json();
    expect(login.next).toBe('approve');
    await approveOnPhone(a, login.requestId, login.picture);
    const done = await (await page.request.post(`/api/login-requests/${login.requestId}/complete`)).json();
    expect(done.next).toBe('portal');

    // Single use: the same link again says so.
    await page.goto(url);
    await expect(page.getByTestId('reset-invalid')).toContainText('ลิงก์ตั้งรหัสผ่านใหม่นี้หมดอายุหรือถูกใช้งานแล้ว');
    await a.device.dispose();
  });

  test('should refuse a request with invalid fields, say why under each, keep what was typed and store nothing', async ({ page }) => {
    const officer = await officerApi(['officer']);
    const count = async () => (await (await officer.get('/api/officer/service-requests?status=all')).json()).total as number;
    const before = await count();
    const posts: string[] = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/service-requests')) posts.push(r.url()); });

    await page.goto('/service-request');
    await fillRequester(page, { username: 'A03004000041001', nationalId: '1101400123452', email: 'somchai@example.go.th' });
    await page.getByLabel('เบอร์โทรศัพท์มือถือ').fill('08-1234');
    await page.getByRole('button', { name: 'บันทึกคำร้อง' }).click();

    // Checked in the browser: nothing was sent.
    await expect(page.getByText('ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบและแก้ไขในช่องที่แสดงข้อความ')).toBeVisible();
    await expect(page.getByLabel('เลขประจำตัวประชาชน')).toHaveAccessibleDescription(/เลขประจำตัวประชาชนไม่ถูกต้อง \(เลขตรวจสอบไม่ตรง\)/);
    await expect(page.getByLabel('เลขประจำตัวประชาชน')).toBeFocused();
    await expect(page.getByLabel('เบอร์โทรศัพท์มือถือ')).toHaveAccessibleDescription(/หมายเลขโทรศัพท์มือถือต้องเป็นตัวเลข 10 หลัก/);
    await expect(page.getByLabel('รหัสผู้ใช้งาน (15 หลัก)')).toHaveAccessibleDescription(/รหัสผู้ใช้งานไม่ตรงกับรหัสหน่วยเบิกจ่าย/);
    await expect(page.locator('#purpose-error')).toHaveText('กรุณากรอกข้อมูล');
    expect(posts).toHaveLength(0);

    // Corrected, except what only the server knows: its answer shows under the field, and the typing stays.
    const good = await createApprovedRegistration();
    await page.getByLabel('เลขประจำตัวประชาชน').fill(good.nationalId);
    await page.getByLabel('เบอร์โทรศัพท์มือถือ').fill('0811234567');
    await page.getByLabel('รหัสผู้ใช้งาน (15 หลัก)').fill(good.username);
    await page.getByRole('radio', { name: 'เปลี่ยน email ที่ลงทะเบียนไว้' }).check();
    await page.getByLabel('email ใหม่').fill('somchai..new@example.go.th');
    await page.getByRole('button', { name: 'บันทึกคำร้อง' }).click();
    await expect(page.getByLabel('email ใหม่')).toHaveAccessibleDescription(/รูปแบบอีเมลไม่ถูกต้อง/);
    await expect(page.getByLabel('email ใหม่')).toBeFocused();
    expect(posts).toHaveLength(1);
    await expect(page).toHaveURL(`${E2E.origin}/service-request`);
    await expect(page.getByLabel('ชื่อ - นามสกุล')).toHaveValue('นายทดสอบ ระบบ');
    await expect(page.getByLabel('email ใหม่')).toHaveValue('somchai..new@example.go.th');
    await expect(page.getByRole('radio', { name: 'เปลี่ยน email ที่ลงทะเบียนไว้' })).toBeChecked();
    expect(await count()).toBe(before);
    await officer.dispose();
  });

  test('should revoke a lost phone’s token and the password, so that the user resets it, proves again and activates on a new phone', async ({ page, playwright, newPage }) => {
    test.setTimeout(60_000);
    const a = await activatedAccount(playwright);
    const trackingNumber = await fileRequest(page.request, a, 'lost_phone');
    await scanProcessReview(playwright, trackingNumber);
    const mail = await waitForMail((m) => m.to.includes(a.email) && m.subject.endsWith(trackingNumber));
    expect(mail.text).toContain('Soft Token เดิมถูกยกเลิกแล้ว');
    expect((await a.device.get('/api/device')).status()).toBe(401);

    // Whoever has the phone may know the password: it stopped too. The holder resets it from the
    // link sent to the verified email.
    expect((await page.request.post('/api/auth/login', { data: { username: a.username, password: a.initialPassword } })).status()).toBe(401);
    const reset = await waitForMail((m) => m.to.includes(a.email) && m.subject === `ตั้งรหัสผ่านใหม่ - ชื่อผู้ใช้งาน ${a.username}`);
    const NEW = 'Kr8#lost-Durian';
    await page.goto(/(http\S+\/password\/reset#\S+)/.exec(reset.text)![1]!);
    await page.getByLabel('รหัสผ่านใหม่', { exact: true }).fill(NEW);
    await page.getByLabel('ยืนยันรหัสผ่าน', { exact: true }).fill(NEW);
    await page.getByRole('button', { name: 'ตั้งรหัสผ่านใหม่', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว' })).toBeVisible();

    // The user logs in and is back at step 2: proving the same national ID again opens step 5.
    await page.goto('/');
    await page.getByLabel('รหัสผู้ใช้งาน', { exact: true }).fill(a.username);
    await page.getByLabel('รหัสผ่าน', { exact: true }).fill(NEW);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(page).toHaveURL(`${E2E.origin}/register`);
    await expect(page.getByTestId('reproofing-note')).toBeVisible();
    await expect(page.locator('.steps > li').nth(1)).toContainText('เริ่มดำเนินการ');
    await page.locator('.steps > li').nth(1).getByRole('link').click();
    const proofLink = await page.locator('a.proofing-link').getAttribute('href');
    const proofPhone = await newPage({ ...devices['Pixel 7'], locale: 'th-TH' });
    await proofPhone.goto(proofLink!);
    await proofPhone.getByRole('button', { name: 'ยืนยัน ดำเนินการต่อ' }).click();
    await proofPhone.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill(a.nationalId);
    await proofPhone.getByRole('button', { name: 'ดำเนินการต่อ' }).click();
    await proofPhone.getByRole('button', { name: 'ยินยอม', exact: true }).click();
    await expect(proofPhone).toHaveURL(`${E2E.origin}/p/result?status=done`);
    await expect(page.getByRole('heading', { name: 'ท่านได้ดำเนินการในขั้นตอนการพิสูจน์ตัวตนเสร็จสิ้นแล้ว' })).toBeVisible();
    await page.getByRole('link', { name: 'ไปขั้นตอนลงทะเบียน Soft Token' }).click();
    await expect(page).toHaveURL(`${E2E.origin}/register/activate`);
    await page.getByRole('button', { name: 'เริ่มดำเนินการ' }).click();
    await page.getByRole('dialog', { name: 'เริ่มการ Activate Soft Token' }).getByRole('button', { name: 'ตกลง' }).click();
    const typed = (await page.getByTestId('typed-code').textContent())!;

    // The new phone: a platform authenticator (CDP virtual), the code typed in the app.
    const phone = await newPage(devices['Pixel 7']);
    const cdp = await phone.context().newCDPSession(phone);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await phone.goto('/app/activate?via=type');
    await phone.getByLabel('รหัส Activate (8 ตัวอักษร)').fill(typed);
    await phone.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(phone.getByRole('heading', { name: 'Soft Token พร้อมใช้งาน' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ท่าน Activate Soft Token เสร็จสิ้นแล้ว', { timeout: 15_000 });
    await a.device.dispose();
  });

  test('should release the old holder and hand the reviewer a sealed slip for the new holder, who logs in and registers', async ({ page, playwright }) => {
    const a = await activatedAccount(playwright);
    const newHolder = `new.holder.${Date.now()}@example.go.th`;
    await page.goto('/service-request');
    await fillRequester(page, a);
    await page.getByRole('radio', { name: 'เปลี่ยนผู้ใช้งาน เนื่องจากผู้ใช้งานเดิม' }).check();
    await page.getByRole('radio', { name: 'ลาออก' }).check();
    await page.getByLabel('email รับรหัสผ่านใหม่').fill(newHolder);
    const tracking = await saveForm(page);
    const { slip } = await scanProcessReview(playwright, tracking);

    // The typed address is not verified: the initial password is the reviewer's sealed slip, never a mail.
    expect(slip).toMatchObject({ username: a.username });
    const password = slip!.initialPassword;
    await waitForMail((m) => m.to.includes(a.email) && m.subject.endsWith(tracking) && m.text.includes('ผู้ใช้งานเดิมถูกยกเลิกสิทธิแล้ว'));
    const sent = await (await fetch(`http://127.0.0.1:${E2E.mailPort}/messages.json`)).json() as Mail[];
    expect(sent.filter((m) => m.to.includes(newHolder))).toEqual([]);
    expect((await a.device.get('/api/device')).status()).toBe(401);

    // The new holder logs in with the slip's password and starts registering from step 1.
    await page.goto('/');
    await page.getByLabel('รหัสผู้ใช้งาน', { exact: true }).fill(a.username);
    await page.getByLabel('รหัสผ่าน', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(page).toHaveURL(`${E2E.origin}/register`);
    await expect(page.locator('.steps > li').nth(0)).toContainText('เริ่มลงทะเบียน');
    await a.device.dispose();
  });

  test('should change the registered email once the new one is verified from its link', async ({ page, playwright }) => {
    const a = await activatedAccount(playwright);
    const newEmail = `new.email.${Date.now()}@example.go.th`;
    await page.goto('/service-request');
    await fillRequester(page, a);
    await page.getByRole('radio', { name: 'เปลี่ยน email ที่ลงทะเบียนไว้' }).check();
    await page.getByLabel('email ใหม่').fill(newEmail);
    const tracking = await saveForm(page);
    await scanProcessReview(playwright, tracking);

    const outcome = await waitForMail((m) => m.to.includes(a.email) && m.subject.endsWith(tracking));
    expect(outcome.text).toContain(`กรุณายืนยันอีเมลใหม่ ${newEmail}`);
    const link = await waitForMail((m) => m.to.includes(newEmail));
    const url = /(http\S+\/verify-email#\S+)/.exec(link.text)![1]!;
    expect(url.startsWith(`${E2E.origin}/verify-email#`)).toBe(true);

    // Whoever opens the link must first be the holder, signed in with the phone's approval.
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ยืนยัน email ใหม่');
    await expect(page.getByTestId('verify-failed-reason')).toContainText('กรุณาเข้าสู่ระบบด้วยชื่อผู้ใช้งานนี้และอนุมัติบนโทรศัพท์มือถือก่อน');
    await signInAsHolder(page, a);

    await page.goto('/'); // a fresh load, as from the email (same page, a new fragment would not reload)
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ยืนยัน email ใหม่');
    await expect(page.getByText('ยืนยัน email ใหม่เรียบร้อยแล้ว')).toBeVisible();
    await expect(page.getByTestId('verified-email')).toContainText(newEmail);
    expect(new URL(page.url()).hash).toBe('');

    // Single use: the same link again (a fresh load, as from the email) says so.
    await page.goto('/');
    await page.goto(url);
    await expect(page.getByText('ลิงก์นี้หมดอายุหรือถูกใช้งานแล้ว', { exact: false })).toBeVisible();
    await a.device.dispose();
  });
});

test.describe('the service-request form', () => {
  test('should say it cannot send the request yet when the browser is offline, keep the typing and send it once back online', async ({ page, context }) => {
    const a = await createApprovedRegistration();
    const posts: string[] = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/service-requests')) posts.push(r.url()); });
    await page.goto('/service-request');
    await fillRequester(page, a);
    await page.getByRole('radio', { name: 'มือถือหาย' }).check();
    const offline = page.getByTestId('offline');
    await expect(offline).toBeHidden();

    await context.setOffline(true);
    await expect(offline).toContainText('ขณะนี้ไม่ได้เชื่อมต่ออินเทอร์เน็ต จึงยังส่งคำร้องไม่ได้');
    await page.getByRole('button', { name: 'บันทึกคำร้อง' }).click();
    await expect(offline).toContainText('ข้อมูลที่กรอกไว้ยังอยู่ครบ');
    expect(posts).toEqual([]);
    await expect(page).toHaveURL(`${E2E.origin}/service-request`);
    await expect(page.getByLabel('ชื่อ - นามสกุล')).toHaveValue('นายทดสอบ ระบบ');
    await expect(page.getByRole('radio', { name: 'มือถือหาย' })).toBeChecked();

    await context.setOffline(false);
    await expect(offline).toBeHidden();
    const tracking = await saveForm(page);
    await expect(page.getByText('บันทึกคำร้องเรียบร้อยแล้ว')).toBeVisible();
    expect(tracking).toMatch(/^SR-/);
  });

  test('should show the error summary and the field errors already on screen in English when the language is switched', async ({ page }) => {
    await page.goto('/service-request');
    await page.getByLabel('เบอร์โทรศัพท์มือถือ').fill('08-1234');
    await page.getByRole('button', { name: 'บันทึกคำร้อง' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบและแก้ไขในช่องที่แสดงข้อความ' })).toBeVisible();
    await expect(page.getByLabel('ชื่อ - นามสกุล')).toHaveAccessibleDescription(/กรุณากรอกข้อมูล$/);

    await switchLanguage(page, 'en');
    await expect(page.getByRole('alert').filter({ hasText: 'Some information is not valid. Please correct the fields with a message.' })).toBeVisible();
    await expect(page.getByText('ข้อมูลไม่ถูกต้อง', { exact: false })).toHaveCount(0);
    await expect(page.getByLabel('Full name')).toHaveAccessibleDescription(/This field is required\.$/);
    await expect(page.getByLabel('Mobile number')).toHaveAccessibleDescription(/The mobile number must be 10 digits\./);
    await expect(page.locator('#purpose-error')).toHaveText('This field is required.');
  });

  test('should take the error banner away when the fields it points to are fixed', async ({ page }) => {
    const a = await createApprovedRegistration();
    await page.goto('/service-request');
    await fillRequester(page, a);
    await page.getByLabel('เบอร์โทรศัพท์มือถือ').fill('08-1234');
    await page.getByRole('button', { name: 'บันทึกคำร้อง' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบและแก้ไขในช่องที่แสดงข้อความ' });
    await expect(banner).toBeVisible();

    // One of two fields fixed: the banner stays while another still shows an error.
    await page.getByLabel('เบอร์โทรศัพท์มือถือ').fill('0811234567');
    await expect(page.getByLabel('เบอร์โทรศัพท์มือถือ')).not.toHaveAccessibleDescription(/หมายเลขโทรศัพท์มือถือต้องเป็นตัวเลข 10 หลัก/);
    await expect(banner).toBeVisible();
    await page.getByRole('radio', { name: 'มือถือหาย' }).check();
    await expect(page.locator('#purpose-error')).toHaveCount(0);
    await expect(banner).toHaveCount(0);
  });
});
