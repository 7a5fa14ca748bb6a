/**
 * `npm run lighthouse`: Lighthouse 12 on the mobile profile (its default configuration: a
 * mid-range phone, slow 4G and a 4× slower CPU, simulated) against the login page (/), the phone
 * app (/app) and the service request form (/service-request), fully offline: the system runs here
 * on an in-memory database on a free port of 127.0.0.1, and Debian's Chromium is driven headless.
 * Each page is loaded three times and the median run (Lighthouse's computeMedianRun) is kept, as
 * Lighthouse advises, since a busy machine slows single runs. Prints each page's scores and key
 * metrics; exits 1 if a page scores under 100 in accessibility or best practices or under 90 in
 * performance, naming the audits that failed.
 *
 *   npm run lighthouse                      # vite build, then three runs of each page (≈ 2 minutes)
 *   npx tsx bench/lighthouse.ts --runs=5    # more runs per page
 *   npx tsx bench/lighthouse.ts --out=DIR   # also write each page's median HTML report into DIR
 *   npx tsx bench/lighthouse.ts /privacy    # other pages instead
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { loadConfig } from '../api/config.ts';
import { startSystem } from '../api/server.ts';
import { failuresOf, type Report } from './lighthouse-verdict.ts';

const args = process.argv.slice(2);
// The pages named on the command line, else the login page, the phone app and the service request form.
const named = args.filter((a) => a.startsWith('/'));
const PAGES = named.length ? named : ['/', '/app', '/service-request'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const CHROME_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const out = (line = '') => process.stdout.write(`${line}\n`);
const outDir = args.find((a) => a.startsWith('--out='))?.slice(6);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs= takes a whole number of runs, 1 or more');

/** A port nobody listens on now: the origin must name it before the server starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'softtoken-lighthouse-'));
const config = loadConfig({
  NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
  DATA_DIR: dataDir, LOG_LEVEL: 'error',
});
// The development identity provider and mail catcher are not needed to load these pages.
const system = await startSystem(config, { memoryDb: true, devServices: false });
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS });

type Row = { page: string; report: Report; metrics: string[] };
const rows: Row[] = [];
try {
  for (const page of PAGES) {
    const results = [];
    for (let run = 0, attempt = 1; run < runs; attempt++) {
      const result = await lighthouse(`${system.url}${page}`, {
        port: chrome.port, logLevel: 'error', onlyCategories: CATEGORIES, output: outDir ? 'html' : 'json',
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${page}`);
      const error = result.lhr.runtimeError;
      // A busy machine sometimes loses the trace (NO_NAVSTART): that run is taken again, a few times at most.
      if (error && attempt < runs + 3) { out(`${page}: ${error.code}, run again`); continue; }
      if (error) throw new Error(`${page}: ${error.code} ${error.message}`);
      results.push(result);
      run++;
    }
    const lhr = computeMedianRun(results.map((r) => r.lhr));
    const result = results.find((r) => r.lhr === lhr)!;
    const ms = (id: string) => `${((lhr.audits[id]?.numericValue ?? NaN) / 1000).toFixed(1)} s`;
    rows.push({
      page, report: lhr as Report,
      metrics: [ms('first-contentful-paint'), ms('largest-contentful-paint'),
        `${Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN)} ms`,
        (lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)],
    });
    if (outDir) {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, `${page.slice(1).replace(/\W+/g, '-') || 'login'}.html`), String(result.report));
    }
  }
} finally {
  chrome.kill();
  await system.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const score = (r: Report, id: string) => { const s = r.categories[id]?.score; return s === null || s === undefined ? '–' : String(Math.round(s * 100)); };
const header = ['Page', 'Performance', 'Accessibility', 'Best practices', 'SEO', 'FCP', 'LCP', 'TBT', 'CLS'];
const table = [header, ...rows.map((r) => [r.page, ...CATEGORIES.map((c) => score(r.report, c)), ...r.metrics])];
const widths = header.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
out(`Lighthouse ${(rows[0]?.report as { lighthouseVersion?: string } | undefined)?.lighthouseVersion}, mobile profile (simulated slow 4G, 4× CPU slowdown), median of ${runs} runs, ${system.url}`);
out();
table.forEach((line, n) => {
  out(`| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`);
  if (n === 0) out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
});

let failed = false;
for (const { page, report } of rows) {
  for (const f of failuresOf(report)) {
    failed = true;
    out();
    out(`FAIL ${page}: ${f.category} ${f.score === null ? 'not measured' : Math.round(f.score * 100)} < ${f.minimum * 100}`);
    for (const audit of f.audits) out(`  - ${audit}`);
  }
}
process.exit(failed ? 1 : 0);
