/**
 * Every screen of แบบคำร้องขอใช้บริการ Soft Token passes the screen check (issue #16): the form
 * in each state it shows, the lookup, a request's page from saved to done or refused, the
 * printable form, and the new email's confirmation link, valid or not.
 */
import { createApprovedRegistration, expect, test, waitForMail } from './fixtures.ts';
import { checkScreen } from './screens.ts';
import { activatedAccount, fileRequest, fillRequester, saveForm, scanProcessReview, signedScan, signInAsHolder } from './service-request-steps.ts';

test.describe('service-request screens', () => {
  test('should pass the screen check when the form is empty, shows each purpose’s answers, shows errors and is offline', async ({ page, context }) => {
    test.setTimeout(180_000);
    await page.goto('/service-request');
    await expect(page.getByRole('radio', { name: 'มือถือหาย' })).toBeVisible();
    await checkScreen(page, 'form empty');

    await page.getByRole('radio', { name: 'อื่น ๆ (โปรดระบุ)' }).check();
    await expect(page.getByLabel('โปรดระบุ', { exact: true })).toBeVisible();
    await checkScreen(page, 'form: other purpose');

    await page.getByRole('radio', { name: 'เปลี่ยนผู้ใช้งาน เนื่องจากผู้ใช้งานเดิม' }).check();
    await page.getByRole('radio', { name: 'อื่นๆ' }).check();
    await expect(page.getByLabel('ระบุเหตุผลอื่น')).toBeVisible();
    await checkScreen(page, 'form: change of holder');

    await page.getByRole('radio', { name: 'เปลี่ยน email ที่ลงทะเบียนไว้' }).check();
    await expect(page.getByLabel('email ใหม่')).toBeVisible();
    await page.getByRole('button', { name: 'บันทึกคำร้อง' }).click();
    await expect(page.getByText('ข้อมูลไม่ถูกต้อง กรุณาตรวจสอบและแก้ไขในช่องที่แสดงข้อความ')).toBeVisible();
    await checkScreen(page, 'form with errors');

    await context.setOffline(true);
    await page.getByRole('button', { name: 'บันทึกคำร้อง' }).click();
    await expect(page.getByTestId('offline')).toBeVisible();
    await checkScreen(page, 'form offline');
    await context.setOffline(false);
  });

  test('should pass the screen check on a request’s page when just saved, printed, uploaded, done and refused', async ({ page, playwright }) => {
    test.setTimeout(240_000);
    const a = await createApprovedRegistration();
    await page.goto('/service-request');
    await fillRequester(page, a);
    await page.getByRole('radio', { name: /ขอ reset รหัสผ่าน\/ ลืมรหัสผ่าน/ }).check();
    const tracking = await saveForm(page);
    await expect(page.getByText('บันทึกคำร้องเรียบร้อยแล้ว')).toBeVisible();
    await checkScreen(page, 'request saved, waiting for the scan');

    await page.getByRole('link', { name: 'พิมพ์แบบคำร้อง' }).first().click();
    await expect(page.getByTestId('print-tracking')).toHaveText(tracking);
    await checkScreen(page, 'printable form');

    await page.getByRole('link', { name: 'กลับไปหน้าคำร้อง' }).click();
    await page.getByRole('button', { name: 'อัปโหลดไฟล์' }).click();
    await expect(page.locator('#scan-error')).toBeVisible();
    await checkScreen(page, 'upload without a file');
    await page.getByLabel('เลือกไฟล์ PDF').setInputFiles({ name: 'signed.pdf', mimeType: 'application/pdf', buffer: await signedScan() });
    await page.getByRole('button', { name: 'อัปโหลดไฟล์' }).click();
    await expect(page.getByText('อัปโหลดไฟล์เรียบร้อยแล้ว', { exact: false })).toBeVisible();
    await checkScreen(page, 'request submitted, waiting for an officer');

    const done = await fileRequest(page.request, a, 'change_phone');
    await scanProcessReview(playwright, done);
    await page.goto(`/service-request/${done}`);
    await expect(page.getByTestId('outcome')).toContainText('ดำเนินการตามคำร้องเรียบร้อยแล้ว');
    await checkScreen(page, 'request done');

    const refused = await fileRequest(page.request, a, 'lost_phone');
    await scanProcessReview(playwright, refused, { outcome: 'refused', reason: 'ลายมือชื่อหัวหน้าส่วนราชการไม่ครบถ้วน' });
    await page.goto(`/service-request/${refused}`);
    await expect(page.getByTestId('outcome')).toContainText('ไม่สามารถดำเนินการได้ เนื่องจาก');
    await checkScreen(page, 'request refused');
  });

  test('should pass the screen check on the lookup when empty, mistyped and not found', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/service-request/status');
    await checkScreen(page, 'lookup empty');

    await page.getByLabel('เลขที่คำร้อง').fill('SR-123');
    await page.getByRole('button', { name: 'ตรวจสอบสถานะ' }).click();
    await expect(page.getByLabel('เลขที่คำร้อง')).toHaveAccessibleDescription(/เลขที่คำร้องต้องอยู่ในรูปแบบ/);
    await checkScreen(page, 'lookup mistyped');

    await page.getByLabel('เลขที่คำร้อง').fill('SR-ABC234-XYZ789');
    await page.getByRole('button', { name: 'ตรวจสอบสถานะ' }).click();
    await expect(page.getByText('ไม่พบคำร้องเลขที่นี้', { exact: false })).toBeVisible();
    await checkScreen(page, 'request not found');
  });

  test('should pass the screen check on the new email’s link when it has no code, needs the holder, is confirmed and is used up', async ({ page, playwright }) => {
    test.setTimeout(180_000);
    await page.goto('/verify-email');
    await expect(page.getByTestId('verify-failed-reason')).toContainText('ไม่พบรหัสยืนยันในลิงก์');
    await checkScreen(page, 'verify-email without a code');

    const a = await activatedAccount(playwright);
    const newEmail = `screens.${Date.now()}@example.go.th`;
    await page.goto('/service-request');
    await fillRequester(page, a);
    await page.getByRole('radio', { name: 'เปลี่ยน email ที่ลงทะเบียนไว้' }).check();
    await page.getByLabel('email ใหม่').fill(newEmail);
    await scanProcessReview(playwright, await saveForm(page));
    const link = await waitForMail((m) => m.to.includes(newEmail));
    const url = /(http\S+\/verify-email#\S+)/.exec(link.text)![1]!;

    await page.goto(url);
    await expect(page.getByTestId('verify-failed-reason')).toContainText('กรุณาเข้าสู่ระบบด้วยชื่อผู้ใช้งานนี้');
    await checkScreen(page, 'verify-email before signing in');

    await signInAsHolder(page, a);
    await page.goto('/'); // a fresh load each time, as from the email: a new fragment alone would not reload the page
    await page.goto(url);
    await expect(page.getByTestId('verified-email')).toContainText(newEmail);
    await checkScreen(page, 'verify-email confirmed');

    await page.goto('/');
    await page.goto(url);
    await expect(page.getByTestId('verify-failed-reason')).toContainText('ลิงก์นี้หมดอายุหรือถูกใช้งานแล้ว');
    await checkScreen(page, 'verify-email used up');
    await a.device.dispose();
  });
});
