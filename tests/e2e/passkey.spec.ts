/**
 * [PASSKEY] Signing in on a computer with the phone's passkey alone (issue #15). The browser's
 * cross-device flow (QR code, Bluetooth) cannot run here, so the computer gets a virtual
 * authenticator holding a copy of the passkey the phone made at activation: what the browser
 * then does (ask for user verification, bind the assertion to our origin) is real, and so is
 * everything the server checks. A unit in PHISHING_RESISTANT_UNITS (tests/e2e/server.ts) has
 * only this path: password + picture matching is refused for its staff.
 */
import type { CDPSession, Page } from '@playwright/test';
import {
  auditOf, expect, setTokenState, setTokenValidity, test as base, watchForBreakage,
} from './fixtures.ts';
import { E2E } from './env.ts';
import { activatedToken, newPhone, type Phone } from './phone.ts';
import { forcedPasswordChange, NEW_PASSWORD, openRequest } from './portal-login.ts';

type Person = { username: string; password: string; phone: Phone };
type Computer = { cdp: CDPSession; authenticatorId: string };

const PASSKEY = 'เข้าสู่ระบบด้วยพาสคีย์';
const PHISHING_RESISTANT_REQUIRED = "หน่วยงานของท่านกำหนดให้เข้าสู่ระบบด้วยพาสคีย์ กรุณากด 'เข้าสู่ระบบด้วยพาสคีย์' แล้วยืนยันด้วยโทรศัพท์ของท่าน";

/** Desktop, on the login page: username and password; the server answers with the picture or a refusal (portal-login.ts's expects the picture). */
async function typePassword(page: Page, username: string, password: string) {
  await page.goto('/');
  await page.getByLabel('รหัสผู้ใช้งาน').fill(username);
  await page.getByLabel('รหัสผ่าน', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
}

/**
 * The computer's browser reaches the phone's passkey: a virtual authenticator on the desktop
 * page holding a copy of the phone's credential (same key, user handle and counter).
 */
async function reachPhonePasskey(page: Page, phone: Phone, opts: { autofill?: boolean } = {}): Promise<Computer> {
  if (!opts.autofill) {
    // Chromium's virtual authenticators answer the username field's request (conditional
    // mediation) at once, as if the person had picked the passkey there; without it, a browser
    // that lists no passkeys under the field, the button is what signs in.
    await page.context().addInitScript(() => {
      Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: () => Promise.resolve(false) });
    });
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  const { credentials } = await phone.cdp.send('WebAuthn.getCredentials', { authenticatorId: phone.authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.rpId).toBe('localhost');
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...credentials[0]!, isResidentCredential: true } });
  return { cdp, authenticatorId };
}

/**
 * The phone is one authenticator: after the computer's copy has signed, the phone's own copy
 * takes its counter, or the server would rightly take the phone's next signature for a clone's.
 */
async function syncCounterToPhone(computer: Computer, phone: Phone) {
  const { credentials } = await computer.cdp.send('WebAuthn.getCredentials', { authenticatorId: computer.authenticatorId });
  const credential = credentials[0]!;
  await phone.cdp.send('WebAuthn.removeCredential', { authenticatorId: phone.authenticatorId, credentialId: credential.credentialId });
  await phone.cdp.send('WebAuthn.addCredential', { authenticatorId: phone.authenticatorId, credential });
}

async function signCountOn(computer: Computer): Promise<number> {
  const { credentials } = await computer.cdp.send('WebAuthn.getCredentials', { authenticatorId: computer.authenticatorId });
  return credentials[0]!.signCount;
}

const test = base.extend<{ person: Person }>({
  // An activated Soft Token whose initial password has already been changed (login.spec.ts tests those parts).
  person: async ({ browser, page, breakage }, use) => {
    const phone = await newPhone(browser);
    watchForBreakage(phone.context, breakage);
    const { username, password } = await activatedToken(page, phone);
    await typePassword(page, username, password);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ยืนยันการเข้าสู่ระบบด้วย Soft Token');
    const name = (await page.getByTestId('picture-name').textContent())!;
    await openRequest(phone.page);
    await phone.page.getByRole('button', { name, exact: true }).click();
    await expect(phone.page.getByRole('heading', { name: 'เข้าสู่ระบบสำเร็จ' })).toBeVisible();
    await forcedPasswordChange(page, password);
    await use({ username, password: NEW_PASSWORD, phone });
    await phone.context.close();
  },
});

