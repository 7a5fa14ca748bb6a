/**
 * Login with picture matching as people do it (R-6.2 … ): a desktop browser types the
 * password and shows one picture; the phone (a CDP virtual authenticator) taps a picture in
 * its grid and signs it; the desktop follows live. Then the forced password change, the
 * portal, renewal from the expiry notice, self-revocation approved on the phone, and the
 * holder's own copy of their data (a ZIP) downloaded after the phone's approval.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import {
  attachAppointment, createApprovedRegistration, expect, expireLoginRequest, sendPasswordReset, setTokenValidity, waitForMail, watchForBreakage,
} from './fixtures.ts';
import { newPhone } from './phone.ts';
import { approveLogin, forcedPasswordChange, NEW_PASSWORD, openRequest, test, typePassword } from './portal-login.ts';
import { switchLanguage } from './screens.ts';

const yearBe = (yearsAhead: number) => new Date().getFullYear() + yearsAhead + 543;

test.describe('login with picture matching', () => {
  test('should log in with the right picture, force the password change, then reach the portal', async ({ page, person }) => {
    // The desktop follows the request it has just made from what it remembers: its live stream
    // and the completion, no read of the request itself (#18), even across a reload.
    const reads: string[] = [];
    page.on('request', (r) => { if (r.method() === 'GET' && /^\/api\/login-requests\/[^/]+$/.test(new URL(r.url()).pathname)) reads.push(r.url()); });
    const name = await typePassword(page, person.username, person.password);
    await expect(page.getByText('เปิดแอป Soft Token บนโทรศัพท์มือถือ แล้วแตะภาพเดียวกับภาพนี้')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('picture-name')).toHaveText(name);
    await expect(page.getByText(/คำขอนี้ใช้ได้อีก [12]:\d\d นาที/)).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('desktop-picture.png') });

    const phone = person.phone.page;
    await openRequest(phone);
    await expect(phone.getByRole('heading', { name: 'คำขอเข้าสู่ระบบ New GFMIS Thai' })).toBeVisible();
    await expect(phone.locator('.picture-grid button')).toHaveCount(9);
    await expect(phone.getByText(/เหลือเวลา [12]:\d\d นาที/)).toBeVisible();
    await expect(phone.locator('.request-context')).toContainText('Chrome');
    await phone.screenshot({ path: test.info().outputPath('phone-grid.png') });
    await phone.getByRole('button', { name, exact: true }).click();
    await expect(phone.getByRole('heading', { name: 'เข้าสู่ระบบสำเร็จ' })).toBeVisible();

    // The desktop learns it live and is sent to the forced change (manual ch. 4).
    await expect(page.getByRole('alert').getByRole('heading', { name: 'กรุณาเปลี่ยน Password ใช้งาน' })).toBeVisible();
    expect(reads).toEqual([]);
    await page.getByRole('alert').getByRole('button', { name: 'ตกลง' }).click();
    await expect(page.getByRole('heading', { name: '**ข้อกำหนดการตั้งรหัสผ่านใหม่**' })).toBeVisible();
    // The rules tick as the person types; the server has the last word (wrong old password).
    await page.getByLabel('รหัสผ่านใหม่', { exact: true }).fill('abc');
    await expect(page.locator('.rules li.met')).toHaveCount(2);
    await page.getByLabel('รหัสผ่านเดิม', { exact: true }).fill('Not-The-Old-1');
    // A new password the rules already refuse is flagged with the unmet rules, and nothing is asked.
    await page.getByLabel('ยืนยันรหัสผ่าน', { exact: true }).fill('abc');
    await page.getByRole('button', { name: 'บันทึก' }).click();
    const newPassword = page.getByLabel('รหัสผ่านใหม่', { exact: true });
    await expect(newPassword).toHaveAttribute('aria-invalid', 'true');
    await expect(newPassword).toBeFocused();
    await expect(newPassword).toHaveAccessibleDescription(/รหัสผ่านใหม่ยังไม่ผ่านข้อกำหนด: ต้องมีความยาวอย่างน้อย 8 ตัวอักษร.*พิมพ์ใหญ่.*ตัวเลข.*อักขระพิเศษ/);
    await expect(newPassword).not.toHaveAccessibleDescription(/พิมพ์เล็ก/);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveText('กรุณาแก้ไขข้อมูลที่ระบุก่อนบันทึก');
    // The show-password button lets the person see what they typed.
    await page.getByRole('button', { name: 'แสดงรหัสผ่าน' }).nth(1).click();
    await expect(newPassword).toHaveAttribute('type', 'text');
    await expect(newPassword).toHaveValue('abc');
    await page.getByRole('button', { name: 'ซ่อนรหัสผ่าน' }).click();
    await expect(newPassword).toHaveAttribute('type', 'password');
    await page.getByLabel('รหัสผ่านใหม่', { exact: true }).fill(NEW_PASSWORD);
    await expect(page.locator('.rules li.met')).toHaveCount(6);
    await page.getByLabel('ยืนยันรหัสผ่าน', { exact: true }).fill(NEW_PASSWORD);
    // Both fields fixed: the form's error banner goes by itself.
    await expect(page.getByText('กรุณาแก้ไขข้อมูลที่ระบุก่อนบันทึก')).toBeHidden();
    await page.getByRole('button', { name: 'บันทึก' }).click();
    await page.getByRole('dialog', { name: 'ต้องการบันทึกข้อมูล ใช่หรือไม่?' }).getByRole('button', { name: 'บันทึก' }).click();
    await expect(page.getByText('รหัสผ่านเดิมไม่ถูกต้อง')).toBeVisible();
    await page.getByLabel('รหัสผ่านเดิม', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'บันทึก' }).click();
    await page.getByRole('dialog', { name: 'ต้องการบันทึกข้อมูล ใช่หรือไม่?' }).getByRole('button', { name: 'บันทึก' }).click();
    await expect(page.getByRole('alert').getByRole('heading', { name: 'กรุณา Login เข้าสู่ระบบใหม่' })).toBeVisible();
    await page.getByRole('alert').getByRole('button', { name: 'ตกลง' }).click();

    // A fresh login with the new password reaches the portal.
    await approveLogin(page, person, NEW_PASSWORD);
    await expect(page.getByRole('heading', { name: 'GFMIS Web Portal' })).toBeVisible();
    await expect(page.getByTestId('portal-user')).toContainText(person.username);
    await expect(page.getByTestId('token-valid-until')).toContainText(`Soft Token ใช้งานได้ถึง`);
    await expect(page.getByTestId('token-valid-until')).toContainText(String(yearBe(2)));
    await expect(page.getByRole('link', { name: 'ข้อมูลส่วนตัว' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'แก้ไขข้อมูลรหัสผ่าน' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('portal.png') });
  });

  test('should deny a wrong picture and a Deny on both screens, and expire a request nobody answers', async ({ page, person }) => {
    const phone = person.phone.page;
    const name = await typePassword(page, person.username, person.password);
    await openRequest(phone);
    await expect(phone.locator('.picture-grid img')).toHaveCount(9);
    const names = await phone.locator('.picture-grid img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')!));
    expect(names).toContain(name);
    await phone.getByRole('button', { name: names.find((n) => n !== name)!, exact: true }).click();
    await expect(phone.getByRole('heading', { name: 'ภาพที่เลือกไม่ตรงกับภาพบนหน้าจอคอมพิวเตอร์ การเข้าสู่ระบบถูกปฏิเสธ' })).toBeVisible();
    await expect(page.getByText('ภาพที่เลือกบนโทรศัพท์ไม่ตรงกับภาพบนหน้าจอคอมพิวเตอร์ การเข้าสู่ระบบถูกปฏิเสธ')).toBeVisible();
    await page.getByRole('button', { name: 'เข้าสู่ระบบอีกครั้ง' }).click();

    await typePassword(page, person.username, person.password);
    await openRequest(phone);
    await phone.getByRole('button', { name: 'Deny' }).click();
    await expect(phone.getByRole('heading', { name: 'ปฏิเสธการเข้าสู่ระบบแล้ว' })).toBeVisible();
    await expect(page.getByText('การเข้าสู่ระบบถูกปฏิเสธบนโทรศัพท์มือถือ (Deny)')).toBeVisible();
    await page.getByRole('button', { name: 'เข้าสู่ระบบอีกครั้ง' }).click();

    // No answer: the countdown runs, the request lives about two minutes; then time runs out.
    await typePassword(page, person.username, person.password);
    const id = page.url().split('/').at(-1)!;
    await expect(page.getByText(/คำขอนี้ใช้ได้อีก 1:[45]\d นาที/)).toBeVisible();
    const status = await (await page.request.get(`/api/login-requests/${id}`)).json();
    expect(status).toMatchObject({ id, status: 'pending', purpose: 'login' });
    expect(new Date(status.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(120_000);
    await expireLoginRequest(id);
    await expect(page.getByText('คำขอเข้าสู่ระบบหมดเวลา (2 นาที) โดยยังไม่ได้รับการยืนยันบนโทรศัพท์มือถือ')).toBeVisible();
    await phone.goto('/app');
    await expect(phone.getByRole('link', { name: 'เปิดคำขอ' })).toHaveCount(0);
  });

  test('should renew from the expiry notice through Accept on the phone, then revoke with the phone\'s approval', async ({ page, person }) => {
    test.setTimeout(90_000); // two logins through the phone, a renewal and a revocation, each approved on the phone
    await approveLogin(page, person, person.password);
    await forcedPasswordChange(page, person.password);
    await setTokenValidity(person.username, 10);

    await approveLogin(page, person, NEW_PASSWORD);
    await expect(page.getByRole('button', { name: 'Continue to GFMIS' })).toBeVisible();
    // Bangkok calendar days: valid until 10 days from now is 10 days left, whatever the hour.
    await expect(page.getByText(/จะหมดอายุในอีก 10 วัน/)).toBeVisible();
    // Renew is the main action, first; Continue is the secondary one.
    await expect(page.getByRole('alertdialog').getByRole('button').first()).toHaveText('Renew Soft Token');
    await expect(page.getByRole('button', { name: 'Continue to GFMIS' })).toHaveClass(/secondary/);
    await expect(page.getByRole('button', { name: 'Renew Soft Token' })).not.toHaveClass(/secondary/);
    // Opened directly (a reload, no login flow state) it still shows the real days left.
    await page.reload();
    await expect(page.getByText(/จะหมดอายุในอีก 10 วัน/)).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('notice.png') });
    await page.getByRole('button', { name: 'Renew Soft Token' }).click();
    await expect(page.getByRole('heading', { name: 'เริ่มการต่ออายุ Soft Token' })).toBeVisible();
    await page.getByRole('button', { name: 'ต่ออายุ Soft Token' }).click();
    await expect(page.getByText('ส่งคำขอต่ออายุไปยังโทรศัพท์มือถือแล้ว')).toBeVisible();
    await page.getByRole('button', { name: 'ตรวจสอบสถานะ' }).click();
    await expect(page.getByText('ยังไม่ได้รับการยืนยันบนโทรศัพท์มือถือ กรุณาเลือกปุ่ม Accept ในแอป Soft Token')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('renewal.png') });

    const phone = person.phone.page;
    await openRequest(phone);
    await expect(phone.getByRole('heading', { name: 'Update Profile' })).toBeVisible();
    await phone.getByRole('button', { name: 'Accept' }).click();
    await expect(phone.getByRole('heading', { name: 'Profile updated Successfully' })).toBeVisible();

    await expect(page.getByText('✓ ดำเนินการแล้ว')).toBeVisible();
    await expect(page.getByTestId('valid-until')).toContainText(String(yearBe(2)));
    await page.screenshot({ path: test.info().outputPath('renewal-done.png') });
    await page.getByRole('button', { name: 'เข้าสู่ GFMIS Web Portal' }).click();
    await expect(page.getByTestId('token-valid-until')).toContainText(String(yearBe(2)));

    // ยกเลิกการใช้งาน Soft Token (manual ch. 7): reason, confirmation, the phone approves, logged out.
    await page.getByRole('link', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    // Without the phone, the service request is the way.
    await expect(page.getByRole('link', { name: 'แบบคำร้องขอใช้บริการ Soft Token' })).toHaveAttribute('href', '/service-request');
    await page.getByRole('button', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    await expect(page.getByText('กรุณาเลือกเหตุผล')).toBeVisible();
    await page.getByLabel('อื่น ๆ').check();
    await page.getByRole('button', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    await expect(page.getByText('กรุณาระบุเหตุผล')).toBeVisible();
    await page.getByLabel('ลาออก').check();
    await page.getByRole('button', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    await page.getByRole('dialog', { name: 'ยืนยันการยกเลิกการใช้งาน Soft Token' }).getByRole('button', { name: 'ยืนยัน' }).click();
    await expect(page.getByRole('heading', { name: 'ยืนยันการยกเลิกการใช้งาน Soft Token บนโทรศัพท์มือถือ' })).toBeVisible();
    const name = (await page.getByTestId('picture-name').textContent())!;
    // Nothing is revoked until the phone approves.
    expect((await page.request.get('/api/auth/me')).status()).toBe(200);
    await openRequest(phone);
    await expect(phone.getByRole('heading', { name: 'คำขอยกเลิกการใช้งาน Soft Token' })).toBeVisible();
    await expect(phone.getByText('เหตุผล: ลาออก')).toBeVisible();
    await phone.getByRole('button', { name, exact: true }).click();
    await expect(phone.getByRole('heading', { name: 'ยกเลิกการใช้งาน Soft Token เรียบร้อยแล้ว' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'ยกเลิกการใช้งาน Soft Token เรียบร้อยแล้ว' })).toBeVisible();
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    await phone.goto('/app');
    await expect(phone.getByRole('heading', { name: 'Soft Token ถูกยกเลิกแล้ว' })).toBeVisible();
  });
});

test.describe('the review of the portal\'s pages (UX)', () => {
  test('should show the revocation reasons as small radios beside their labels, then drop the validity and the menu as soon as the phone approves', async ({ page, person }) => {
    test.setTimeout(90_000); // two logins through the phone and the forced password change
    await approveLogin(page, person, person.password);
    await forcedPasswordChange(page, person.password);
    await approveLogin(page, person, NEW_PASSWORD);
    await expect(page.getByTestId('token-valid-until')).toBeVisible();

    await page.getByRole('link', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    // The error state too: no red ellipses, every radio still beside its label.
    await page.getByRole('button', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    await expect(page.getByText('กรุณาเลือกเหตุผล')).toBeVisible();
    const radios = await page.getByRole('radio').all();
    expect(radios.length).toBeGreaterThan(1);
    for (const radio of radios) {
      const { box, text } = await radio.evaluate((input) => {
        const label = input.closest('label')!;
        const words = [...label.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())!;
        const range = document.createRange();
        range.selectNodeContents(words);
        const rect = (r: DOMRect) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height });
        return { box: rect(input.getBoundingClientRect()), text: rect(range.getBoundingClientRect()) };
      });
      expect(box.width).toBeLessThan(40);
      expect(box.height).toBeLessThan(40);
      // Beside the label: on the same line, to its right.
      expect(text.left).toBeGreaterThanOrEqual(box.right);
      expect(text.top).toBeLessThan(box.bottom);
      expect(box.top).toBeLessThan(text.bottom);
    }
    await page.screenshot({ path: test.info().outputPath('revoke-reasons.png') });

    await page.getByLabel('ลาออก').check();
    await page.getByRole('button', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    await page.getByRole('dialog', { name: 'ยืนยันการยกเลิกการใช้งาน Soft Token' }).getByRole('button', { name: 'ยืนยัน' }).click();
    const name = (await page.getByTestId('picture-name').textContent())!;
    let loads = 0;
    page.on('load', () => loads++);
    const phone = person.phone.page;
    await openRequest(phone);
    await phone.getByRole('button', { name, exact: true }).click();
    await expect(phone.getByRole('heading', { name: 'ยกเลิกการใช้งาน Soft Token เรียบร้อยแล้ว' })).toBeVisible();

    // Without a reload: the outcome stays, the token's validity and the menu go; only the way to the login remains.
    await expect(page.getByRole('heading', { name: 'ยกเลิกการใช้งาน Soft Token เรียบร้อยแล้ว' })).toBeVisible();
    await expect(page.getByTestId('token-valid-until')).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'เมนู' })).toHaveCount(0);
    for (const link of ['ข้อมูลส่วนตัว', 'แก้ไขข้อมูลรหัสผ่าน', 'ต่ออายุ Soft Token', 'ยกเลิกการใช้งาน Soft Token']) {
      await expect(page.getByRole('link', { name: link, exact: true })).toHaveCount(0);
    }
    await expect(page.getByRole('button', { name: 'ออกจากระบบ' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'ไปหน้าเข้าสู่ระบบ' })).toBeVisible();
    expect(loads).toBe(0);
    await page.screenshot({ path: test.info().outputPath('revoke-done.png') });
  });

  test('should keep internal detail off the login page and offer เข้าสู่ GFMIS Web Portal on the completed tracker', async ({ page, browser, breakage }) => {
    await page.goto('/');
    await expect(page.getByRole('status')).toHaveText('ระบบพร้อมใช้งาน');
    await expect(page.locator('body')).not.toContainText(/pglite|postgres|ฐานข้อมูล/i);

    // All five steps done, in the registration's own session.
    const { username, initialPassword } = await createApprovedRegistration();
    expect(await (await page.request.post('/api/auth/login', { data: { username, password: initialPassword } })).json()).toEqual({ next: 'tracker' });
    const { url } = await (await page.request.post('/api/registration/activation')).json();
    const phone = await newPhone(browser);
    watchForBreakage(phone.context, breakage);
    await phone.page.goto(url);
    await phone.page.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(phone.page.getByRole('heading', { name: 'Soft Token พร้อมใช้งาน' })).toBeVisible();
    await phone.context.close();

    await page.goto('/register');
    await expect(page.locator('.steps > li').nth(4)).toContainText('ดำเนินการแล้ว');
    const portal = page.getByRole('link', { name: 'เข้าสู่ GFMIS Web Portal' });
    await expect(portal).toHaveAttribute('href', '/portal');
    await expect(portal).toHaveClass(/\bbutton\b/);
    await expect(portal).not.toHaveClass(/secondary/);
    await page.screenshot({ path: test.info().outputPath('tracker-done.png') });
    // The portal needs the full login (password and the phone): it says so rather than failing.
    await portal.click();
    await expect(page.getByRole('link', { name: 'ไปหน้าเข้าสู่ระบบ' })).toBeVisible();
  });
});

test.describe('the login and password pages (UX)', () => {
  test('should re-render a login error in English when the language is switched, and back in Thai, without logging in again', async ({ page }) => {
    let logins = 0;
    page.on('request', (r) => { if (r.url().endsWith('/api/auth/login')) logins++; });
    await page.goto('/');
    await page.getByLabel('รหัสผู้ใช้งาน').fill('A03002000009999');
    await page.getByLabel('รหัสผ่าน', { exact: true }).fill('Not-the-password-1');
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('รหัสผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง');
    await switchLanguage(page, 'en');
    await expect(page.getByRole('alert')).toHaveText('The username or password is incorrect.');
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('Log in');
    await switchLanguage(page, 'th');
    await expect(page.getByRole('alert')).toHaveText('รหัสผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง');
    expect(logins).toBe(1);
  });

  test('should show the department\'s help line next to the privacy link in the footer on every face', async ({ page }) => {
    for (const path of ['/', '/privacy', '/app', '/officer']) {
      await page.goto(path);
      const footer = page.getByRole('contentinfo');
      await expect(footer.getByTestId('help-line')).toHaveText('สอบถามการใช้งาน โทร. 02-032-2636');
      await expect(footer.getByRole('link', { name: '02-032-2636' })).toHaveAttribute('href', 'tel:020322636');
      await expect(footer.getByRole('link', { name: 'นโยบายความเป็นส่วนตัว' })).toHaveAttribute('href', '/privacy');
    }
    await expect(page.getByRole('main')).not.toContainText('CGD help line number');
    await page.goto('/privacy');
    await expect(page.getByRole('main')).toContainText('โทร. 02-032-2636');
  });

  test('should flag a reset password that breaks a rule before sending it, and drop the banner once the fields are fixed', async ({ page }) => {
    const { username } = await createApprovedRegistration();
    await sendPasswordReset(username);
    const mail = await waitForMail((m) => m.text.includes(username) && m.text.includes('/password/reset#'));
    let sent = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/auth/password-reset')) sent++; });
    await page.goto(/(http\S+\/password\/reset#\S+)/.exec(mail.text)![1]!);
    await expect(page.getByTestId('reset-for')).toContainText(username);

    const newPassword = page.getByLabel('รหัสผ่านใหม่', { exact: true });
    const confirm = page.getByLabel('ยืนยันรหัสผ่าน', { exact: true });
    await newPassword.fill('lowercaseonly');
    await confirm.fill('lowercaseonly');
    await page.getByRole('button', { name: 'ตั้งรหัสผ่านใหม่' }).click();
    await expect(newPassword).toHaveAttribute('aria-invalid', 'true');
    await expect(newPassword).toHaveAccessibleDescription(/ยังไม่ผ่านข้อกำหนด: .*พิมพ์ใหญ่.*ตัวเลข.*อักขระพิเศษ/);
    await expect(page.getByRole('alert')).toHaveText('กรุณาแก้ไขข้อมูลที่ระบุก่อนบันทึก');
    // The flag follows the language switch too.
    await switchLanguage(page, 'en');
    await expect(page.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/does not meet these rules yet: .*upper-case.*digit.*special/);
    await switchLanguage(page, 'th');

    // Both show-password buttons work.
    await page.getByRole('button', { name: 'แสดงรหัสผ่าน' }).first().click();
    await expect(newPassword).toHaveAttribute('type', 'text');
    await newPassword.fill(NEW_PASSWORD);
    await expect(page.getByRole('alert')).toBeHidden();
    await page.getByRole('button', { name: 'ตั้งรหัสผ่านใหม่' }).click();
    await expect(confirm).toHaveAccessibleDescription(/ยืนยันรหัสผ่านใหม่ไม่ตรงกัน$/);
    await expect(page.getByRole('alert')).toHaveText('กรุณาแก้ไขข้อมูลที่ระบุก่อนบันทึก');
    expect(sent).toBe(0);
    await confirm.fill(NEW_PASSWORD);
    await expect(page.getByRole('alert')).toBeHidden();
    await page.getByRole('button', { name: 'ตั้งรหัสผ่านใหม่' }).click();
    await expect(page.getByRole('heading', { name: 'ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว' })).toBeVisible();
    expect(sent).toBe(1);
  });
});

test.describe('the holder\'s data download', () => {
  test('should download a ZIP of the holder\'s data and appointment order once the phone approves, and only once', async ({ page, person }) => {
    test.setTimeout(90_000); // two logins through the phone, the forced password change, then the download
    const appointmentSha = await attachAppointment(person.username);
    await approveLogin(page, person, person.password);
    await forcedPasswordChange(page, person.password);
    await approveLogin(page, person, NEW_PASSWORD);

    await page.getByRole('link', { name: 'ข้อมูลส่วนตัว' }).click();
    await expect(page.getByRole('heading', { name: 'ข้อมูลของฉัน' })).toBeVisible();
    const started = page.waitForResponse((r) => r.url().endsWith('/api/portal/export') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'ดาวน์โหลดข้อมูลของฉัน' }).click();
    const { requestId } = (await (await started).json()) as { requestId: string };
    await expect(page.getByRole('heading', { name: 'ยืนยันการดาวน์โหลดข้อมูลของฉันบนโทรศัพท์มือถือ' })).toBeVisible();
    await expect(page.getByText(/คำขอนี้ใช้ได้อีก [12]:\d\d นาที/)).toBeVisible();
    const name = (await page.getByTestId('picture-name').textContent())!;
    // Nothing can be downloaded before the phone approves.
    expect((await page.request.get(`/api/portal/export/${requestId}`)).status()).toBe(409);
    await page.screenshot({ path: test.info().outputPath('export-picture.png') });

    const phone = person.phone.page;
    await openRequest(phone);
    await expect(phone.getByRole('heading', { name: 'คำขอดาวน์โหลดข้อมูลส่วนตัว' })).toBeVisible();
    await expect(phone.getByText('คอมพิวเตอร์ที่ขอจะดาวน์โหลดสำเนาข้อมูลส่วนบุคคลทั้งหมดของท่าน', { exact: false })).toBeVisible();
    const downloaded = page.waitForEvent('download');
    await phone.getByRole('button', { name, exact: true }).click();
    await expect(phone.getByRole('heading', { name: 'ยืนยันการดาวน์โหลดข้อมูลส่วนตัวแล้ว' })).toBeVisible();

    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(`softtoken-data-${person.username}.zip`);
    await expect(page.getByText(`ดาวน์โหลดไฟล์ softtoken-data-${person.username}.zip แล้ว`)).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('export-done.png') });
    const files = unzipSync(new Uint8Array(await readFile(await download.path())));
    const data = JSON.parse(strFromU8(files['data.json']!));
    expect(data.account.username).toBe(person.username);
    expect(data.person.nationalId).toMatch(/^\d{13}$/);
    expect(data.registrations).toHaveLength(1);
    expect(data.registrations[0]).toMatchObject({ status: 'activated', nationalId: data.person.nationalId, appointment: { filename: 'appointment.pdf' } });
    const pdf = files[data.registrations[0].appointment.file]!;
    expect(strFromU8(pdf.slice(0, 5))).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(appointmentSha);
    expect(data.loginHistory.some((l: { purpose: string; userAgent: string }) => l.purpose === 'login' && l.userAgent.includes('Chrome'))).toBe(true);
    // Single use: this browser is told it was already downloaded.
    expect((await page.request.get(`/api/portal/export/${requestId}`)).status()).toBe(410);
  });
});
