// Two projects: `web` drives the browser build in Chromium (always), `electron` drives the desktop app
// (skipped, with the reason, where the Electron binary is not installed).
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/chromium';
import { PLAYWRIGHT_REPORT } from './scripts/test-summary.mjs';

export default defineConfig({
  testDir: './e2e',
  // Vitest owns `*.test.ts` (e2e/contract); Playwright runs the journeys.
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [
    ['list'],
    // Read by scripts/test-summary.mjs for the closing line of `npm test`.
    ['json', { outputFile: PLAYWRIGHT_REPORT }],
    ...(process.env.CI ? [] : [['html', { open: 'never' }] as const]),
  ],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'web',
      testDir: './e2e/web',
      use: {
        browserName: 'chromium',
        launchOptions: chromiumLaunchOptions(),
      },
    },
    { name: 'electron', testDir: './e2e/electron' },
  ],
});