test.describe('signing in with the phone\'s passkey', () => {
  test('should reach the portal with the passkey alone, no password typed, and audit it as a passkey sign-in', async ({ page, person }) => {
    await reachPhonePasskey(page, person.phone);
    const passwordLogins: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith('/api/auth/login')) passwordLogins.push(r.url()); });

    await page.goto('/');
    await expect(page.getByLabel('รหัสผู้ใช้งาน')).toHaveAttribute('autocomplete', 'username webauthn');
    await expect(page.getByText('หรือ', { exact: true })).toBeVisible();
    // The help page the button points to: the browsers' own windows, pictured.
    await page.getByRole('link', { name: 'วิธีเข้าสู่ระบบด้วยพาสคีย์' }).click();
    await expect(page).toHaveURL(`${E2E.origin}/help/passkey`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('วิธีเข้าสู่ระบบด้วยพาสคีย์');
    await expect(page.getByRole('figure')).toHaveCount(3);
    for (const browserName of ['Google Chrome', 'Microsoft Edge', 'Safari']) {
      await expect(page.locator('figcaption').filter({ hasText: browserName })).toBeVisible();
    }
    await expect(page.getByText(/Bluetooth/).first()).toBeVisible();
    await page.getByRole('link', { name: 'กลับไปหน้าเข้าสู่ระบบ' }).click();

    await page.getByRole('button', { name: PASSKEY }).click();
    await expect(page.getByRole('heading', { name: 'GFMIS Web Portal' })).toBeVisible();
    await expect(page.getByTestId('portal-user')).toContainText(person.username);
    await page.screenshot({ path: test.info().outputPath('portal-by-passkey.png') });
    expect(passwordLogins).toEqual([]);

    const audit = await auditOf(person.username);
    const signIn = audit.filter((e) => e.action === 'login.passkey').at(-1);
    expect(signIn?.details).toMatchObject({ next: 'portal', amr: [expect.stringMatching(/^(hwk|swk)$/), 'user', 'mfa'] });
    expect(audit.some((e) => e.action === 'login.passkey_failed')).toBe(false);
  });

  test('should sign in from the passkey the browser lists under the username field', async ({ page, person }) => {
    await reachPhonePasskey(page, person.phone, { autofill: true });
    // Nothing clicked: the username field's request is answered (Chromium's virtual authenticator picks the passkey).
    await page.goto('/');
    await expect(page.getByTestId('portal-user')).toContainText(person.username);
  });

  test('should refuse the passkey without user verification, and give nothing to a look-alike site relaying our challenge', async ({ page, person }) => {
    test.setTimeout(90_000); // two browser refusals that wait for the authenticator to give up
    const computer = await reachPhonePasskey(page, person.phone);
    const before = await signCountOn(computer);

    // The person does not confirm on the phone (no fingerprint, face or PIN): the browser refuses.
    await computer.cdp.send('WebAuthn.setUserVerified', { authenticatorId: computer.authenticatorId, isUserVerified: false });
    await page.goto('/');
    await page.getByRole('button', { name: PASSKEY }).click();
    await expect(page.getByRole('alert')).toContainText('การยืนยันถูกยกเลิกหรือหมดเวลา', { timeout: 20_000 });
    await expect(page.getByRole('button', { name: PASSKEY })).toBeEnabled();
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
    expect(await signCountOn(computer)).toBe(before);

    // A look-alike site (another origin: 127.0.0.1 rather than localhost) fetches our real options
    // and asks this browser for the passkey under our RP ID: the browser refuses, nothing is signed.
    await computer.cdp.send('WebAuthn.setUserVerified', { authenticatorId: computer.authenticatorId, isUserVerified: true });
    const { options } = await (await page.request.post('/api/auth/passkey/options')).json();
    expect(options.rpId).toBe('localhost');
    await page.goto(`http://127.0.0.1:${E2E.port}/api/health`);
    const outcome = await page.evaluate(async (relayed: { challenge: string; rpId: string }) => {
      const challenge = Uint8Array.from(atob(relayed.challenge.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
      try {
        await navigator.credentials.get({ publicKey: { challenge, rpId: relayed.rpId, userVerification: 'required', allowCredentials: [], timeout: 10_000 } });
        return 'signed';
      } catch (err) {
        return (err as Error).name;
      }
    }, options);
    expect(outcome).toBe('SecurityError');
    expect(await signCountOn(computer)).toBe(before);

    // Back on the real address, with the person confirming, the same passkey signs in.
    await page.goto('/');
    await page.getByRole('button', { name: PASSKEY }).click();
    await expect(page.getByTestId('portal-user')).toContainText(person.username);
  });

  test('should refuse the passkey of a suspended token, then of a revoked one', async ({ page, person }) => {
    await reachPhonePasskey(page, person.phone);
    await setTokenState(person.username, 'suspended');
    await page.goto('/');
    await page.getByRole('button', { name: PASSKEY }).click();
    await expect(page.getByRole('alert')).toHaveText('Soft Token ของท่านถูกระงับการใช้งาน กรุณาติดต่อเจ้าหน้าที่');
    await expect(page).toHaveURL(`${E2E.origin}/`);
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    await setTokenState(person.username, 'revoked');
    await page.goto('/');
    await page.getByRole('button', { name: PASSKEY }).click();
    await expect(page.getByRole('alert')).toHaveText('พาสคีย์นี้ใช้เข้าสู่ระบบไม่ได้');
    await expect(page).toHaveURL(`${E2E.origin}/`);
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    // Each refusal is audited with its reason (the username field's autofill may have tried too).
    const failures = (await auditOf(person.username)).filter((e) => e.action === 'login.passkey_failed').map((e) => e.details?.reason);
    expect([...new Set(failures)]).toEqual(['token_suspended', 'token_revoked']);
  });

  test('should renew an expired token on the phone after the passkey, then reach the portal', async ({ page, person }) => {
    test.setTimeout(90_000);
    const computer = await reachPhonePasskey(page, person.phone);
    await setTokenValidity(person.username, -1);
    await page.goto('/');
    await page.getByRole('button', { name: PASSKEY }).click();
    await expect(page.getByRole('heading', { name: 'เริ่มการต่ออายุ Soft Token' })).toBeVisible();
    await syncCounterToPhone(computer, person.phone);
    await page.getByRole('button', { name: 'ต่ออายุ Soft Token' }).click();
    await openRequest(person.phone.page);
    await expect(person.phone.page.getByRole('heading', { name: 'Update Profile' })).toBeVisible();
    await person.phone.page.getByRole('button', { name: 'Accept' }).click();
    await expect(person.phone.page.getByRole('heading', { name: 'Profile updated Successfully' })).toBeVisible();
    await expect(page.getByText('✓ ดำเนินการแล้ว')).toBeVisible();
    await page.getByRole('button', { name: 'เข้าสู่ GFMIS Web Portal' }).click();
    await expect(page.getByTestId('portal-user')).toContainText(person.username);
  });
});

