/**
 * Every registration screen passes the screen check (issue #16): the tracker in each of its
 * states, the step pages on the desktop, the proofing pages on the phone and the desktop's
 * activation page. Also what a phone-sized screen and a language switch must show.
 */
import { devices, type Browser, type Page } from '@playwright/test';
import { E2E } from './env.ts';
import {
  createAccount, createApprovedRegistration, createRejectedRegistration, expect, test, waitForMail, watchForBreakage,
} from './fixtures.ts';
import { appointmentPdf, freshNationalId, proveIdentity, saveDetails } from './pending-registration.ts';
import { newPhone } from './phone.ts';
import { checkScreen, switchLanguage, VIEWPORTS } from './screens.ts';

const CONSENT = 'ข้าพเจ้ายอมรับ และได้อ่านข้อความในข้อตกลงและเงื่อนไขนี้เข้าใจโดยละเอียดแล้ว';

/** Log the desktop in with the initial password (the login page has its own tests) and open the tracker. */
async function openTracker(page: Page, username: string, password: string) {
  expect(await (await page.request.post('/api/auth/login', { data: { username, password } })).json()).toEqual({ next: 'tracker' });
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1, name: 'โปรดดำเนินการตามขั้นตอน ดังนี้' })).toBeVisible();
}

/** A phone-sized browser of its own (the proofing link opens without a login). */
async function openPhone(browser: Browser, breakage: string[]) {
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: E2E.origin });
  watchForBreakage(context, breakage);
  return { context, page: await context.newPage() };
}

