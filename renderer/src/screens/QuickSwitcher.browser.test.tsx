// The quick switcher (Ctrl/Cmd+K) in Chromium on a real app store and archive: names match as search folds them.
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import { QuickSwitcher } from './QuickSwitcher';
import { screenHarness } from './testing/screen-harness';

const LUKASZ = 'l'.repeat(32) as PeerId;
const SOREN = 's'.repeat(32) as PeerId;

const startApp = screenHarness();

describe('quick switcher', () => {
  it('finds a contact by their name typed without its accents or special letters', async () => {
    const app = await startApp();
    await app.accept(LUKASZ);
    await app.accept(SOREN);
    await app.archive.contacts.update(LUKASZ, { displayName: 'Łukasz from Łódź' });
    await app.archive.contacts.update(SOREN, { displayName: 'Søren' });
    await app.render(<QuickSwitcher onClose={() => undefined} />);
    const shown = () =>
      [...app.container.querySelectorAll('[role="option"]')].map((option) => option.textContent);
    await expect.poll(shown).toHaveLength(2);

    const input = page.getByRole('combobox');
    await userEvent.fill(input, 'lodz');
    await expect.poll(shown).toEqual([expect.stringContaining('Łukasz from Łódź')]);
    await userEvent.fill(input, 'soren');
    await expect.poll(shown).toEqual([expect.stringContaining('Søren')]);
  });
});
