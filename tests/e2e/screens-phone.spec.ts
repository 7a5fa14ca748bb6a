/**
 * Every screen of the phone app (/app) passes the screen check (tests/e2e/screens.ts):
 * axe-core at a desktop and a phone size in Thai and English, nothing wider than 360 px, one
 * <h1> naming the page. Also what a person notices on those screens: the install guide
 * offline, what each refusal button does, and an error re-worded by the language switch.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { PICTURES } from '../../api/domain/pictures.ts';
import {
  createApprovedRegistration, createLoginRequest, expect, expireLoginRequest, setTokenValidity, test as base, watchForBreakage,
} from './fixtures.ts';
import { activatedToken, newPhone, type Phone } from './phone.ts';
import { checkScreen, switchLanguage, VIEWPORTS } from './screens.ts';

const test = base.extend<{ phone: Phone }>({
  // The person's phone, its own browser; the test's `page` is their computer.
  phone: async ({ browser, breakage }, use) => {
    const phone = await newPhone(browser);
    watchForBreakage(phone.context, breakage);
    await use(phone);
    await phone.context.close();
  },
});

/** axe-core (WCAG 2.2 A/AA) at both sizes of the screen check, on a state checkScreen cannot switch the language of. */
async function expectNoAxeViolations(page: Page, name: string) {
  const size = page.viewportSize();
  const problems: string[] = [];
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
    problems.push(...result.violations.map((v) => `${name} [${label}]: ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' · ')}`));
  }
  if (size) await page.setViewportSize(size);
  expect(problems, problems.join('\n')).toEqual([]);
}

/** The Thai name the phone's grid gives a picture (its button's name). */
function thaiName(pictureId: string): string {
  return PICTURES.find((p) => p.id === pictureId)!.th;
}

/** Phone: open the app and the waiting request from its live list. */
async function openRequest(phone: Page) {
  await phone.goto('/app');
  await phone.getByRole('link', { name: 'เปิดคำขอ' }).click();
}