/** The element's top and bottom lie within the first screen (no scrolling needed to see it). */
async function expectOnFirstScreen(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${selector} is not shown`).not.toBeNull();
  expect(box!.y + box!.height, `${selector} ends below the first screen`).toBeLessThanOrEqual(page.viewportSize()!.height);
}

test.describe('registration screens', () => {
  test('should pass the screen check on every screen from a new account to waiting for approval', async ({ page, browser, breakage }) => {
    test.setTimeout(300_000);
    const { username, initialPassword } = await createAccount();
    await openTracker(page, username, initialPassword);
    await checkScreen(page, 'tracker: new');

    await page.getByRole('link', { name: 'เริ่มลงทะเบียน' }).click();
    await expect(page.getByLabel(CONSENT)).toBeVisible();
    await checkScreen(page, 'step 1: empty');
    await page.getByRole('button', { name: 'ยืนยันการลงทะเบียน' }).click();
    await expect(page.getByText('กรุณายอมรับข้อตกลงและเงื่อนไข')).toBeVisible();
    await checkScreen(page, 'step 1: errors');

    const nationalId = freshNationalId();
    await page.getByLabel('เลขประจำตัวประชาชนของผู้ลงทะเบียน').fill(nationalId);
    await page.getByLabel('อัปโหลดไฟล์ PDF').setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: await appointmentPdf() });
    await page.getByLabel(CONSENT).check();
    await page.getByRole('button', { name: 'ยืนยันการลงทะเบียน' }).click();
    await expect(page.getByText('รอการสแกน QR Code จากโทรศัพท์มือถือ')).toBeVisible();
    await checkScreen(page, 'proofing: waiting (QR)');

    // The phone: first "not mine" on one link, then the proof on a new one.
    const phone = await openPhone(browser, breakage);
    try {
      await phone.page.goto((await page.locator('a.proofing-link').getAttribute('href'))!);
      await expect(phone.page.getByRole('heading', { name: 'ยืนยันการพิสูจน์ตัวตน' })).toBeVisible();
      await checkScreen(phone.page, 'phone: confirm');
      await phone.page.getByRole('button', { name: 'ไม่ใช่ ข้าพเจ้าไม่ได้ทำรายการนี้' }).click();
      await expect(phone.page.getByRole('heading', { name: 'ปิดลิงก์นี้แล้ว' })).toBeVisible();
      await checkScreen(phone.page, 'phone: not mine');
      await phone.page.reload();
      await expect(phone.page.getByRole('heading', { name: 'ลิงก์หมดอายุหรือถูกใช้งานแล้ว' })).toBeVisible();
      await checkScreen(phone.page, 'phone: link used');

      await expect(page.getByText('มีการปฏิเสธรายการนี้บนโทรศัพท์มือถือ ลิงก์นี้ถูกปิดแล้ว')).toBeVisible();
      await checkScreen(page, 'proofing: refused on the phone');
      await page.getByRole('button', { name: 'สร้าง QR Code ใหม่' }).click();
      await expect(page.getByText('รอการสแกน QR Code จากโทรศัพท์มือถือ')).toBeVisible();
      await phone.page.goto((await page.locator('a.proofing-link').getAttribute('href'))!);
      await phone.page.getByRole('button', { name: 'ยืนยัน ดำเนินการต่อ' }).click();
      await phone.page.getByLabel('เลขประจำตัวประชาชน 13 หลัก').fill(nationalId);
      await phone.page.getByRole('button', { name: 'ดำเนินการต่อ' }).click();
      await phone.page.getByRole('button', { name: 'ยินยอม', exact: true }).click();
      await expect(phone.page.getByRole('heading', { name: 'ดำเนินการยืนยันตัวตนสำเร็จ' })).toBeVisible();
      await checkScreen(phone.page, 'phone: result, done');
      await phone.page.goto('/p/result?status=failed&reason=denied');
      await expect(phone.page.getByRole('heading', { name: 'การพิสูจน์ตัวตนไม่สำเร็จ' })).toBeVisible();
      await checkScreen(phone.page, 'phone: result, failed');
    } finally {
      await phone.context.close();
    }

    await expect(page.getByRole('heading', { name: 'ท่านได้ดำเนินการในขั้นตอนการพิสูจน์ตัวตนเสร็จสิ้นแล้ว' })).toBeVisible();
    await checkScreen(page, 'proofing: done');
    await page.goto('/register');
    await expect(page.locator('.steps > li').nth(1)).toContainText('ดำเนินการแล้ว');
    await checkScreen(page, 'tracker: proofing done');

    await page.goto('/register/details');
    await expect(page.locator('.proven')).toContainText('ทดสอบ');
    await checkScreen(page, 'details: proven data');
    const email = `${username.toLowerCase()}@example.go.th`;
    await page.getByLabel('อีเมล', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'ยืนยันอีเมล' }).click();
    await page.getByRole('button', { name: 'ส่งรหัสยืนยัน', exact: true }).click();
    await expect(page.getByLabel('รหัสที่ได้รับจากทางอีเมล')).toBeVisible();
    await checkScreen(page, 'details: email code sent');
    await page.getByLabel('รหัสที่ได้รับจากทางอีเมล').fill('000000');
    await page.getByRole('button', { name: 'ตรวจสอบรหัส' }).click();
    await expect(page.getByText(/^รหัสยืนยันไม่ถูกต้อง \(เหลืออีก \d+ ครั้ง\)$/)).toBeVisible();
    await checkScreen(page, 'details: wrong email code');

    // The rest of step 3 as the form saves it; the email with the code the mail brought.
    const mail = await waitForMail((m) => m.to.includes(email) && m.subject === 'ยืนยันอีเมลลงทะเบียน GFMIS');
    expect((await page.request.post('/api/registration/email/verify', { data: { code: /\b(\d{6})\b/.exec(mail.text)![1] } })).ok()).toBe(true);
    await saveDetails(page.request);
    await page.goto('/register/review');
    await expect(page.getByRole('heading', { level: 1, name: 'ยืนยันข้อมูล' })).toBeVisible();
    await checkScreen(page, 'review');
    await page.getByRole('button', { name: 'ยืนยันข้อมูล' }).click();
    await expect(page.getByText('สถานะการอนุมัติ: รอการอนุมัติ')).toBeVisible();
    await checkScreen(page, 'result');
    await page.getByRole('link', { name: 'เสร็จสิ้น' }).click();
    await expect(page.locator('.steps > li').nth(3)).toContainText('รออนุมัติ');
    await checkScreen(page, 'tracker: waiting for approval');
  });

  test('should pass the screen check on a rejected registration tracker', async ({ page }) => {
    const { username, initialPassword } = await createRejectedRegistration('คำสั่งแต่งตั้งไม่ชัดเจน');
    await openTracker(page, username, initialPassword);
    await expect(page.getByText('เหตุผล: คำสั่งแต่งตั้งไม่ชัดเจน')).toBeVisible();
    await checkScreen(page, 'tracker: rejected');
  });

  test('should pass the screen check from an approved registration to a completed activation', async ({ page, browser, breakage }) => {
    test.setTimeout(180_000);
    const { username, initialPassword } = await createApprovedRegistration();
    await openTracker(page, username, initialPassword);
    await expect(page.getByText('การลงทะเบียนของท่านได้รับการอนุมัติแล้ว')).toBeVisible();
    await checkScreen(page, 'tracker: approved, step 5 open');

    await page.locator('.steps > li').nth(4).getByRole('link', { name: 'เริ่มดำเนินการ' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ขั้นตอนที่ 5 : ลงทะเบียน Soft Token' })).toBeVisible();
    await checkScreen(page, 'activation: before starting');
    await page.getByRole('button', { name: 'เริ่มดำเนินการ' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'ตกลง' }).click();
    await expect(page.getByTestId('typed-code')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await checkScreen(page, 'activation: waiting');

    const phone = await newPhone(browser);
    watchForBreakage(phone.context, breakage);
    try {
      await phone.page.goto('/app/activate?via=type');
      await phone.page.getByLabel('รหัส Activate (8 ตัวอักษร)').fill((await page.getByTestId('typed-code').textContent())!);
      await phone.page.getByRole('button', { name: 'Activate', exact: true }).click();
      await expect(phone.page.getByRole('heading', { name: 'Soft Token พร้อมใช้งาน' })).toBeVisible();
    } finally {
      await phone.context.close();
    }
    await expect(page.getByText('การ Activate Soft Token บนโทรศัพท์มือถือเสร็จสิ้นแล้ว')).toBeVisible({ timeout: 15_000 });
    await checkScreen(page, 'activation: completed on the phone');
    await page.getByRole('button', { name: 'เสร็จสิ้น' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ท่าน Activate Soft Token เสร็จสิ้นแล้ว' })).toBeVisible();
    await checkScreen(page, 'activation: done');
    await page.getByRole('link', { name: 'กลับไปหน้าแรก' }).click();
    await expect(page.locator('.steps > li').nth(4)).toContainText('ดำเนินการแล้ว');
    await checkScreen(page, 'tracker: completed');
  });

  test('should start each step on the first screen of a phone, with a one-line step count when the screen is 390 px wide', async ({ page, playwright }) => {
    await page.setViewportSize(VIEWPORTS.phone);
    const { username, initialPassword } = await createAccount();
    await openTracker(page, username, initialPassword);

    await page.goto('/register/step1');
    await expect(page.getByText('ขั้นตอน 1/5', { exact: true })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'ขั้นตอนย่อย' }).locator('ol')).toBeHidden();
    await expectOnFirstScreen(page, 'h1');
    await expectOnFirstScreen(page, '#nationalId');

    await proveIdentity(playwright, page.request, freshNationalId());
    await page.goto('/register/details');
    await expect(page.getByText('ขั้นตอน 3/5', { exact: true })).toBeVisible();
    await expectOnFirstScreen(page, 'h1');
    // The proven data: a short read-only list, nothing to tab through.
    const proven = page.locator('.proven');
    await expect(proven).toContainText('ทดสอบ');
    await expect(proven.locator('input, select, textarea')).toHaveCount(0);
    await expectOnFirstScreen(page, '.proven > div');

    // On a desktop the whole sub-wizard shows instead of the count.
    await page.setViewportSize(VIEWPORTS.desktop);
    await expect(page.getByRole('navigation', { name: 'ขั้นตอนย่อย' }).locator('ol')).toBeVisible();
    await expect(page.getByText('ขั้นตอน 3/5', { exact: true })).toBeHidden();
  });

  test('should show a wrong email code and the provider in English after switching language when they are on screen', async ({ page, playwright }) => {
    const { username, initialPassword } = await createAccount();
    await openTracker(page, username, initialPassword);
    await proveIdentity(playwright, page.request, freshNationalId());
    await page.goto('/register/details');
    await page.getByLabel('อีเมล', { exact: true }).fill(`${username.toLowerCase()}@example.go.th`);
    await page.getByRole('button', { name: 'ยืนยันอีเมล' }).click();
    await page.getByRole('button', { name: 'ส่งรหัสยืนยัน', exact: true }).click();
    await page.getByLabel('รหัสที่ได้รับจากทางอีเมล').fill('000000');
    await page.getByRole('button', { name: 'ตรวจสอบรหัส' }).click();
    const thai = page.getByText(/^รหัสยืนยันไม่ถูกต้อง \(เหลืออีก (\d+) ครั้ง\)$/);
    await expect(thai).toBeVisible();
    const triesLeft = /(\d+)/.exec((await thai.textContent())!)![1];

    await switchLanguage(page, 'en');
    await expect(page.getByText(`The code is not correct (${triesLeft} tries left).`, { exact: true })).toBeVisible();
    await expect(page.getByText('Details proven through Pao Tang cannot be changed.')).toBeVisible();
    await page.goto('/register');
    await expect(page.locator('.steps > li').nth(1)).toContainText('Prove your identity with the Pao Tang app');
    await switchLanguage(page, 'th');
    await expect(page.locator('.steps > li').nth(1)).toContainText('พิสูจน์ตัวตนผ่านแอปพลิเคชัน เป๋าตัง');
  });
});
