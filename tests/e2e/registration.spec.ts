/**
 * Registration as a person does it (R-3.x): log in with fresh initial credentials, step 1
 * with a real PDF, step 2 with a second browser playing the phone at the local identity
 * provider while the desktop updates by itself, step 3 with the emailed code and the
 * address lists, submission; the tracker keeps its state across logout and login.
 */
import { devices, type Page } from '@playwright/test';
import { PDFDocument } from 'pdf-lib';
import { withCheckDigit } from '../../api/domain/identifiers.ts';
import { E2E } from './env.ts';
import { createAccount, expect, test, waitForMail, watchForBreakage } from './fixtures.ts';

/** A valid national ID no other test run uses (the local provider accepts any valid one). */
function uniqueNationalId(): string {
  const digits = `${Date.now()}${Math.floor(Math.random() * 1000)}`.slice(-11);
  return withCheckDigit(`3${digits}`);
}

async function makePdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText('Appointment order');
  return Buffer.from(await pdf.save());
}

async function logIn(page: Page, username: string, password: string) {
  await page.goto('/');
  await page.getByLabel('รหัสผู้ใช้งาน').fill(username);
  await page.getByLabel('รหัสผ่าน', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
  await expect(page).toHaveURL(`${E2E.origin}/register`);
  await expect(page.getByRole('heading', { name: 'โปรดดำเนินการตามขั้นตอน ดังนี้' })).toBeVisible();
}

/** A government form reads top to bottom: nothing may stick out sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, 'page wider than the window').toBeLessThanOrEqual(client);
}

/** The tracker's five rows as "name: state" (state = the button or badge text). */
async function trackerRows(page: Page): Promise<string[]> {
  const rows = page.locator('.steps > li');
  await expect(rows).toHaveCount(5);
  return rows.evaluateAll((items) =>
    items.map((li) => `${li.querySelector('.step-name')?.textContent?.trim()}: ${li.querySelector('.step-action')?.textContent?.trim()}`),
  );
}

test.describe('registration', () => {
  test('should take a new user from initial credentials to waiting for approval, with the phone proving the identity', async ({ page, browser, breakage }) => {
    const { username, initialPassword } = await createAccount();
    const nationalId = uniqueNationalId();
    // Letters only around the digits: the mail quotes the address, and the code is the only 6-digit number.
    const email = `e2e.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@example.go.th`;

    // Log in: the tracker, step 1 open, the rest blocked.
    await logIn(page, username, initialPassword);
    await expect(page.getByText(`Userid : ${username}`)).toBeVisible();
    expect(await trackerRows(page)).toEqual([
      'ลงทะเบียน: เริ่มลงทะเบียน',
      'พิสูจน์ตัวตนผ่านแอปพลิเคชัน เป๋าตัง: โปรดดำเนินการตามขั้นตอนให้ครบถ้วนก่อน',
      'ตรวจสอบและยืนยันข้อมูล: โปรดดำเนินการตามขั้นตอนให้ครบถ้วนก่อน',
      'รออนุมัติลงทะเบียน: โปรดดำเนินการตามขั้นตอนให้ครบถ้วนก่อน',
      'ลงทะเบียน Soft Token: โปรดดำเนินการตามขั้นตอนให้ครบถ้วนก่อน',
    ]);

    // Step 1: unit, national ID, the appointment PDF, consent.
    await page.getByRole('link', { name: 'เริ่มลงทะเบียน' }).click();
    const unit = page.locator('.unit-summary');
    await expect(unit.getByText('0300200000', { exact: true })).toBeVisible();
    await expect(unit.getByText('กระทรวง / ส่วนราชการ(กรมหรือเทียบเท่า) / หน่วยงาน')).toBeVisible();
    await expect(unit.getByText(/^กระทรวงการคลัง \//)).toBeVisible();
    await page.getByLabel('เลขประจำตัวประชาชนของผู้ลงทะเบียน').fill(nationalId);
    await page.getByLabel('อัปโหลดไฟล์ PDF').setInputFiles({ name: 'appointment.pdf', mimeType: 'application/pdf', buffer: await makePdf() });
    await expect(page.getByText(/ไฟล์ที่เลือก: appointment\.pdf/)).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expect(page.locator('.consent li')).toHaveCount(4);
    await page.getByLabel('ข้าพเจ้ายอมรับ และได้อ่านข้อความในข้อตกลงและเงื่อนไขนี้เข้าใจโดยละเอียดแล้ว').check();
    await page.getByRole('button', { name: 'ยืนยันการลงทะเบียน' }).click();

    // Step 2 on the desktop: the QR and its link.
    await expect(page.getByRole('heading', { name: 'เริ่มการพิสูจน์ตัวตน' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'QR Code สำหรับพิสูจน์ตัวตนด้วยโทรศัพท์มือถือ' })).toBeVisible();
    await expect(page.getByText('รอการสแกน QR Code จากโทรศัพท์มือถือ')).toBeVisible();
    const link = await page.locator('a.proofing-link').getAttribute('href');
    expect(link).toMatch(new RegExp(`^${E2E.origin}/p/[A-Za-z0-9_-]{16,}$`));

    // The phone: a separate browser opens the link, checks whose proof it is, confirms.
    const phoneContext = await browser.newContext({ ...devices['Pixel 7'], locale: 'th-TH' });
    watchForBreakage(phoneContext, breakage);
    try {
      const phone = await phoneContext.newPage();
      await phone.goto(link!);
      await expect(phone.getByRole('heading', { name: 'ยืนยันการพิสูจน์ตัวตน' })).toBeVisible();
      await expect(phone.getByText(username)).toBeVisible();
      await expectNoSidewaysScroll(phone);
      await expect(phone.getByText(/^Chrome \d+ บน \w+$/)).toBeVisible();
      await expect(phone.getByText(/\d{1,2} \S+ 25\d\d เวลา \d\d:\d\d น\./)).toBeVisible();
      await phone.getByRole('button', { name: 'ยืนยัน ดำเนินการต่อ' }).click();

      // The desktop sees the phone's confirmation by itself.
      await expect(page.getByText('โทรศัพท์มือถือยืนยันรายการแล้ว กรุณาดำเนินการต่อบนโทรศัพท์มือถือ')).toBeVisible();

      // At the local identity provider: sign in as the person of step 1, consent.
      await phone.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill(nationalId);
      await phone.getByRole('button', { name: 'ดำเนินการต่อ' }).click();
      await phone.getByRole('button', { name: 'ยินยอม', exact: true }).click();
      await expect(phone).toHaveURL(`${E2E.origin}/p/result?status=done`);
      await expect(phone.getByRole('heading', { name: 'ดำเนินการยืนยันตัวตนสำเร็จ' })).toBeVisible();
      await expect(phone.getByText('กลับไปที่หน้าจอคอมพิวเตอร์')).toBeVisible();
    } finally {
      await phoneContext.close();
    }

    // The desktop updated live: no reload, no button.
    await expect(page.getByRole('heading', { name: 'ท่านได้ดำเนินการในขั้นตอนการพิสูจน์ตัวตนเสร็จสิ้นแล้ว' })).toBeVisible();
    await page.getByRole('link', { name: 'ไปขั้นตอนตรวจสอบข้อมูลและยืนยันข้อมูล' }).click();

    // Step 3, part 1: the proven data as a read-only list, birth year in the Buddhist era.
    await expect(page.getByRole('group', { name: 'ส่วนที่ 1: ประวัติส่วนตัว' })).toBeVisible();
    const proven = page.locator('.proven');
    expect(await proven.locator('dt, dd').allTextContents()).toEqual([
      'เลขประจำตัวประชาชน', nationalId,
      'ชื่อ - นามสกุล', `นาย ทดสอบ ระบบ${nationalId.slice(-4)}`,
      'Name - Last Name', `Mr. Test Citizen${nationalId.slice(-4)}`,
      'วัน เดือน ปีเกิด (พ.ศ.)', '1 มกราคม 2523',
    ]);
    await expect(proven.locator('input')).toHaveCount(0);

    // The current address comes prefilled from the proof; move it with the cascading lists.
    const home = page.getByRole('group', { name: 'ที่อยู่ปัจจุบัน' });
    await expect(home.getByLabel('ที่อยู่ บรรทัดที่ 1')).toHaveValue('1 ถนนพระรามที่ 6');
    await expect(home.getByLabel('จังหวัด')).toHaveValue('กรุงเทพมหานคร');
    await expect(home.getByLabel('รหัสไปรษณีย์')).toHaveValue('10400');
    await home.getByLabel('ที่อยู่ บรรทัดที่ 1').fill('88 ถนนราชดำเนิน');
    await home.getByLabel('จังหวัด').selectOption('เชียงใหม่');
    await expect(home.getByLabel('รหัสไปรษณีย์')).toHaveValue('');
    await home.getByLabel('เขต/อำเภอ').selectOption('เมืองเชียงใหม่');
    await home.getByLabel('ตำบล/แขวง').selectOption({ label: 'ศรีภูมิ' });
    await expect(home.getByLabel('รหัสไปรษณีย์')).toHaveValue('50200');
    await page.getByLabel('หมายเลขโทรศัพท์มือถือ').fill('081-234-5678');
    await expectNoSidewaysScroll(page);

    // Email: send the code, the resend countdown shows, the code from the mail verifies it.
    await page.getByLabel('อีเมล', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'ยืนยันอีเมล' }).click();
    await page.getByRole('button', { name: 'ส่งรหัสยืนยัน', exact: true }).click();
    await expect(page.getByRole('button', { name: /^ส่งรหัสยืนยัน \d+s$/ })).toBeDisabled();
    const mail = await waitForMail((m) => m.to.includes(email) && m.subject === 'ยืนยันอีเมลลงทะเบียน GFMIS');
    const otp = /\b(\d{6}) \( otp/.exec(mail.text)?.[1];
    expect(otp).toBeDefined();
    await page.getByLabel('รหัสที่ได้รับจากทางอีเมล').fill(otp!);
    await page.getByRole('button', { name: 'ตรวจสอบรหัส' }).click();
    await expect(page.getByText('อีเมลนี้ได้รับการยืนยันแล้ว หากต้องการแก้ไข')).toBeVisible();
    await expect(page.getByRole('button', { name: 'คลิกที่นี่' })).toBeVisible();

    // Part 2: position and workplace, the address again from the lists.
    const work = page.getByRole('group', { name: 'ส่วนที่ 2: ตำแหน่ง/สถานที่ทำงาน' });
    await work.getByLabel('ตำแหน่ง', { exact: true }).fill('นักวิชาการเงินและบัญชี');
    await work.getByLabel('ระดับ', { exact: true }).fill('ชำนาญการ');
    await work.getByLabel('ที่อยู่สถานที่ทำงาน บรรทัดที่ 1').fill('ถนนพระรามที่ 6');
    await work.getByLabel('จังหวัด').selectOption('กรุงเทพมหานคร');
    await work.getByLabel('เขต/อำเภอ').selectOption('พญาไท');
    await work.getByLabel('ตำบล/แขวง').selectOption({ label: 'สามเสนใน' });
    await expect(work.getByLabel('รหัสไปรษณีย์')).toHaveValue('10400');
    await work.getByLabel('หมายเลขโทรศัพท์/เบอร์โทร').fill('02-127-7000');
    await page.getByRole('button', { name: 'ขั้นตอนถัดไป' }).click();

    // Review: everything read-only as saved; confirm.
    await expect(page.getByRole('heading', { name: 'ยืนยันข้อมูล' })).toBeVisible();
    const review = page.locator('.review');
    await expect(review.getByText('88 ถนนราชดำเนิน')).toBeVisible();
    await expect(review.getByText('ศรีภูมิ')).toBeVisible();
    await expect(review.getByText('0812345678')).toBeVisible();
    await expect(review.getByText(email)).toBeVisible();
    await expect(review.getByText('นักวิชาการเงินและบัญชี')).toBeVisible();
    await page.getByRole('button', { name: 'ยืนยันข้อมูล' }).click();

    // Result, then the tracker waits for approval.
    await expect(page.getByText('ระบบได้รับข้อมูลของท่านเรียบร้อยแล้ว')).toBeVisible();
    await expect(page.getByText('สถานะการอนุมัติ: รอการอนุมัติ')).toBeVisible();
    await page.getByRole('link', { name: 'เสร็จสิ้น' }).click();
    const waiting = [
      'ลงทะเบียน: ✓ ดำเนินการแล้ว',
      'พิสูจน์ตัวตนผ่านแอปพลิเคชัน เป๋าตัง: ✓ ดำเนินการแล้ว',
      'ตรวจสอบและยืนยันข้อมูล: ✓ ดำเนินการแล้ว',
      'รออนุมัติลงทะเบียน: รออนุมัติ',
      'ลงทะเบียน Soft Token: โปรดดำเนินการตามขั้นตอนให้ครบถ้วนก่อน',
    ];
    await expect.poll(() => trackerRows(page)).toEqual(waiting);

    // Logout and login again: the same state.
    await page.getByRole('button', { name: 'ออกจากระบบ' }).click();
    await expect(page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true })).toBeVisible();
    await page.goto('/register');
    await expect(page).toHaveURL(`${E2E.origin}/`);
    await logIn(page, username, initialPassword);
    expect(await trackerRows(page)).toEqual(waiting);
  });

  test('should tell a wrong national ID check digit in Thai, and in English after switching language', async ({ page }) => {
    const { username, initialPassword } = await createAccount();
    await logIn(page, username, initialPassword);
    await page.getByRole('link', { name: 'เริ่มลงทะเบียน' }).click();

    const good = uniqueNationalId();
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    await page.getByLabel('เลขประจำตัวประชาชนของผู้ลงทะเบียน').fill(bad);
    await page.getByRole('button', { name: 'ยืนยันการลงทะเบียน' }).click();
    const field = page.getByLabel('เลขประจำตัวประชาชนของผู้ลงทะเบียน');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบไม่ตรง)')).toBeVisible();
    await expect(page.getByText('กรุณาอัปโหลดไฟล์ PDF คำสั่งแต่งตั้ง')).toBeVisible();

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByText('The national ID is not valid (check digit does not match).')).toBeVisible();
    await expect(page.getByLabel("Registrant's national ID number")).toHaveValue(bad);

    // Corrected, the message goes as soon as the number is right.
    await page.getByLabel("Registrant's national ID number").fill(good);
    await expect(page.getByText('The national ID is not valid (check digit does not match).')).toBeHidden();
    await page.getByRole('button', { name: 'ไทย' }).click();
  });

  test('should close the link and tell the desktop when the phone says the proof is not theirs', async ({ page, browser, breakage }) => {
    const { username, initialPassword } = await createAccount();
    await logIn(page, username, initialPassword);
    await page.getByRole('link', { name: 'เริ่มลงทะเบียน' }).click();
    await page.getByLabel('เลขประจำตัวประชาชนของผู้ลงทะเบียน').fill(uniqueNationalId());
    await page.getByLabel('อัปโหลดไฟล์ PDF').setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: await makePdf() });
    await page.getByLabel('ข้าพเจ้ายอมรับ และได้อ่านข้อความในข้อตกลงและเงื่อนไขนี้เข้าใจโดยละเอียดแล้ว').check();
    await page.getByRole('button', { name: 'ยืนยันการลงทะเบียน' }).click();
    const link = await page.locator('a.proofing-link').getAttribute('href');

    const phoneContext = await browser.newContext({ ...devices['Pixel 7'] });
    watchForBreakage(phoneContext, breakage);
    try {
      const phone = await phoneContext.newPage();
      await phone.goto(link!);
      await phone.getByRole('button', { name: 'ไม่ใช่ ข้าพเจ้าไม่ได้ทำรายการนี้' }).click();
      await expect(phone.getByRole('heading', { name: 'ปิดลิงก์นี้แล้ว' })).toBeVisible();
      await expect(phone.getByText(/กรุณาแจ้งเจ้าหน้าที่/)).toBeVisible();
      await phone.reload();
      await expect(phone.getByRole('heading', { name: 'ลิงก์หมดอายุหรือถูกใช้งานแล้ว' })).toBeVisible();
    } finally {
      await phoneContext.close();
    }
    await expect(page.getByText('มีการปฏิเสธรายการนี้บนโทรศัพท์มือถือ ลิงก์นี้ถูกปิดแล้ว')).toBeVisible();
    await page.getByRole('button', { name: 'สร้าง QR Code ใหม่' }).click();
    await expect(page.getByText('รอการสแกน QR Code จากโทรศัพท์มือถือ')).toBeVisible();
  });
});
