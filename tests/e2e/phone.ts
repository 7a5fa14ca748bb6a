/**
 * The person's phone for browser tests: a phone-sized context whose screen lock is a CDP
 * virtual authenticator (as in activation.spec.ts).
 */
import { devices, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { E2E } from './env.ts';
import { createApprovedRegistration, expect } from './fixtures.ts';

/** `authenticatorId`: the screen lock's virtual authenticator, whose passkey passkey.spec.ts copies to a computer. */
export type Phone = { context: BrowserContext; page: Page; cdp: CDPSession; authenticatorId: string };

export async function newPhone(browser: Browser): Promise<Phone> {
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: E2E.origin });
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

/**
 * An approved registration whose Soft Token this phone activates (activation.spec.ts tests that
 * part); the desktop `page` is signed out again. Returns the username and initial password.
 */
export async function activatedToken(page: Page, phone: Phone, unitCode?: string): Promise<{ username: string; password: string }> {
  const { username, initialPassword } = await createApprovedRegistration({ unitCode });
  expect(await (await page.request.post('/api/auth/login', { data: { username, password: initialPassword } })).json()).toEqual({ next: 'tracker' });
  const { url } = await (await page.request.post('/api/registration/activation')).json() as { url: string };
  await page.request.post('/api/auth/logout');
  await phone.page.goto(url);
  await phone.page.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(phone.page.getByRole('heading', { name: 'Soft Token พร้อมใช้งาน' })).toBeVisible();
  return { username, password: initialPassword };
}