test.describe('the phone app before activation', () => {
  test('should pass the screen check on the install guide and every step of activation when the phone is new', async ({ phone }) => {
    test.setTimeout(180_000);
    const app = phone.page;
    await app.goto('/app');
    await expect(app.getByRole('heading', { name: 'ติดตั้งแอปไว้ที่หน้าจอหลัก' })).toBeVisible();
    await checkScreen(app, 'app home, not activated (install guide)');

    await app.getByRole('link', { name: 'พิมพ์รหัส' }).click();
    await expect(app.getByLabel('รหัส Activate (8 ตัวอักษร)')).toBeVisible();
    await checkScreen(app, 'activation, typing the code');

    await app.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(app.getByRole('alert')).toHaveText('กรุณาพิมพ์รหัส Activate');
    await checkScreen(app, 'activation, no code typed');

    await app.getByLabel('รหัส Activate (8 ตัวอักษร)').fill('ZZZZ-9999');
    await app.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(app.getByRole('alert')).toContainText('รหัส Activate ไม่ถูกต้อง หมดอายุ หรือถูกใช้งานแล้ว');
    await checkScreen(app, 'activation, a code the server refuses');

    await app.goto('/app/activate');
    await expect(app.getByRole('button', { name: 'สแกน QR Code' })).toBeVisible();
    await checkScreen(app, 'activation, choosing scan or type');

    // Headless Chromium has no camera: the scanner says so and offers typing instead.
    await app.getByRole('button', { name: 'สแกน QR Code' }).click();
    await expect(app.getByRole('alert')).toContainText('ไม่สามารถเปิดกล้องได้');
    await checkScreen(app, 'activation, scanner without a camera');

    await app.goto(`/app/requests/${crypto.randomUUID()}`);
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('โทรศัพท์เครื่องนี้ยังไม่ได้ Activate Soft Token');
    await checkScreen(app, 'a request opened on a phone that is not activated');

    // The server cannot be reached when a notification's tap opens the request.
    await app.route('**/api/device/requests', (route) => route.abort('internetdisconnected'));
    await app.goto(`/app/requests/${crypto.randomUUID()}`);
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('ไม่สามารถเปิดคำขอได้');
    await expect(app.getByRole('alert')).toHaveText('ไม่สามารถติดต่อระบบได้ กรุณาตรวจสอบการเชื่อมต่ออินเทอร์เน็ตแล้วลองใหม่');
    await checkScreen(app, 'a request that cannot be loaded');
  });

  test('should re-word an activation error already on screen when the language is switched', async ({ phone }) => {
    const app = phone.page;
    await app.goto('/app/activate?via=type');
    await app.getByLabel('รหัส Activate (8 ตัวอักษร)').fill('ZZZZ-9999');
    await app.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(app.getByRole('alert')).toHaveText('รหัส Activate ไม่ถูกต้อง หมดอายุ หรือถูกใช้งานแล้ว กรุณาขอรหัสใหม่จากหน้าจอคอมพิวเตอร์');

    await switchLanguage(app, 'en');
    await expect(app.getByRole('alert')).toHaveText('The activation code is wrong, expired or already used. Ask for a new code on the computer.');
    await switchLanguage(app, 'th');
    await expect(app.getByRole('alert')).toHaveText('รหัส Activate ไม่ถูกต้อง หมดอายุ หรือถูกใช้งานแล้ว กรุณาขอรหัสใหม่จากหน้าจอคอมพิวเตอร์');
  });

  test('should show the install guide and say activation needs a connection when a new phone opens the app offline', async ({ phone }) => {
    const app = phone.page;
    await app.goto('/app');
    await expect(app.getByRole('heading', { name: 'ติดตั้งแอปไว้ที่หน้าจอหลัก' })).toBeVisible();
    // The service worker is installed and active after this first visit.
    await app.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);

    await phone.context.setOffline(true);
    await app.reload();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Soft Token');
    await expect(app.getByRole('heading', { name: 'โทรศัพท์ไม่ได้เชื่อมต่ออินเทอร์เน็ต' })).toBeVisible();
    await expect(app.getByText('การ Activate Soft Token ต้องเชื่อมต่ออินเทอร์เน็ต')).toBeVisible();
    await expect(app.getByRole('heading', { name: 'ติดตั้งแอปไว้ที่หน้าจอหลัก' })).toBeVisible();
    await expect(app.locator('.install-guide').first()).toHaveAttribute('data-system', 'android');
    await expect(app.getByRole('link', { name: 'พิมพ์รหัส' })).toBeVisible();
    await checkScreen(app, 'app home, not activated, offline');
    await app.screenshot({ path: test.info().outputPath('offline-install-guide.png'), fullPage: true });

    // Back online, ลองใหม่ finds the server and the offline notice goes.
    await phone.context.setOffline(false);
    await app.getByRole('button', { name: 'ลองใหม่' }).click();
    await expect(app.getByRole('heading', { name: 'โทรศัพท์ไม่ได้เชื่อมต่ออินเทอร์เน็ต' })).toHaveCount(0);
    await expect(app.getByRole('heading', { name: 'ติดตั้งแอปไว้ที่หน้าจอหลัก' })).toBeVisible();
  });
});

