/**
 * The web foundation as a person meets it: the three faces, Thai first with an English
 * switch, the live system status, the installable phone app with push notifications, and
 * the bytes a phone downloads for it.
 */
import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { CDPSession, Page } from '@playwright/test';
import { E2E } from './env.ts';
import { expect, test, watchForBreakage } from './fixtures.ts';


/** Wait until the page's service worker is active; returns its script URL. */
async function activeWorker(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.scriptURL;
  });
}

/** The DevTools id of the service worker registration for the whole origin. */
async function originRegistrationId(cdp: CDPSession, page: Page): Promise<string> {
  let id: string | undefined;
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
    const match = registrations.find((r) => r.scopeURL === `${E2E.origin}/` && !r.isDeleted);
    if (match) id = match.registrationId;
  });
  await cdp.send('ServiceWorker.enable');
  await page.goto('/app');
  await activeWorker(page);
  await expect.poll(() => id).toBeDefined();
  return id!;
}

async function notificationsShown(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const shown = await registration.getNotifications();
    return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown }));
  });
}

test.describe('portal', () => {
  test('should show the portal in Thai with the Sarabun typeface when a person first opens it', async ({ page }) => {
    await page.goto('/');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ระบบการพิสูจน์ยืนยันตัวตน Soft Token');
    await expect(page).toHaveTitle('ระบบการพิสูจน์ยืนยันตัวตน Soft Token');
    await expect(page.locator('html')).toHaveAttribute('lang', 'th');
    await expect(page.getByRole('button', { name: 'ไทย' })).toHaveAttribute('aria-pressed', 'true');

    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      return {
        family: getComputedStyle(document.body).fontFamily,
        thaiLoaded: document.fonts.check('1rem Sarabun', 'ระบบ'),
      };
    });
    expect(font.family).toMatch(/^"?Sarabun"?,/);
    expect(font.thaiLoaded).toBe(true);
  });

  test('should name each page in its title and move focus to its heading when a link inside the app is followed', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ระบบการพิสูจน์ยืนยันตัวตน Soft Token');

    await page.getByRole('contentinfo').getByRole('link', { name: 'นโยบายความเป็นส่วนตัว' }).click();

    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toBeFocused();
    const name = (await heading.textContent())!.trim();
    expect(name).not.toBe('ระบบการพิสูจน์ยืนยันตัวตน Soft Token');
    await expect(page).toHaveTitle(`${name} – ระบบการพิสูจน์ยืนยันตัวตน Soft Token`);

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page).toHaveTitle(/ – Soft Token Identity Verification System$/);
    expect(await page.title()).toBe(`${(await heading.textContent())!.trim()} – Soft Token Identity Verification System`);
  });

  test('should say the system is ready, naming no internals, when the API answers', async ({ page }) => {
    await page.goto('/');

    await expect(page.getByRole('status')).toHaveText('ระบบพร้อมใช้งาน');
  });

  test('should say the status cannot be checked when the API is unavailable', async ({ page }) => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/ready', async (route) => {
      await answered;
      await route.fulfill({
        status: 503,
        json: { code: 'unavailable', message: 'ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่ภายหลัง' },
      });
    });
    await page.goto('/');

    await expect(page.getByRole('status')).toHaveText('กำลังตรวจสอบสถานะระบบ…');
    answer();
    await expect(page.getByRole('status')).toHaveText(
      'ไม่สามารถตรวจสอบสถานะระบบได้: ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่ภายหลัง',
    );
  });

  test('should switch to English and keep it after a reload when the person picks English', async ({ page, context }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'English' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Soft Token identity verification');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('status')).toHaveText('System ready');

    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Soft Token identity verification');
    await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');

    // The API reads the same choice from the cookie, so its messages match the page.
    const cookie = (await context.cookies()).find((c) => c.name === 'lang');
    expect(cookie).toMatchObject({ value: 'en', path: '/', sameSite: 'Lax' });
    const apiMessage = await page.evaluate(async () => (await (await fetch('/api/public/units/9999999999')).json()).message);
    expect(apiMessage).toBe('Not found.');

    await page.getByRole('button', { name: 'ไทย' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ระบบการพิสูจน์ยืนยันตัวตน Soft Token');
    await expect(page.locator('html')).toHaveAttribute('lang', 'th');
  });
});

