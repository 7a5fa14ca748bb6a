/**
 * What `npm run lighthouse` (bench/lighthouse.ts) scores, as a phone meets it on a first visit:
 * nothing on the page moves while it loads (layout shift), and the console shows no error.
 */
import { expect, test } from './fixtures.ts';

// The phone Lighthouse's mobile profile stands for: an Android phone's browser, at 390×844.
test.use({
  viewport: { width: 390, height: 844 },
  userAgent: 'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36',
});

for (const path of ['/', '/app', '/service-request']) {
  test(`should neither move the page nor log an error when a phone first opens ${path}`, async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    await page.goto(path);

    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // The footer shows once the page has loaded (web/styles.css): after that, nothing may still be moving.
    await expect(page.getByRole('contentinfo')).toBeVisible();
    await page.waitForLoadState('networkidle');
    const shifts = await page.evaluate(async () => {
      await document.fonts.ready;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      // Layout shifts are only observable, not listed: a buffered observer hands over those already recorded.
      return new Promise<Array<{ value: number; nodes: string[] }>>((resolve) => {
        new PerformanceObserver((list, observer) => {
          observer.disconnect();
          resolve(list.getEntries().map((e) => {
            const shift = e as PerformanceEntry & { value: number; sources?: Array<{ node?: Node | null }> };
            return { value: shift.value, nodes: (shift.sources ?? []).map((s) => (s.node instanceof Element ? s.node.outerHTML.slice(0, 80) : String(s.node?.nodeName))) };
          }));
        }).observe({ type: 'layout-shift', buffered: true });
        // No shift at all means no callback: an empty list after a frame.
        setTimeout(() => resolve([]), 500);
      });
    });

    expect(shifts).toEqual([]);
    expect(errors).toEqual([]);
  });
}
