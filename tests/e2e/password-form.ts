/** The password change form every face shares (web/portal/login/PasswordFields.tsx), filled in as a person does. */
import type { Page } from '@playwright/test';

/** รหัสผ่านเดิม, รหัสผ่านใหม่, ยืนยันรหัสผ่าน → บันทึก → ต้องการบันทึกข้อมูล ใช่หรือไม่? → บันทึก. */
export async function savePasswordChange(page: Page, oldPassword: string, newPassword: string) {
  await page.getByLabel('รหัสผ่านเดิม', { exact: true }).fill(oldPassword);
  await page.getByLabel('รหัสผ่านใหม่', { exact: true }).fill(newPassword);
  await page.getByLabel('ยืนยันรหัสผ่าน', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'บันทึก' }).click();
  await page.getByRole('dialog', { name: 'ต้องการบันทึกข้อมูล ใช่หรือไม่?' }).getByRole('button', { name: 'บันทึก' }).click();
}