test.describe('the phone app after activation', () => {
  test('should pass the screen check from the QR link to the home page in every notification state', async ({ page, phone }) => {
    test.setTimeout(180_000);
    const { username, initialPassword } = await createApprovedRegistration();
    expect(await (await page.request.post('/api/auth/login', { data: { username, password: initialPassword } })).json()).toEqual({ next: 'tracker' });
    const { url } = await (await page.request.post('/api/registration/activation')).json() as { url: string };
    const app = phone.page;

    await app.goto(url);
    await expect(app.getByText(`สำหรับผู้ใช้งาน ${username}`)).toBeVisible();
    await checkScreen(app, 'activation, code from the QR link');

    await app.getByRole('button', { name: 'Activate', exact: true }).click();
    await expect(app.getByRole('heading', { name: 'Soft Token พร้อมใช้งาน' })).toBeVisible();
    await checkScreen(app, 'activation done');

    // Headless Chromium refuses notifications unless granted.
    await app.getByRole('button', { name: 'เปิดการแจ้งเตือน' }).click();
    await expect(app.getByRole('alert')).toContainText('ท่านไม่ได้อนุญาตการแจ้งเตือน');
    await checkScreen(app, 'activation done, notifications refused');

    await app.getByRole('link', { name: 'ไปที่หน้าหลักของแอป' }).click();
    await expect(app.locator('.token-card')).toContainText(username);
    await expect(app.locator('.token-card .badge')).toHaveText('ใช้งานได้');
    await checkScreen(app, 'app home, active token');

    // Allowed, but no push service answers (as on a phone without Google services).
    await phone.context.grantPermissions(['notifications'], { origin: new URL(url).origin });
    await app.getByRole('button', { name: 'เปิดการแจ้งเตือน' }).click();
    await expect(app.getByRole('alert')).toContainText('ไม่สามารถเปิดการแจ้งเตือนได้ในขณะนี้');
    await checkScreen(app, 'app home, notifications unavailable');

    // The server found the subscription dead.
    await app.route('**/api/device', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), push: 'dead' } });
    });
    await app.reload();
    await expect(app.locator('.push-state')).toHaveText('การแจ้งเตือนหยุดทำงาน');
    await checkScreen(app, 'app home, notifications stopped working');
    await app.unroute('**/api/device');

    // A browser without Web Push at all.
    await phone.context.addInitScript(() => {
      delete (window as { PushManager?: unknown }).PushManager;
    });
    await app.reload();
    await expect(app.getByText('เบราว์เซอร์นี้รับการแจ้งเตือนไม่ได้')).toBeVisible();
    await checkScreen(app, 'app home, a browser without notifications');

    // An activated phone offline: the token is there but cannot be checked; it says so and offers ลองใหม่.
    await phone.context.setOffline(true);
    await app.reload();
    await expect(app.getByRole('alert')).toHaveText('ไม่สามารถติดต่อระบบได้ กรุณาตรวจสอบการเชื่อมต่ออินเทอร์เน็ตแล้วลองใหม่');
    await expect(app.getByRole('button', { name: 'ลองใหม่' })).toBeVisible();
    await checkScreen(app, 'app home, activated, offline');
    await phone.context.setOffline(false);
  });

  test('should pass the screen check on a login request and on each of its answers', async ({ page, phone }) => {
    test.setTimeout(240_000);
    const { username } = await activatedToken(page, phone);
    const app = phone.page;

    const approved = await createLoginRequest(username);
    await app.goto('/app');
    await expect(app.getByRole('link', { name: 'เปิดคำขอ' })).toBeVisible();
    await checkScreen(app, 'app home, a request waiting');
    await app.getByRole('link', { name: 'เปิดคำขอ' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('คำขอเข้าสู่ระบบ New GFMIS Thai');
    await expect(app.locator('.picture-grid img')).toHaveCount(9);
    await checkScreen(app, 'login request with the pictures');
    await app.getByRole('button', { name: thaiName(approved.picture), exact: true }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('เข้าสู่ระบบสำเร็จ');
    await checkScreen(app, 'login approved');

    const wrong = await createLoginRequest(username);
    await openRequest(app);
    await expect(app.locator('.picture-grid img')).toHaveCount(9);
    const other = (await app.locator('.picture-grid img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')!)))
      .find((name) => name !== thaiName(wrong.picture))!;
    await app.getByRole('button', { name: other, exact: true }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('ภาพที่เลือกไม่ตรงกับภาพบนหน้าจอคอมพิวเตอร์ การเข้าสู่ระบบถูกปฏิเสธ');
    await checkScreen(app, 'login denied by a wrong picture');

    await createLoginRequest(username);
    await openRequest(app);
    await app.getByRole('button', { name: 'Deny', exact: true }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('ปฏิเสธการเข้าสู่ระบบแล้ว');
    await checkScreen(app, 'login denied');

    const expired = await createLoginRequest(username);
    await expireLoginRequest(expired.id);
    await app.goto(`/app/requests/${expired.id}`);
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('คำขอนี้หมดอายุหรือดำเนินการไปแล้ว');
    await checkScreen(app, 'an expired request');

    await createLoginRequest(username, 'renew');
    await openRequest(app);
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Update Profile');
    await checkScreen(app, 'renewal request');
    await app.getByRole('button', { name: 'Accept' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Profile updated Successfully');
    await checkScreen(app, 'renewal approved');

    const exported = await createLoginRequest(username, 'export');
    await openRequest(app);
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('คำขอดาวน์โหลดข้อมูลส่วนตัว');
    await checkScreen(app, 'data download request');
    await app.getByRole('button', { name: thaiName(exported.picture), exact: true }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('ยืนยันการดาวน์โหลดข้อมูลส่วนตัวแล้ว');
    await checkScreen(app, 'data download approved');

    const revoked = await createLoginRequest(username, 'revoke', 'ลาออก');
    await openRequest(app);
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('คำขอยกเลิกการใช้งาน Soft Token');
    await expect(app.getByText('เหตุผล: ลาออก')).toBeVisible();
    await checkScreen(app, 'revocation request');
    await app.getByRole('button', { name: thaiName(revoked.picture), exact: true }).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('ยกเลิกการใช้งาน Soft Token เรียบร้อยแล้ว');
    await checkScreen(app, 'revocation approved');

    await app.goto('/app');
    await expect(app.getByRole('heading', { name: 'Soft Token ถูกยกเลิกแล้ว' })).toBeVisible();
    await checkScreen(app, 'app home, token revoked');
    await app.goto(`/app/requests/${revoked.id}`);
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Soft Token ถูกยกเลิกแล้ว');
    await checkScreen(app, 'a request opened after the token was revoked');
  });

  test('should pass the screen check on an expired token, on "this was not me" and on the suspended token it leaves', async ({ page, phone }) => {
    test.setTimeout(180_000);
    const { username } = await activatedToken(page, phone);
    const app = phone.page;

    await setTokenValidity(username, -1);
    await app.goto('/app');
    await expect(app.locator('.token-card .badge')).toHaveText('หมดอายุ');
    await expect(app.locator('.token-card')).toContainText('Soft Token นี้หมดอายุแล้ว');
    await checkScreen(app, 'app home, token expired');
    await setTokenValidity(username, 700);

    await createLoginRequest(username);
    await openRequest(app);
    // The modal confirmation keeps the language switch out of reach: it is checked in each language in turn.
    for (const [lang, title] of [['en', 'Was this not you?'], ['th', 'ไม่ได้เป็นผู้เข้าสู่ระบบใช่หรือไม่?']] as const) {
      await switchLanguage(app, lang);
      await app.getByRole('button', { name: 'ไม่ใช่ฉัน / This was not me' }).click();
      await expect(app.getByRole('dialog', { name: title })).toBeVisible();
      await expectNoAxeViolations(app, `"this was not me", confirming [${lang}]`);
      if (lang === 'en') await app.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    }
    await app.getByRole('dialog').getByRole('button', { name: 'ยืนยัน ไม่ใช่ฉัน' }).click();
    await expect(app.getByRole('heading', { level: 1 })).toContainText('ระงับ Soft Token และรหัสผ่านเดิม');
    await checkScreen(app, '"this was not me", done');

    await app.goto('/app');
    await expect(app.locator('.token-card .badge')).toHaveText('ถูกระงับการใช้งาน');
    await checkScreen(app, 'app home, token suspended');
  });

  test('should say what Deny and "this was not me" each do when a request is open', async ({ page, phone }) => {
    const { username } = await activatedToken(page, phone);
    const app = phone.page;
    await createLoginRequest(username);
    await openRequest(app);

    const deny = app.getByRole('button', { name: 'Deny', exact: true });
    const notMe = app.getByRole('button', { name: 'ไม่ใช่ฉัน / This was not me' });
    await expect(deny).toHaveAccessibleDescription('ปฏิเสธคำขอนี้เท่านั้น Soft Token และรหัสผ่านของท่านยังใช้งานได้ตามปกติ');
    await expect(notMe).toHaveAccessibleDescription('ปฏิเสธคำขอนี้ ระงับ Soft Token และรหัสผ่านทันที และแจ้งเจ้าหน้าที่ ใช้เมื่อท่านไม่ได้เป็นผู้ขอ');
    // The same words are on screen, under each button.
    await expect(app.getByText('ปฏิเสธคำขอนี้เท่านั้น Soft Token และรหัสผ่านของท่านยังใช้งานได้ตามปกติ')).toBeVisible();
    await app.screenshot({ path: test.info().outputPath('refusals.png'), fullPage: true });

    await switchLanguage(app, 'en');
    await expect(deny).toHaveAccessibleDescription('Refuses this request only; your Soft Token and password keep working.');
    await expect(notMe).toHaveAccessibleDescription('Refuses it, suspends your Soft Token and password at once and alerts officers: for a request you did not make.');
  });
});
