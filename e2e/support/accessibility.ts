// The accessibility bar of every main screen: axe-core finds no serious or critical violation, in both themes
// (contrast differs between them).
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const expectAccessible = async (page: Page, screen: string): Promise<void> => {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        rule: violation.id,
        impact: violation.impact,
        help: violation.help,
        where: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
      }));
    expect(serious, `${screen} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
};
