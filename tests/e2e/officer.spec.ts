/**
 * The officer console as officers use it: sign in, see what waits, review registrations
 * (proof beside entry, the PDF in the page), approve and reject with a reason; the people
 * get their emails and their trackers move. Accounts come from a CSV file as sealed slips,
 * all or nothing.
 */
import { maskNationalId } from '../../db/sealing.ts';
import { E2E } from './env.ts';
import { createAccount, expect, test, waitForMail } from './fixtures.ts';
import { formatDayBe } from '../../web/lib/thai-date.ts';
import { officerOnPage } from './officer-sign-in.ts';
import { PERSONAL, submitRegistration } from './pending-registration.ts';

/** Thai text in Windows-874 (TIS-620): U+0E01…U+0E5B are the bytes 0xA1…0xFB. */
function windows874(text: string): Buffer {
  return Buffer.from([...text].map((ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) return cp;
    if (cp >= 0x0e01 && cp <= 0x0e5b) return cp - 0x0e01 + 0xa1;
    throw new Error(`not in Windows-874: ${ch}`);
  }));
}

test.describe('registration approval', () => {
  test('should approve one registration and reject another with a reason, and the people should hear of it', async ({ page, playwright }) => {
    const approveMe = await submitRegistration(playwright, await createAccount());
    const moved = { ...PERSONAL, address: { ...PERSONAL.address, line1: '99 ถนนสุขุมวิท' } };
    const rejectMe = await submitRegistration(playwright, await createAccount(), { personal: moved });
    await officerOnPage(page, { roles: ['officer'] }, '/officer/registrations');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('อนุมัติการลงทะเบียน');

    // Approve the first.
    const first = page.getByRole('row').filter({ hasText: approveMe.username });
    // Lists show the national ID masked (PDPA).
    await expect(first).toContainText(maskNationalId(approveMe.nationalId));
    await expect(first).not.toContainText(approveMe.nationalId);
    await expect(first).toContainText('รออนุมัติ');
    const pdf = page.waitForResponse((r) => r.url().endsWith(`/api/officer/registrations/${approveMe.registrationId}/document`));
    await first.getByRole('link', { name: /ตรวจสอบ/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ตรวจสอบการลงทะเบียน');
    const document = await pdf;
    expect(document.status()).toBe(200);
    expect(document.headers()['content-type']).toBe('application/pdf');
    await expect(page.locator('iframe.pdf')).toHaveAttribute('title', 'คำสั่งแต่งตั้ง: order.pdf');
    await expect(page.getByText('ข้อมูลที่กรอกตรงกับข้อมูลจากการพิสูจน์ตัวตนทั้งหมด')).toBeVisible();
    // Masked on the review too; "แสดง" shows the full number in place (the server records the look), "ซ่อน" masks it again.
    const idRow = page.locator('tr[data-field="nationalId"]');
    await expect(idRow).toContainText(maskNationalId(approveMe.nationalId));
    await expect(idRow).not.toContainText(approveMe.nationalId);
    await idRow.getByRole('button', { name: 'แสดง', exact: true }).click();
    await expect(idRow).toContainText(approveMe.nationalId);
    await idRow.getByRole('button', { name: 'ซ่อน', exact: true }).click();
    await expect(idRow).not.toContainText(approveMe.nationalId);
    // Approving asks for no reason: nothing on the page or in the dialog is marked required.
    await expect(page.getByLabel('เหตุผลการปฏิเสธ')).toHaveCount(0);
    await page.getByRole('button', { name: 'อนุมัติการลงทะเบียน' }).click();
    const approveDialog = page.getByRole('dialog', { name: 'ยืนยันการอนุมัติ' });
    await expect(approveDialog).toContainText(approveMe.username);
    await expect(approveDialog.getByRole('textbox')).toHaveCount(0);
    await expect(page.locator('[required], [aria-required="true"]')).toHaveCount(0);
    await approveDialog.getByRole('button', { name: 'ยืนยัน' }).click();
    await expect(page.getByText('อนุมัติการลงทะเบียนเรียบร้อยแล้ว ระบบส่งอีเมลแจ้งผู้ลงทะเบียนแล้ว')).toBeVisible();
    await expect(page.getByText(/พิจารณาโดย เจ้าหน้าที่ทดสอบ/)).toBeVisible();
    // The result on screen follows a language switch.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByText('The registration is approved; the person has been emailed.')).toBeVisible();
    await expect(page.getByText('อนุมัติการลงทะเบียนเรียบร้อยแล้ว', { exact: false })).toHaveCount(0);
    await page.getByRole('button', { name: 'ไทย' }).click();

    const approvedMail = await waitForMail((m) => m.to.includes(approveMe.email) && m.subject.startsWith('ยืนยันสถานะการลงทะเบียน'));
    expect(approvedMail.subject).toBe(`ยืนยันสถานะการลงทะเบียน - ชื่อผู้ใช้งาน ${approveMe.username} ได้รับการอนุมัติข้อมูลลงทะเบียนเรียบร้อยแล้ว`);
    const approvedTracker = await (await approveMe.user.get('/api/registration')).json();
    expect(approvedTracker.steps).toEqual(['done', 'done', 'done', 'approved', 'start']);

    // Reject the second: the address differs from the proof, and a reason is required.
    await page.getByRole('link', { name: /กลับไปรายการรออนุมัติ/ }).click();
    await expect(page.getByRole('row').filter({ hasText: approveMe.username })).toHaveCount(0);
    await page.getByRole('row').filter({ hasText: rejectMe.username }).getByRole('link', { name: /ตรวจสอบ/ }).click();
    await expect(page.getByText('พบข้อมูลที่ไม่ตรงกัน 1 รายการ กรุณาตรวจสอบก่อนพิจารณา')).toBeVisible();
    await expect(page.locator('tr[data-field="address"]')).toContainText('ไม่ตรงกัน');
    // The reject dialog asks for the reason, required, and will not go on without one.
    await page.getByRole('button', { name: 'ปฏิเสธการลงทะเบียน' }).click();
    const rejectDialog = page.getByRole('dialog', { name: 'ยืนยันการปฏิเสธ' });
    const reasonBox = rejectDialog.getByLabel('เหตุผลการปฏิเสธ');
    await expect(reasonBox).toHaveAttribute('required', '');
    await rejectDialog.getByRole('button', { name: 'ยืนยัน' }).click();
    await expect(rejectDialog.getByText('กรุณาระบุเหตุผลการปฏิเสธ')).toBeVisible();
    await expect(reasonBox).toBeFocused();
    const reason = 'ที่อยู่ปัจจุบันไม่ตรงกับข้อมูลทะเบียนราษฎร กรุณาลงทะเบียนใหม่';
    await reasonBox.fill(reason);
    await rejectDialog.getByRole('button', { name: 'ยืนยัน' }).click();
    await expect(page.getByText('ปฏิเสธการลงทะเบียนเรียบร้อยแล้ว ระบบส่งอีเมลแจ้งเหตุผลแล้ว')).toBeVisible();
    await expect(page.getByText(`เหตุผล: ${reason}`)).toBeVisible();

    const rejectedMail = await waitForMail((m) => m.to.includes(rejectMe.email) && m.subject.startsWith('ปฏิเสธการลงทะเบียน'));
    expect(rejectedMail.text).toContain(reason);
    const rejectedTracker = await (await rejectMe.user.get('/api/registration')).json();
    expect(rejectedTracker.steps[0]).toBe('start');
    expect(rejectedTracker.rejectReason).toBe(reason);

    await approveMe.user.dispose();
    await rejectMe.user.dispose();
  });

  test('should show what waits as a chart and keep staff out of the console', async ({ page, playwright }) => {
    const waiting = await submitRegistration(playwright, await createAccount());
    await officerOnPage(page, { roles: ['officer'] });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ภาพรวมงานที่รอดำเนินการ');
    const chart = page.getByRole('img', { name: /การลงทะเบียนที่รออนุมัติ: จำนวนรายการตามระยะเวลาที่รอ/ });
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAccessibleName(/น้อยกว่า 1 วัน [1-9]\d* รายการ/);
    await page.getByText('ดูข้อมูลเป็นตาราง').click();
    await expect(page.getByRole('row', { name: /น้อยกว่า 1 วัน/ })).toBeVisible();
    await waiting.user.dispose();

    // A staff member who signs in here is turned away and not left signed in.
    await page.getByRole('button', { name: 'ออกจากระบบ' }).click();
    const staff = await createAccount();
    await expect(page).toHaveURL(/\/officer\/login/);
    await page.getByLabel('รหัสผู้ใช้งาน (Username)').fill(staff.username);
    await page.getByLabel('รหัสผ่าน (Password)').fill(staff.initialPassword);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('บัญชีนี้ไม่ใช่บัญชีเจ้าหน้าที่ กรุณาเข้าสู่ระบบด้วยบัญชีเจ้าหน้าที่');
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  });
});

test.describe('accounts from a CSV file', () => {
  test('should import nothing from a file with one bad row, then print slips for a good file', async ({ page, playwright }) => {
    await officerOnPage(page, { roles: ['officer', 'admin'] }, '/officer/accounts/import');
    const tag = `นำเข้า${Date.now()}`;

    const bad = `unit_code,display_name\n0300200000,${tag} หนึ่ง\n03002,${tag} สอง\n`;
    await page.getByLabel('ไฟล์ CSV').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'ตรวจสอบและนำเข้า' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'ไม่ได้นำเข้าบัญชีใด ๆ' })).toBeVisible();
    const problem = page.getByRole('table', { name: 'ข้อผิดพลาดในไฟล์' }).getByRole('row').nth(1);
    await expect(problem).toContainText('3');
    await expect(problem).toContainText('unit_code');
    await expect(problem).toContainText('รหัสหน่วยเบิกจ่ายต้องเป็นตัวเลข 10 หลัก');
    const none = await (await page.request.get(`/api/officer/accounts?q=${encodeURIComponent(tag)}`)).json();
    expect(none.total).toBe(0);

    // Excel on Thai Windows saves CSV as Windows-874, not UTF-8: the page reads either.
    const good = windows874(`unit_code,display_name,legacy_token\r\n0300200000,${tag} หนึ่ง,\r\n0300400004,"${tag}, สอง",no\r\n0300500000,${tag} Token Key,yes\r\n`);
    await page.getByLabel('ไฟล์ CSV').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: good });
    await page.getByRole('button', { name: 'ตรวจสอบและนำเข้า' }).click();
    await expect(page).toHaveURL(`${E2E.origin}/officer/accounts/slips`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('ซองรหัสผ่านเริ่มต้น');
    const slips = page.locator('article.slip');
    await expect(slips).toHaveCount(2);
    await expect(slips.nth(1)).toContainText(`${tag}, สอง`);
    await expect(page.getByText(/บัญชีผู้ใช้งาน Token Key ที่สร้าง/)).toBeVisible();
    const username = (await slips.first().getByTestId('slip-username').textContent())!;
    const password = (await slips.first().getByTestId('slip-password').textContent())!;
    expect(username).toMatch(/^A0300200000\d{4}$/);

    // The slip works: the person logs in with it and lands on the registration tracker.
    const person = await playwright.request.newContext({ baseURL: E2E.origin, extraHTTPHeaders: { origin: E2E.origin } });
    expect(await (await person.post('/api/auth/login', { data: { username, password } })).json()).toEqual({ next: 'tracker' });
    await person.dispose();

    // The print layout hides the console and keeps the slips whole.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.officer-nav')).toBeHidden();
    await expect(page.locator('.site-header')).toBeHidden();
    await expect(slips.first()).toBeVisible();
    await page.emulateMedia({ media: 'screen' });

    // Shown once: after leaving the page, the passwords are gone for good.
    await page.getByRole('button', { name: 'พิมพ์แล้ว เสร็จสิ้น' }).click();
    await expect(page).toHaveURL(`${E2E.origin}/officer/accounts`);
    await page.goBack();
    await expect(page.getByText(/ไม่มีซองรหัสผ่านที่จะแสดง/)).toBeVisible();
    await expect(page.getByText(password)).toHaveCount(0);
    const listed = await (await page.request.get(`/api/officer/accounts?q=${encodeURIComponent(tag)}`)).json();
    expect(listed.total).toBe(3);
    expect(JSON.stringify(listed)).not.toContain(password);
  });
});

