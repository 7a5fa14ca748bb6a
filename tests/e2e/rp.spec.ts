/**
 * [RP] Signing in to another system with Soft Token (issue #14): the demo relying portal
 * (examples/portal/server.ts, started by the e2e system on E2E.portalPort) sends the browser
 * to our login; the phone approves with picture matching (or renews an expired token first);
 * the browser comes back to the portal with the user's claims. Signing out there ends our own
 * session and, by back-channel logout, the user's session at a second portal.
 */
import type { Page } from '@playwright/test';
import { startDemoPortal } from '../../examples/portal/server.ts';
import { createOidcClient, expect, setTokenValidity, test as base, watchForBreakage } from './fixtures.ts';
import { E2E } from './env.ts';
import { savePasswordChange } from './password-form.ts';
import { activatedToken, newPhone, type Phone } from './phone.ts';
import { NEW_PASSWORD } from './portal-login.ts';

type Person = { username: string; password: string; phone: Phone };

const PORTAL = `http://localhost:${E2E.portalPort}`;
const SIGN_IN = 'เข้าสู่ระบบด้วย Soft Token / Sign in with Soft Token';
const SIGN_OUT = 'ออกจากระบบ / Sign out';

/** Phone: open the app, then the waiting request (the live list shows it without push). */
async function openRequest(phone: Page) {
  await phone.goto('/app');
  await phone.getByRole('link', { name: 'เปิดคำขอ' }).click();
}

/** Desktop, on our login page: the password; returns the picture it then shows. */
async function typePassword(page: Page, username: string, password: string): Promise<string> {
  await page.getByLabel('รหัสผู้ใช้งาน').fill(username);
  await page.getByLabel('รหัสผ่าน', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ยืนยันการเข้าสู่ระบบด้วย Soft Token');
  return (await page.getByTestId('picture-name').textContent())!;
}

/** The phone taps the picture the desktop shows. */
async function approveOnPhone(person: Person, name: string) {
  await openRequest(person.phone.page);
  await person.phone.page.getByRole('button', { name, exact: true }).click();
  await expect(person.phone.page.getByRole('heading', { name: 'เข้าสู่ระบบสำเร็จ' })).toBeVisible();
}

const test = base.extend<{ person: Person }>({
  // An activated Soft Token whose initial password has already been changed (login.spec.ts tests those parts).
  person: async ({ browser, page, breakage }, use) => {
    const phone = await newPhone(browser);
    watchForBreakage(phone.context, breakage);
    const { username, password: initialPassword } = await activatedToken(page, phone);
    const person = { username, password: initialPassword, phone };

    await page.goto('/');
    await approveOnPhone(person, await typePassword(page, username, initialPassword));
    await page.getByRole('alert').getByRole('button', { name: 'ตกลง' }).click();
    await savePasswordChange(page, initialPassword, NEW_PASSWORD);
    await expect(page.getByRole('alert').getByRole('heading', { name: 'กรุณา Login เข้าสู่ระบบใหม่' })).toBeVisible();

    await use({ ...person, password: NEW_PASSWORD });
    await phone.context.close();
  },
});

/** The portal's claims table as name → shown value. */
async function claimsOn(page: Page): Promise<Record<string, string>> {
  const rows = await page.getByRole('table', { name: 'claims' }).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]));
  return Object.fromEntries(rows);
}

/** At a demo portal: Sign in with Soft Token, which sends the browser to our login page. */
async function startSignIn(page: Page, portal: string) {
  await page.goto(`${portal}/`);
  await expect(page).toHaveTitle('GFMIS Web Portal (demo)');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('GFMIS Web Portal (demo)');
  await page.getByRole('button', { name: SIGN_IN }).click();
  await expect(page).toHaveURL(new RegExp(`^${E2E.origin}/\\?interaction=[\\w-]+$`));
}

