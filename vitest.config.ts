// Unit and integration tests (Vitest) live beside the code they test; e2e journeys are Playwright's (e2e/).
// Two projects: `node` runs everything in Node; `chromium` runs `*.browser.test.ts` (code that needs a real
// browser, such as the Dexie archive on IndexedDB) in Debian's Chromium through Playwright.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './e2e/support/chromium.ts';
import { emojiDataPlugin } from './scripts/vite-emoji-data.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            '{shared,electron,renderer,signaling-server,eslint,scripts,e2e,bench}/**/*.test.{ts,tsx}',
          ],
          exclude: ['**/*.browser.test.{ts,tsx}', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        // The reaction picker's emoji data, served as the app serves it.
        plugins: [emojiDataPlugin()],
        // Bundled before the first test runs: found mid-run on a cold cache (a fresh clone), they make Vite reload
        // the page, and a test rendering React fails ("reading 'useState'" of a second copy of React).
        optimizeDeps: {
          include: [
            'react',
            'react/jsx-dev-runtime',
            'react-dom/client',
            'react-virtuoso',
            'dexie',
            'dexie-react-hooks',
            'zustand',
            'zustand/vanilla',
            'qrcode',
            'jsqr',
            'idb-keyval',
            'comlink',
            'simple-peer/simplepeer.min.js',
            'frimousse',
          ],
        },
        test: {
          name: 'chromium',
          include: ['{shared,renderer}/**/*.browser.test.{ts,tsx}'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: chromiumLaunchOptions(),
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