test.describe('legacy step 0', () => {
  test('should issue a Token Key user the soft-token initial password once and log the visit out', async ({ page, playwright }) => {
    await officerOnPage(page, { roles: ['officer', 'admin'] }, '/officer/accounts/new');
    await page.getByLabel('หน่วยเบิกจ่าย').selectOption('0300400004');
    await page.getByLabel('ชื่อผู้ใช้งาน / บันทึก').fill('นายโทเคน ผู้ใช้เดิม');
    await page.getByLabel(/ผู้ใช้งานอุปกรณ์ GFMIS Token Key/).check();
    await page.getByRole('button', { name: 'สร้างบัญชีและออกรหัสผ่านเริ่มต้น' }).click();
    await page.getByRole('link', { name: 'ไปที่ขั้นตอนที่ 0' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ข้อมูลส่วนตัว');
    await expect(page.getByRole('link', { name: 'ข้อมูลส่วนตัว' })).toHaveAttribute('aria-current', 'page');
    await page.getByRole('button', { name: 'ขอรหัสผ่านเริ่มต้นของ Soft Token' }).click();
    const username = (await page.getByTestId('legacy-username').textContent())!;
    const password = (await page.getByTestId('legacy-password').textContent())!;
    expect(username).toMatch(/^A0300400004\d{4}$/);
    await expect(page.getByText(/ข้อแนะนำ : ผู้ลงทะเบียนควรคัดลอก/)).toBeVisible();
    await page.getByRole('button', { name: 'กดเพื่อยืนยันและทำการ logout' }).click();
    await expect(page.getByText(`ดำเนินการขั้นตอนที่ 0 ของ ${username} เสร็จสิ้นและออกจากระบบแล้ว`, { exact: false })).toBeVisible();

    const person = await playwright.request.newContext({ baseURL: E2E.origin, extraHTTPHeaders: { origin: E2E.origin } });
    expect(await (await person.post('/api/auth/login', { data: { username, password } })).json()).toEqual({ next: 'tracker' });
    await person.dispose();
  });
});

test.describe('connected systems', () => {
  test('should let an admin register an OpenID Connect client and show its secret only once', async ({ page }) => {
    await officerOnPage(page, { roles: ['officer', 'admin'] }, '/officer');
    await page.getByRole('navigation', { name: 'เมนูเจ้าหน้าที่' }).getByRole('link', { name: 'ระบบที่เชื่อมต่อ' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ระบบที่เชื่อมต่อ (OpenID Connect)');

    const name = `ระบบทดสอบ ${Date.now()}`;
    await page.getByRole('button', { name: 'ลงทะเบียนระบบใหม่' }).click();
    await page.getByLabel('ชื่อระบบ', { exact: true }).fill(name);
    await page.getByLabel('Redirect URI (บรรทัดละ 1 URL)').fill('http://rp.example.go.th/cb');
    await page.getByRole('button', { name: 'ลงทะเบียน', exact: true }).click();
    // Plain http to a real host is refused, in the field's own words.
    await expect(page.getByText('URL ต้องขึ้นต้นด้วย https://')).toBeVisible();
    await page.getByLabel('Redirect URI (บรรทัดละ 1 URL)').fill('https://rp.example.go.th/cb\nhttps://rp.example.go.th/cb2');
    await page.getByLabel(/first-party/).check();
    await page.getByRole('button', { name: 'ลงทะเบียน', exact: true }).click();

    const box = page.getByTestId('client-secret-box');
    await expect(box).toContainText('แสดงเพียงครั้งเดียว');
    const clientId = (await box.getByTestId('client-id').textContent())!;
    const secret = (await box.getByTestId('client-secret').textContent())!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(box.getByRole('button', { name: 'คัดลอก client_secret' })).toBeVisible();
    const row = page.locator(`tr[data-client-id="${clientId}"]`);
    await expect(row).toContainText(name);
    await expect(row).toContainText('https://rp.example.go.th/cb2');
    await expect(row).toContainText('ใช้งาน');
    await expect(row).not.toContainText(secret);

    await box.getByRole('button', { name: 'คัดลอกแล้ว ปิด' }).click();
    await expect(page.getByText(secret)).toHaveCount(0);
    await page.reload();
    await expect(page.locator(`tr[data-client-id="${clientId}"]`)).toContainText(name);
    await expect(page.getByText(secret)).toHaveCount(0);
  });
});

test.describe('audit log', () => {
  test('should show every action in words, never its code, when an officer reads the log', async ({ page }) => {
    await officerOnPage(page, { roles: ['officer'] }, '/officer/audit');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('บันทึกการใช้งาน');
    const rows = page.locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    // The action column and the action filter: words in Thai, then in English.
    for (const lang of ['ไทย', 'English']) {
      await page.getByRole('button', { name: lang, exact: true }).click();
      const shown = [
        ...(await page.locator('tbody tr td:nth-child(3)').allTextContents()),
        ...(await page.locator('select#action option').allTextContents()),
      ];
      expect(shown.length).toBeGreaterThan(5);
      expect(shown.filter((text) => /\b[a-z_]+\.[a-z_.]+\b/.test(text))).toEqual([]);
    }
    await expect(page.locator('tr[data-action="officer.passkey.sign_in"]').first()).toContainText('An officer signed in with a passkey');
  });

  test('should show and take the days of its filter as dd/mm/พ.ศ. when an officer narrows the log', async ({ page }) => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date());
    const todayBe = formatDayBe(today);
    await officerOnPage(page, { roles: ['officer'] }, '/officer/audit');
    const from = page.getByLabel('ตั้งแต่วันที่');
    await expect(from).toHaveAccessibleDescription(/วว\/ดด\/ปปปป \(พ\.ศ\.\)/);

    // A Christian-era year is refused in words, and nothing is searched.
    await from.fill(`${todayBe.slice(0, 6)}${Number(today.slice(0, 4))}`);
    await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await expect(page.getByText('กรุณากรอกวันที่เป็น วว/ดด/ปปปป ปีพุทธศักราช', { exact: false })).toBeVisible();
    await expect(from).toBeFocused();
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();

    // Today in the Buddhist era: the address keeps the day, the field shows it as typed, today's events are listed.
    await from.fill(todayBe);
    await page.getByLabel('ถึงวันที่').fill(todayBe);
    await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}|to=${today}.*from=${today}`));
    await expect(page.locator('tr[data-action="officer.passkey.sign_in"]').first()).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('ตั้งแต่วันที่')).toHaveValue(todayBe);
  });
});