test.describe('faces', () => {
  test('should show the officer console when /officer is opened', async ({ page }) => {
    await page.goto('/officer');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ระบบเจ้าหน้าที่');
    await expect(page).toHaveTitle('ระบบเจ้าหน้าที่ – Soft Token');
  });

  test('should show the phone app with install advice when /app is opened', async ({ page }) => {
    await page.goto('/app');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Soft Token');
    await expect(page).toHaveTitle('Soft Token');
    await expect(page.getByRole('heading', { name: 'ติดตั้งแอปไว้ที่หน้าจอหลัก' })).toBeVisible();
  });

  test('should show a not-found page with a way back when the address does not exist', async ({ page }) => {
    await page.goto('/app/no-such-page');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ไม่พบหน้าที่ต้องการ');
    await page.getByRole('link', { name: 'กลับไปหน้าแรก' }).click();
    await expect(page).toHaveURL(`${E2E.origin}/app`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Soft Token');
  });
});

test.describe('installable app', () => {
  test('should describe the phone app in its manifest when a browser looks for one', async ({ page }) => {
    await page.goto('/');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();

    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    const manifest = await response.json();
    expect(manifest).toMatchObject({ name: 'Soft Token', lang: 'th', start_url: '/app', display: 'standalone' });

    const icons: Array<{ src: string; sizes: string; type: string; purpose?: string }> = manifest.icons;
    expect(icons.filter((i) => i.purpose !== 'maskable').map((i) => i.sizes)).toEqual(['192x192', '512x512']);
    expect(icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of icons) {
      const image = await page.request.get(icon.src);
      expect(image.status(), icon.src).toBe(200);
      expect(image.headers()['content-type']).toBe('image/png');
      // A PNG's IHDR holds width and height at bytes 16 and 20: the file matches its label.
      const png = await image.body();
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    }
  });

  test('should run its service worker and be installable when the phone app is opened', async ({ playwright, launchOptions, breakage }) => {
    // Chromium never offers installation in incognito, and every Playwright context is one,
    // except a persistent context on a real profile.
    const context = await playwright.chromium.launchPersistentContext('', { ...launchOptions, baseURL: E2E.origin });
    watchForBreakage(context, breakage);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/app');
      expect(await activeWorker(page)).toBe(`${E2E.origin}/sw.js`);

      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      expect(breakage).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('should show a Thai login notification when a push arrives for a login request', async ({ page, context }) => {
    await context.grantPermissions(['notifications'], { origin: E2E.origin });
    const cdp = await context.newCDPSession(page);
    const registrationId = await originRegistrationId(cdp, page);

    // DevTools now and then loses a delivery (about one in thirty): deliver again. The tag
    // replaces, so the end state is still one notification.
    await expect(async () => {
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin: E2E.origin,
        registrationId,
        data: JSON.stringify({ type: 'login', requestId: 'req_123' }),
      });
      await expect.poll(() => notificationsShown(page), { timeout: 6_000 }).toEqual([
        {
          title: 'คำขอเข้าสู่ระบบ',
          body: 'แตะเพื่อยืนยันการเข้าสู่ระบบ New GFMIS Thai',
          tag: 'request-req_123',
          data: { url: '/app/requests/req_123' },
        },
      ]);
    }).toPass({ timeout: 25_000 });
  });

  test('should still notify the person when a push arrives without a readable payload', async ({ page, context }) => {
    await context.grantPermissions(['notifications'], { origin: E2E.origin });
    const cdp = await context.newCDPSession(page);
    const registrationId = await originRegistrationId(cdp, page);

    await expect(async () => {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: E2E.origin, registrationId, data: 'not json' });
      await expect.poll(() => notificationsShown(page), { timeout: 6_000 }).toEqual([
        expect.objectContaining({ title: 'Soft Token', data: { url: '/app' } }),
      ]);
    }).toPass({ timeout: 25_000 });
  });
});

