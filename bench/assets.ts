/**
 * What a phone downloads: a first visit to /app in Debian's Chromium (Playwright, the flags of
 * playwright.config.ts), summing what went over the wire (headers + body as served, so
 * compressed when the server compresses; Chromium asks for br and gzip), by kind; and what the
 * service worker precaches, from dist/sw.js's manifest, raw on disk and as served to
 * `Accept-Encoding: br, gzip`.
 */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { request } from 'undici';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export async function measureAssets(base: string, dist: string, out: (line: string) => void) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const byKind = new Map<string, { count: number; bytes: number }>();
    const pending: Array<Promise<void>> = [];
    page.on('requestfinished', (req) => {
      pending.push(req.sizes().then((s) => {
        const url = new URL(req.url());
        if (url.origin !== base) return;
        const kind = url.pathname.startsWith('/api/') ? 'api (not static)' : req.resourceType();
        const k = byKind.get(kind) ?? { count: 0, bytes: 0 };
        k.count++;
        k.bytes += s.responseBodySize + s.responseHeadersSize;
        byKind.set(kind, k);
      }).catch(() => {}));
    });
    await page.goto(`${base}/app`, { waitUntil: 'networkidle', timeout: 60_000 });
    await page.waitForTimeout(1_000);
    await Promise.all(pending);
    let total = 0;
    let files = 0;
    for (const [kind, k] of byKind) if (kind !== 'api (not static)') { total += k.bytes; files += k.count; }
    out(`  first visit to /app (Chromium, page requests only): ${kb(total)} in ${files} files, headers included`);
    for (const [kind, k] of [...byKind].sort((a, b) => b[1].bytes - a[1].bytes)) out(`    ${kind.padEnd(16)} ${String(k.count).padStart(3)} files ${kb(k.bytes)}`);
    await context.close();
  } finally {
    await browser.close();
  }

  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
  let raw = 0;
  let served = 0;
  const encodings = new Map<string, number>();
  for (const url of [...urls, 'sw.js']) {
    raw += statSync(join(dist, url)).size;
    const res = await request(`${base}/${url}`, { headers: { 'accept-encoding': 'br, gzip' } });
    const body = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) throw new Error(`precached ${url}: ${res.statusCode}`);
    served += body.length;
    const enc = String(res.headers['content-encoding'] ?? 'identity');
    encodings.set(enc, (encodings.get(enc) ?? 0) + 1);
  }
  out(`  service worker precache (${urls.length} files + sw.js): ${kb(raw)} raw, ${kb(served)} as served (bodies; ${[...encodings].map(([e, n]) => `${n} ${e}`).join(', ')})`);
}
