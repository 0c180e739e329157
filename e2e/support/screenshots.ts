// Screenshots the e2e journeys write into e2e/screenshots/ (the README shows them): each screen in the light and
// the dark theme, switched through the system preference the app follows by default.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

const DIRECTORY = fileURLToPath(new URL('../screenshots/', import.meta.url));

export const captureBothThemes = async (page: Page, name: string): Promise<void> => {
  mkdirSync(DIRECTORY, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `${DIRECTORY}${name}-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
};
