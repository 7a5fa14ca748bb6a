/**
 * Every state of the desktop portal's login and self-service pages passes the screen check
 * (issue #16): axe-core WCAG 2.2 A/AA at a desktop and a phone size in Thai and English, no
 * sideways scrolling at 360 px, one <h1> and a title that names it.
 */
import { startDemoPortal } from '../../examples/portal/server.ts';
import {
  createApprovedRegistration, createOidcClient, expect, expireLoginRequest, sendPasswordReset, setTokenValidity, waitForMail,
} from './fixtures.ts';
import { E2E } from './env.ts';
import {
  approveLogin, approveOnPhone, forcedPasswordChange, NEW_PASSWORD, openRequest, signIn, test, typePassword,
} from './portal-login.ts';
import { checkScreen } from './screens.ts';

const SIGN_IN = 'เข้าสู่ระบบด้วย Soft Token / Sign in with Soft Token';

test.describe('the portal\'s screens (axe-core, 360 px, one <h1> named in the title)', () => {
  test('should pass on the public pages and the login page\'s error states when nobody is logged in', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/');
    await expect(page.getByRole('status')).toHaveText('ระบบพร้อมใช้งาน');
    await checkScreen(page, 'login');

    await page.getByLabel('รหัสผู้ใช้งาน').fill('A03002000001234');
    await page.getByLabel('รหัสผ่าน', { exact: true }).fill('Not-the-password-1');
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('รหัสผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง');
    await checkScreen(page, 'login, wrong password');

    await page.getByLabel('รหัสผ่าน', { exact: true }).fill('');
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(page.getByText('กรุณากรอกรหัสผ่าน')).toBeVisible();
    await checkScreen(page, 'login, empty password');

    await page.goto('/privacy');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('นโยบายความเป็นส่วนตัว');
    await checkScreen(page, 'privacy notice');

    await page.goto('/help/passkey');
    await checkScreen(page, 'passkey help');

    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ไม่พบหน้าที่ต้องการ');
    await checkScreen(page, 'not found');

    await page.goto('/password/reset');
    await expect(page.getByTestId('reset-invalid')).toBeVisible();
    await checkScreen(page, 'password reset, no code in the link');
    // A new document: a change of the fragment alone would not open the page again.
    await page.goto('/');
    await page.goto('/password/reset#not-a-real-token-0123456789abcdef');
    await expect(page.getByTestId('reset-invalid')).toContainText('ลิงก์ตั้งรหัสผ่านใหม่นี้หมดอายุหรือถูกใช้งานแล้ว');
    await checkScreen(page, 'password reset, expired link');

    await page.goto('/login/approve/00000000-0000-4000-8000-000000000000');
    await expect(page.getByText('ไม่พบคำขอเข้าสู่ระบบนี้บนเบราว์เซอร์นี้ กรุณาเข้าสู่ระบบใหม่')).toBeVisible();
    await checkScreen(page, 'approve, unknown request');

    await page.goto('/consent');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('รายการหมดอายุ');
    await checkScreen(page, 'consent, no such request');

    await page.goto('/portal');
    await expect(page.getByRole('link', { name: 'ไปหน้าเข้าสู่ระบบ' })).toBeVisible();
    await checkScreen(page, 'portal, not logged in');
  });

  test('should pass on the login page when another system opened it', async ({ page }) => {
    await page.goto(`http://localhost:${E2E.portalPort}/`);
    await page.getByRole('button', { name: SIGN_IN }).click();
    await expect(page).toHaveURL(new RegExp(`^${E2E.origin}/\\?interaction=[\\w-]+$`));
    await expect(page.getByTestId('oidc-client')).toBeVisible();
    await checkScreen(page, 'login for another system');
  });

  test('should pass on the picture, its denial and expiry, and the forced password change when a token holder logs in', async ({ page, person }) => {
    test.setTimeout(180_000);
    await typePassword(page, person.username, person.password);
    await checkScreen(page, 'approve, waiting with the picture');

    await openRequest(person.phone.page);
    await person.phone.page.getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByText('การเข้าสู่ระบบถูกปฏิเสธบนโทรศัพท์มือถือ (Deny)')).toBeVisible();
    await checkScreen(page, 'approve, denied');

    await typePassword(page, person.username, person.password);
    await expireLoginRequest(page.url().split('/').at(-1)!);
    await expect(page.getByText('คำขอเข้าสู่ระบบหมดเวลา (2 นาที) โดยยังไม่ได้รับการยืนยันบนโทรศัพท์มือถือ')).toBeVisible();
    await checkScreen(page, 'approve, expired');

    await approveLogin(page, person, person.password);
    await expect(page.getByRole('alert').getByRole('heading', { name: 'กรุณาเปลี่ยน Password ใช้งาน' })).toBeVisible();
    await checkScreen(page, 'forced password change, notice');
    await page.getByRole('alert').getByRole('button', { name: 'ตกลง' }).click();
    await checkScreen(page, 'forced password change, form');
    await page.getByRole('button', { name: 'บันทึก' }).click();
    await expect(page.getByLabel('รหัสผ่านเดิม', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await checkScreen(page, 'forced password change, empty fields');
  });

  test('should pass on the portal, its menu pages, the expiry notice, renewal and revocation when the holder is logged in', async ({ page, person }) => {
    test.setTimeout(240_000);
    await approveLogin(page, person, person.password);
    await forcedPasswordChange(page, person.password);

    await approveLogin(page, person, NEW_PASSWORD);
    await expect(page.getByTestId('token-valid-until')).toBeVisible();
    await checkScreen(page, 'portal');
    // On a 360 px phone the logout button keeps its one line (it wrapped into three).
    await page.setViewportSize({ width: 360, height: 740 });
    const logout = page.getByRole('button', { name: 'ออกจากระบบ' });
    const lines = await logout.evaluate((b) => Math.round(b.getBoundingClientRect().height / parseFloat(getComputedStyle(b).lineHeight)));
    expect(lines).toBeLessThanOrEqual(2);
    await expect(logout).toHaveCSS('white-space', 'nowrap');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('link', { name: 'ข้อมูลส่วนตัว' }).click();
    await expect(page.getByRole('heading', { name: 'ข้อมูลของฉัน' })).toBeVisible();
    await checkScreen(page, 'portal, profile');
    await page.getByRole('link', { name: 'แก้ไขข้อมูลรหัสผ่าน' }).click();
    await expect(page.getByLabel('รหัสผ่านเดิม', { exact: true })).toBeVisible();
    // Each of the three fields has its show-password button, as on the login page.
    await expect(page.getByRole('button', { name: 'แสดงรหัสผ่าน' })).toHaveCount(3);
    await checkScreen(page, 'portal, password');
    await page.getByRole('link', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    await page.getByRole('button', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    await expect(page.getByText('กรุณาเลือกเหตุผล')).toBeVisible();
    await checkScreen(page, 'portal, revoke, no reason');

    // The expiry notice and renewal (its waiting state).
    await setTokenValidity(person.username, 10);
    await page.goto('/portal/notice');
    await expect(page.getByText(/จะหมดอายุในอีก 10 วัน/)).toBeVisible();
    await checkScreen(page, 'expiry notice');
    await page.getByRole('button', { name: 'Renew Soft Token' }).click();
    await expect(page.getByRole('heading', { name: 'เริ่มการต่ออายุ Soft Token' })).toBeVisible();
    await checkScreen(page, 'renewal');
    await page.getByRole('button', { name: 'ต่ออายุ Soft Token' }).click();
    await expect(page.getByText('ส่งคำขอต่ออายุไปยังโทรศัพท์มือถือแล้ว')).toBeVisible();
    await page.getByRole('button', { name: 'ตรวจสอบสถานะ' }).click();
    await expect(page.getByText('ยังไม่ได้รับการยืนยันบนโทรศัพท์มือถือ กรุณาเลือกปุ่ม Accept ในแอป Soft Token')).toBeVisible();
    await checkScreen(page, 'renewal, waiting for the phone');

    // An expired token: the login leads to the renewal first.
    await setTokenValidity(person.username, -1);
    await page.goto('/');
    await page.getByLabel('รหัสผู้ใช้งาน').fill(person.username);
    await page.getByLabel('รหัสผ่าน', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
    await expect(page.getByText('Certificate ของ Soft Token หมดอายุแล้ว', { exact: false })).toBeVisible();
    await checkScreen(page, 'renewal, expired token');
    await page.getByRole('button', { name: 'ต่ออายุ Soft Token' }).click();
    await openRequest(person.phone.page);
    await person.phone.page.getByRole('button', { name: 'Accept' }).click();
    await expect(page.getByText('✓ ดำเนินการแล้ว')).toBeVisible();
    await checkScreen(page, 'renewal, done');
    await page.getByRole('button', { name: 'เข้าสู่ GFMIS Web Portal' }).click();

    await page.getByRole('link', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    await page.getByLabel('ลาออก').check();
    await page.getByRole('button', { name: 'ยกเลิกการใช้งาน Soft Token' }).click();
    await page.getByRole('dialog', { name: 'ยืนยันการยกเลิกการใช้งาน Soft Token' }).getByRole('button', { name: 'ยืนยัน' }).click();
    const name = (await page.getByTestId('picture-name').textContent())!;
    await checkScreen(page, 'portal, revoke, waiting for the phone');
    await openRequest(person.phone.page);
    await person.phone.page.getByRole('button', { name, exact: true }).click();
    await expect(page.getByRole('heading', { name: 'ยกเลิกการใช้งาน Soft Token เรียบร้อยแล้ว' })).toBeVisible();
    await checkScreen(page, 'portal, revoked');
  });

  test('should pass on the reset page when the emailed link is valid', async ({ page }) => {
    const { username } = await createApprovedRegistration();
    await sendPasswordReset(username);
    const mail = await waitForMail((m) => m.text.includes(username) && m.text.includes('/password/reset#'));
    await page.goto(/(http\S+\/password\/reset#\S+)/.exec(mail.text)![1]!);
    await expect(page.getByTestId('reset-for')).toContainText(username);
    await checkScreen(page, 'password reset, valid link');
  });

  test('should pass on the consent page when a third-party system asks for the holder\'s data', async ({ page, person }) => {
    test.setTimeout(120_000);
    await approveLogin(page, person, person.password);
    await forcedPasswordChange(page, person.password);
    const origin = `http://localhost:${E2E.secondPortalPort}`;
    const client = await createOidcClient({ name: 'ระบบภายนอกทดสอบ', redirectUris: [`${origin}/callback`], firstParty: false });
    const other = await startDemoPortal({ port: E2E.secondPortalPort, issuer: E2E.origin, clientId: client.client_id, clientSecret: client.client_secret });
    try {
      await page.goto(`${other.url}/`);
      await page.getByRole('button', { name: SIGN_IN }).click();
      await approveOnPhone(person, await signIn(page, person.username, NEW_PASSWORD));
      await expect(page).toHaveURL(/\/consent\?interaction=/);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('ระบบภายนอกทดสอบ');
      await checkScreen(page, 'consent');
    } finally {
      await other.close();
    }
  });
});