/** The response as sent (not decoded), for a request with this Accept-Encoding ('' sends none). */
function fetchRaw(path: string, acceptEncoding: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
    get(`${E2E.origin}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** The URLs the service worker precaches, read from its injected manifest. */
async function precachedUrls(): Promise<string[]> {
  const sw = (await fetchRaw('/sw.js', '')).body.toString('utf8');
  return [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => `/${m[1]}`);
}

test.describe('bytes', () => {
  test('should send the same file brotli, gzip or plain as the browser accepts', async ({ page }) => {
    await page.goto('/app');
    const script = await page.locator('script[type="module"]').getAttribute('src');
    expect(script).toMatch(/^\/assets\/.+\.js$/);

    for (const path of [script!, '/', '/app']) {
      const plain = await fetchRaw(path, '');
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(plain.headers.vary, path).toMatch(/accept-encoding/i);

      const br = await fetchRaw(path, 'gzip, deflate, br, zstd');
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(br.headers.vary, path).toMatch(/accept-encoding/i);
      expect(br.headers['content-type'], path).toBe(plain.headers['content-type']);
      expect(br.headers['cache-control'], path).toBe(plain.headers['cache-control']);
      expect(br.body.length, path).toBeLessThan(plain.body.length);
      expect(brotliDecompressSync(br.body).equals(plain.body), path).toBe(true);

      // br refused outright (q=0): gzip.
      const gzip = await fetchRaw(path, 'br;q=0, gzip');
      expect(gzip.headers['content-encoding'], path).toBe('gzip');
      expect(gzip.headers.vary, path).toMatch(/accept-encoding/i);
      expect(gunzipSync(gzip.body).equals(plain.body), path).toBe(true);
    }
    expect((await fetchRaw(script!, 'br')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await fetchRaw('/app', 'br')).headers['content-type']).toMatch(/^text\/html/);
    expect((await fetchRaw('/app', 'br')).headers['cache-control']).toBe('no-cache');
    expect((await fetchRaw('/sw.js', 'br')).headers['cache-control']).toBe('no-cache');
  });

  test('should precache only the phone app, within 150 KB compressed', async () => {
    const urls = await precachedUrls();
    // The phone app's pages are there, for /app offline.
    for (const page of ['HomePage', 'ActivatePage', 'RequestPage']) {
      expect(urls.some((url) => new RegExp(`^/assets/${page}-[\\w-]+\\.js$`).test(url)), page).toBe(true);
    }
    expect(urls).toContain('/index.html');
    // The portal's and the officer console's pages, the QR scanner and its library are not.
    expect(urls.filter((url) => /\/(?:OfficerShell|DashboardPage|AuditPage|ClientsPage|PortalShell|RegistrationLayout|LoginPage|QrScanner)-/.test(url))).toEqual([]);
    let total = 0;
    for (const url of urls) {
      const { headers, body } = await fetchRaw(url, 'gzip, deflate, br');
      total += body.length;
      // A file too small to gain from compression is sent plain.
      const text = headers['content-encoding'] === 'br' ? brotliDecompressSync(body) : body;
      if (url.endsWith('.js')) expect(text.includes('html5-qrcode'), url).toBe(false);
    }
    test.info().annotations.push({ type: 'precache', description: `${urls.length} files, ${total} bytes compressed` });
    expect(total).toBeLessThanOrEqual(150_000);
  });

  test('should download at most 50 KB of compressed script before the phone app can be used', async ({ page }) => {
    const sizes: Array<Promise<number>> = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() === 'script') sizes.push(request.sizes().then((s) => s.responseBodySize));
    });
    await page.goto('/app');
    await expect(page.getByRole('heading', { name: 'ติดตั้งแอปไว้ที่หน้าจอหลัก' })).toBeVisible();

    const total = (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0);
    test.info().annotations.push({ type: 'first visit', description: `${sizes.length} scripts, ${total} bytes compressed` });
    expect(sizes.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(50_000);
  });

  test('should open the phone app offline once it has been opened', async ({ page, context }) => {
    await page.goto('/app');
    await activeWorker(page);

    await context.setOffline(true);
    const fromWorker: boolean[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') fromWorker.push(response.fromServiceWorker());
    });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Soft Token');
    expect(fromWorker.length).toBeGreaterThan(0);
    expect(fromWorker.every(Boolean)).toBe(true);
    await context.setOffline(false);
  });
});