test.describe('a unit that requires phishing-resistant sign-in (PHISHING_RESISTANT_UNITS)', () => {
  test('should refuse password and picture matching with the reason, and let the passkey through the forced password change to the portal', async ({ browser, page, breakage }) => {
    test.setTimeout(90_000);
    const phone = await newPhone(browser);
    watchForBreakage(phone.context, breakage);
    try {
      const { username, password } = await activatedToken(page, phone, E2E.passkeyOnlyUnit);
      await reachPhonePasskey(page, phone);

      // The right password, but no picture: the page says to use the passkey and points at the button.
      await typePassword(page, username, password);
      await expect(page.getByRole('alert')).toHaveText(PHISHING_RESISTANT_REQUIRED);
      await expect(page.getByRole('button', { name: PASSKEY })).toBeFocused();
      await expect(page.getByTestId('picture-name')).toHaveCount(0);
      await page.screenshot({ path: test.info().outputPath('passkey-required.png') });
      await phone.page.goto('/app');
      await expect(phone.page.getByRole('link', { name: 'เปิดคำขอ' })).toHaveCount(0);

      // The passkey: first the forced change of the initial password, then the portal.
      await page.getByRole('button', { name: PASSKEY }).click();
      await forcedPasswordChange(page, password);
      await typePassword(page, username, NEW_PASSWORD);
      await expect(page.getByRole('alert')).toHaveText(PHISHING_RESISTANT_REQUIRED);
      await page.getByRole('button', { name: PASSKEY }).click();
      await expect(page.getByTestId('portal-user')).toContainText(username);

      const actions = (await auditOf(username)).map((e) => e.action);
      expect(actions.filter((a) => a === 'login.password.phishing_resistant_required')).toHaveLength(2);
      expect(actions.filter((a) => a === 'login.passkey')).toHaveLength(2);
    } finally {
      await phone.context.close();
    }
  });
});