test.describe('signing in to a portal with Soft Token (OpenID Connect)', () => {
  test('should sign in at the demo portal through the phone\'s picture matching and show the claims', async ({ page, person }) => {
    test.setTimeout(90_000);
    await startSignIn(page, PORTAL);
    await approveOnPhone(person, await typePassword(page, person.username, person.password));

    await expect(page).toHaveURL(`${PORTAL}/`);
    await expect(page.getByRole('button', { name: SIGN_OUT })).toBeVisible();
    const claims = await claimsOn(page);
    expect(claims.preferred_username).toBe(person.username);
    expect(JSON.parse(claims.gfmis_unit!)).toMatchObject({ code: expect.stringMatching(/^\d{10}$/), name: expect.any(String) });
    expect(claims.iss).toBe(E2E.origin);
    expect(claims.acr).toBe('urn:softtoken:acr:picture-match');
    expect(claims.amr).toBe('["pwd","swk","user","mfa"]');
    expect(claims.soft_token_valid_until).toBeTruthy();
    expect(Object.keys(claims)).not.toContain('national_id');
    await page.screenshot({ path: test.info().outputPath('demo-portal.png') });
  });

  test('should renew an expired token on the way and still end at the demo portal, signed in', async ({ page, person }) => {
    test.setTimeout(90_000);
    await setTokenValidity(person.username, -1);
    await startSignIn(page, PORTAL);
    await page.getByLabel('รหัสผู้ใช้งาน').fill(person.username);
    await page.getByLabel('รหัสผ่าน', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();

    await expect(page.getByRole('heading', { name: 'เริ่มการต่ออายุ Soft Token' })).toBeVisible();
    await page.getByRole('button', { name: 'ต่ออายุ Soft Token' }).click();
    const phone = person.phone.page;
    await openRequest(phone);
    await expect(phone.getByRole('heading', { name: 'Update Profile' })).toBeVisible();
    await phone.getByRole('button', { name: 'Accept' }).click();
    await expect(phone.getByRole('heading', { name: 'Profile updated Successfully' })).toBeVisible();
    await expect(page.getByText('✓ ดำเนินการแล้ว')).toBeVisible();
    await page.getByRole('button', { name: 'เข้าสู่ GFMIS Web Portal' }).click();

    await expect(page).toHaveURL(`${PORTAL}/`);
    const claims = await claimsOn(page);
    expect(claims.preferred_username).toBe(person.username);
    expect(new Date(claims.soft_token_valid_until!).getTime()).toBeGreaterThan(Date.now());
  });

  test('should end our session and the other portal\'s when the user signs out at the demo portal', async ({ page, person }) => {
    test.setTimeout(90_000);
    const origin = `http://localhost:${E2E.secondPortalPort}`;
    const client = await createOidcClient({
      name: 'ระบบทดสอบที่สอง', redirectUris: [`${origin}/callback`], postLogoutRedirectUris: [`${origin}/`],
      backchannelLogoutUri: `${origin}/backchannel-logout`, firstParty: true,
    });
    const other = await startDemoPortal({ port: E2E.secondPortalPort, issuer: E2E.origin, clientId: client.client_id, clientSecret: client.client_secret });
    try {
      await startSignIn(page, PORTAL);
      await approveOnPhone(person, await typePassword(page, person.username, person.password));
      await expect(page.getByRole('button', { name: SIGN_OUT })).toBeVisible();

      // Single sign-on: the second portal signs in without a password or the phone.
      const second = await page.context().newPage();
      await second.goto(`${other.url}/`);
      await second.getByRole('button', { name: SIGN_IN }).click();
      await expect(second).toHaveURL(`${other.url}/`);
      expect((await claimsOn(second)).preferred_username).toBe(person.username);

      // Sign out at the first: the provider asks to confirm, then comes back to the portal.
      await page.getByRole('button', { name: SIGN_OUT }).click();
      await page.getByRole('button', { name: 'ออกจากระบบ Sign out' }).click();
      await expect(page).toHaveURL(`${PORTAL}/`);
      await expect(page.getByRole('button', { name: SIGN_IN })).toBeVisible();

      // Our own session in this browser has ended too.
      await page.goto('/portal');
      await expect(page.getByRole('link', { name: 'ไปหน้าเข้าสู่ระบบ' })).toBeVisible();

      // The second portal heard it by back-channel logout.
      await expect(async () => {
        await second.reload();
        await expect(second.getByRole('button', { name: SIGN_IN })).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 10_000 });
    } finally {
      await other.close();
    }
  });
});
