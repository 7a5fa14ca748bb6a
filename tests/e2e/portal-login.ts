/**
 * A staff member's login on the desktop portal, as the specs of the portal's pages drive it:
 * the password, the picture the phone taps, and the forced password change after the first login.
 */
import type { Page } from '@playwright/test';
import { expect, test as base, watchForBreakage } from './fixtures.ts';
import { savePasswordChange } from './password-form.ts';
import { activatedToken, newPhone, type Phone } from './phone.ts';

export type Person = { username: string; password: string; phone: Phone };

export const NEW_PASSWORD = 'Kh0ngDee#2568x';

/** `person`: an approved registration whose phone has activated its Soft Token (activation.spec.ts tests that part). */
export const test = base.extend<{ person: Person }>({
  person: async ({ browser, page, breakage }, use) => {
    const phone = await newPhone(browser);
    watchForBreakage(phone.context, breakage);
    const { username, password } = await activatedToken(page, phone);
    await use({ username, password, phone });
    await phone.context.close();
  },
});

/** Desktop: the password step; returns the name of the picture it then shows. */
export async function typePassword(page: Page, username: string, password: string): Promise<string> {
  await page.goto('/');
  return signIn(page, username, password);
}

/** The same on the login page already open (e.g. opened by another system with `?interaction=`). */
export async function signIn(page: Page, username: string, password: string): Promise<string> {
  await page.getByLabel('รหัสผู้ใช้งาน').fill(username);
  await page.getByLabel('รหัสผ่าน', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ยืนยันการเข้าสู่ระบบด้วย Soft Token');
  const name = (await page.getByTestId('picture-name').textContent())!;
  await expect(page.getByRole('img', { name, exact: true })).toBeVisible();
  return name;
}

/** Phone: open the app, then the waiting request (the live list shows it without push). */
export async function openRequest(phone: Page) {
  await phone.goto('/app');
  await phone.getByRole('link', { name: 'เปิดคำขอ' }).click();
}

/** The password, then the phone taps the same picture. */
export async function approveLogin(page: Page, person: Person, password: string) {
  await approveOnPhone(person, await typePassword(page, person.username, password));
}

/** The phone taps the picture the desktop shows. */
export async function approveOnPhone(person: Person, name: string) {
  await openRequest(person.phone.page);
  await person.phone.page.getByRole('button', { name, exact: true }).click();
  await expect(person.phone.page.getByRole('heading', { name: 'เข้าสู่ระบบสำเร็จ' })).toBeVisible();
}

/** The manual's chapter 4: กรุณาเปลี่ยน Password ใช้งาน → form → ต้องการบันทึกข้อมูล ใช่หรือไม่? → กรุณา Login เข้าสู่ระบบใหม่. */
export async function forcedPasswordChange(page: Page, oldPassword: string) {
  await expect(page.getByRole('alert').getByRole('heading', { name: 'กรุณาเปลี่ยน Password ใช้งาน' })).toBeVisible();
  await page.getByRole('alert').getByRole('button', { name: 'ตกลง' }).click();
  await savePasswordChange(page, oldPassword, NEW_PASSWORD);
  await expect(page.getByRole('alert').getByRole('heading', { name: 'กรุณา Login เข้าสู่ระบบใหม่' })).toBeVisible();
  await page.getByRole('alert').getByRole('button', { name: 'ตกลง' }).click();
  await expect(page.getByRole('heading', { name: 'เข้าสู่ระบบ', level: 2 })).toBeVisible();
}
