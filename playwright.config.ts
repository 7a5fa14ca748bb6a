/**
 * End-to-end tests in a real Chromium against the real server (tests/e2e/server.ts).
 * They use the built pages in dist/: run `vite build` first (`npm test` does).
 */
import { defineConfig, devices } from '@playwright/test';
import { E2E } from './tests/e2e/env.ts';

// Debian's Chromium: Playwright cannot download its own browsers here.
const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  retries: 0,
  reporter: 'list',
  forbidOnly: Boolean(process.env.CI),
  use: {
    baseURL: E2E.origin,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions: CHROMIUM },
    },
  ],
  webServer: {
    command: 'npx tsx tests/e2e/server.ts',
    url: `http://127.0.0.1:${E2E.port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    // Let the server drop its fresh database instead of being killed outright.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
