/**
 * An officer's sign-in as officers do it (FLOWS §7): the first time, the initial password is
 * changed and a passkey enrolled (the computer's screen lock: a CDP virtual authenticator,
 * user verification on); every later time the password leads to "confirm with your passkey",
 * and a browser without that passkey does not get into the console.
 */
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import { E2E } from './env.ts';
import { createAccount, expect, test as base, watchForBreakage } from './fixtures.ts';
import { strongPassword } from './officer-sign-in.ts';
import { savePasswordChange } from './password-form.ts';

type Computer = { context: BrowserContext; page: Page; cdp: CDPSession; authenticatorId: string };

const test = base.extend<{ openComputer: () => Promise<Computer> }>({
  // A computer whose screen lock (Windows Hello, Touch ID) is a virtual platform authenticator.
  openComputer: async ({ browser, breakage }, use) => {
    const opened: BrowserContext[] = [];
    await use(async () => {
      const computer = await newComputer(browser);
      watchForBreakage(computer.context, breakage);
      opened.push(computer.context);
      return computer;
    });
    for (const context of opened) await context.close();
  },
});

async function newComputer(browser: Browser): Promise<Computer> {
  const context = await browser.newContext({ baseURL: E2E.origin });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  return { context, page, cdp, authenticatorId };
}

async function typePassword(page: Page, username: string, password: string) {
  await page.getByLabel('รหัสผู้ใช้งาน (Username)').fill(username);
  await page.getByLabel('รหัสผ่าน (Password)').fill(password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
}

test.describe('officer sign-in with a passkey', () => {
  test('should take the first sign-in through the password change and passkey enrolment, then ask for the passkey every time', async ({ openComputer }) => {
    test.setTimeout(60_000);
    const officer = await createAccount({ roles: ['officer'], displayName: 'เจ้าหน้าที่กุญแจ' });
    const computer = await openComputer();
    const { page } = computer;

    // First sign-in: the slip's password, then the forced change…
    await page.goto('/officer/registrations');
    await expect(page).toHaveURL(/\/officer\/login\?next=/);
    await typePassword(page, officer.username, officer.initialPassword);
    await expect(page.getByRole('list', { name: 'ขั้นตอนการเข้าสู่ระบบครั้งแรก' }).locator('[aria-current="step"]')).toHaveText('1. เปลี่ยนรหัสผ่าน');
    expect((await page.request.get('/api/officer/dashboard')).status()).toBe(403);
    await expect(page.getByRole('alert')).toContainText('กรุณาเปลี่ยน Password ใช้งาน');
    await page.getByRole('button', { name: 'ตกลง' }).click();
    const password = strongPassword();
    await savePasswordChange(page, officer.initialPassword, password);

    // …then the passkey, explained, before anything else.
    await expect(page).toHaveURL(/\/officer\/passkey\/enrol\?next=%2Fofficer%2Fregistrations$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ลงทะเบียนกุญแจ (passkey)');
    await expect(page.getByText(/กุญแจ \(passkey\) คือการยืนยันตัวตนด้วยอุปกรณ์ที่อยู่กับท่าน/)).toBeVisible();
    for (const option of [/คอมพิวเตอร์เครื่องนี้/, /กุญแจความปลอดภัย \(security key\)/, /โทรศัพท์มือถือ: เลือก "ใช้โทรศัพท์หรือแท็บเล็ต"/]) {
      await expect(page.getByRole('listitem').filter({ hasText: option })).toBeVisible();
    }
    expect((await page.request.get('/api/officer/dashboard')).status()).toBe(403);
    await page.getByRole('button', { name: 'ลงทะเบียนกุญแจ' }).click();
    await expect(page).toHaveURL(`${E2E.origin}/officer/registrations`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('อนุมัติการลงทะเบียน');
    const { credentials } = await computer.cdp.send('WebAuthn.getCredentials', { authenticatorId: computer.authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.rpId).toBe('localhost');

    // Signed out, the password alone leads only to "confirm with your passkey".
    await page.getByRole('button', { name: 'ออกจากระบบ' }).click();
    await expect(page).toHaveURL(/\/officer\/login/);

    // Another computer, with a screen lock but not this officer's passkey, knows the password: it does not get in.
    const stranger = await openComputer();
    await stranger.page.goto('/officer');
    await typePassword(stranger.page, officer.username, password);
    await expect(stranger.page.getByRole('heading', { level: 1 })).toHaveText('ยืนยันตัวตนด้วยกุญแจ (passkey)');
    await stranger.page.getByRole('button', { name: 'ยืนยันด้วยกุญแจ' }).click();
    await expect(stranger.page.getByRole('alert')).toContainText('อุปกรณ์ที่เลือกไม่มีกุญแจของบัญชีนี้', { timeout: 20_000 });
    expect((await stranger.page.request.get('/api/officer/dashboard')).status()).toBe(403);
    await stranger.page.goto('/officer/registrations');
    await expect(stranger.page).toHaveURL(/\/officer\/passkey\?next=/);
    await stranger.page.goto('/officer/passkey/enrol');
    await expect(stranger.page).toHaveURL(/\/officer\/login/);

    // The officer's own computer, with the passkey, gets in.
    await page.goto('/officer');
    await typePassword(page, officer.username, password);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ยืนยันตัวตนด้วยกุญแจ (passkey)');
    await page.getByRole('button', { name: 'ยืนยันด้วยกุญแจ' }).click();
    await expect(page).toHaveURL(`${E2E.origin}/officer`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ภาพรวมงานที่รอดำเนินการ');
    expect((await page.request.get('/api/officer/dashboard')).status()).toBe(200);
  });

  test('should say what to do in plain words when the passkey prompt is cancelled, and let the officer try again', async ({ openComputer }) => {
    const officer = await createAccount({ roles: ['officer'] });
    const computer = await openComputer();
    const { page } = computer;
    await page.goto('/officer');
    await typePassword(page, officer.username, officer.initialPassword);
    await page.getByRole('button', { name: 'ตกลง' }).click();
    const password = strongPassword();
    await savePasswordChange(page, officer.initialPassword, password);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ลงทะเบียนกุญแจ (passkey)');

    // The person does not confirm on the device (no user verification given): the browser says NotAllowedError.
    await computer.cdp.send('WebAuthn.setUserVerified', { authenticatorId: computer.authenticatorId, isUserVerified: false });
    await page.getByRole('button', { name: 'ลงทะเบียนกุญแจ' }).click();
    await expect(page.getByRole('alert')).toContainText('การสร้างกุญแจถูกยกเลิกหรือหมดเวลา กรุณากดปุ่มอีกครั้ง', { timeout: 20_000 });
    expect((await page.request.get('/api/officer/dashboard')).status()).toBe(403);

    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enrol a passkey');

    // Confirmed this time: the console opens.
    await computer.cdp.send('WebAuthn.setUserVerified', { authenticatorId: computer.authenticatorId, isUserVerified: true });
    await page.getByRole('button', { name: 'Enrol a passkey' }).click();
    await expect(page).toHaveURL(`${E2E.origin}/officer`);
  });
});
