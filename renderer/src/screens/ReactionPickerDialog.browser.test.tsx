// The picker of every emoji in Chromium on a real app store and archive, its data served as the app serves it
// (scripts/vite-emoji-data.ts): opened from a message's menu, searched, chosen from the keyboard; choosing our current
// reaction again takes it back.
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import { ChatScreen } from './ChatScreen';
import '../styles.css';
import { screenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;
const startApp = screenHarness();

describe('the reaction picker', () => {
  it('reacts with any emoji found by name, and takes ours back when it is chosen again', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const theirs = await app.receive(BOB, 'the tickets are booked');
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    const row = () => app.container.querySelector<HTMLElement>(`[data-id="${theirs}"]`);
    const chips = () =>
      [...(row()?.querySelectorAll<HTMLElement>('.reaction') ?? [])].map(
        (chip) => chip.getAttribute('aria-label') ?? '',
      );
    const openPicker = async () => {
      await app.settle(() => row()?.querySelector<HTMLElement>('[aria-label="Message actions"]')?.click());
      await app.settle(() =>
        (page.getByRole('menuitem', { name: 'More reactions…' }).element() as HTMLElement).click(),
      );
      const dialog = page.getByRole('dialog', { name: 'React' });
      await expect.element(dialog).toBeVisible();
      return dialog;
    };
    await expect.poll(row).not.toBeNull();

    const dialog = await openPicker();
    // The search field has the focus: typing finds emoji by name.
    const search = page.getByRole('searchbox', { name: 'Search emoji' });
    await expect.element(search).toHaveFocus();
    await expect.element(page.getByRole('gridcell', { name: 'Grinning face', exact: true })).toBeVisible();
    await userEvent.keyboard('thumbs down');
    // One found (the list also holds a hidden row it measures, of unnamed cells).
    const found = () =>
      [...document.querySelectorAll('.emoji-picker-list [role="gridcell"]')].flatMap(
        (cell) => cell.getAttribute('aria-label') || [],
      );
    await expect.poll(found).toEqual(['Thumbs down']);
    // The arrow keys move from the search field into the grid; Enter takes the emoji there.
    await userEvent.keyboard('{ArrowDown}');
    // Announced as it becomes the active one.
    const announced = () =>
      document.querySelector('[role="dialog"] [aria-live="polite"], dialog [aria-live="polite"]')
        ?.textContent;
    await expect.poll(announced).toBe('Thumbs down');
    await expect
      .element(page.getByRole('gridcell', { name: 'Thumbs down' }))
      .toHaveAttribute('aria-selected', 'true');
    await app.settle(() => userEvent.keyboard('{Enter}'));
    await expect.poll(chips).toEqual(['👎 from you']);
    expect(dialog.query()).toBeNull();
    // Focus goes back to the message's menu button, where the picker was opened from.
    await expect
      .poll(() => document.activeElement)
      .toBe(row()?.querySelector('[aria-label="Message actions"]'));

    // Opened again, it says which is ours; choosing it again takes it back.
    await openPicker();
    await expect.element(page.getByText('Your reaction is 👎')).toBeVisible();
    await userEvent.keyboard('thumbs');
    const thumbsDown = page.getByRole('gridcell', { name: 'Thumbs down', exact: true });
    await expect.element(thumbsDown).toBeVisible();
    await app.settle(() => (thumbsDown.element() as HTMLElement).click());
    await expect.poll(chips).toEqual([]);

    // A skin tone chosen once stays for every picker (it is a setting); people and hands show in it.
    await openPicker();
    await app.settle(() =>
      (page.getByRole('radio', { name: 'Medium-dark', exact: true }).element() as HTMLElement).click(),
    );
    await expect
      .element(page.getByRole('radio', { name: 'Medium-dark', exact: true }))
      .toHaveAttribute('aria-checked', 'true');
    expect(app.store.getState().settings?.emojiSkinTone).toBe('medium-dark');
    await userEvent.click(page.getByRole('searchbox', { name: 'Search emoji' }));
    await userEvent.keyboard('thumbs up');
    const thumbsUp = page.getByRole('gridcell', { name: 'Thumbs up', exact: true });
    await expect.element(thumbsUp).toHaveTextContent('👍🏾');
    await app.settle(() => (thumbsUp.element() as HTMLElement).click());
    await expect.poll(chips).toEqual(['👍🏾 from you']);
    // The quick reactions wear it too, where the emoji takes one.
    await app.settle(() => row()?.querySelector<HTMLElement>('[aria-label="Message actions"]')?.click());
    const quick = page.getByRole('group', { name: 'React' }).getByRole('menuitemradio');
    expect(quick.elements().map((item) => item.textContent)).toEqual(['👍🏾', '❤️', '😂', '😮', '😢', '🙏🏾']);
    await expect
      .element(page.getByRole('menuitemradio', { name: 'React with 👍🏾' }))
      .toHaveAttribute('aria-checked', 'true');
    await app.settle(() => userEvent.keyboard('{Escape}'));

    // The tones are one radio group: one Tab stop, the arrows move and choose.
    await openPicker();
    const tones = page.getByRole('radiogroup', { name: 'Skin tone' }).getByRole('radio');
    expect(tones.elements().map((tone) => tone.tabIndex)).toEqual([-1, -1, -1, -1, 0, -1]);
    (page.getByRole('radio', { name: 'Medium-dark', exact: true }).element() as HTMLElement).focus();
    await app.settle(() => userEvent.keyboard('{ArrowRight}'));
    expect(app.store.getState().settings?.emojiSkinTone).toBe('dark');
    await expect.element(page.getByRole('radio', { name: 'Dark', exact: true })).toHaveFocus();
    await app.settle(() => userEvent.keyboard('{ArrowRight}'));
    expect(app.store.getState().settings?.emojiSkinTone).toBe('none');
    await expect.element(page.getByRole('radio', { name: 'Default', exact: true })).toHaveFocus();
    // Ours, in the tone chosen before, can still be taken back from here.
    await app.settle(() =>
      (page.getByRole('button', { name: 'Take it back' }).element() as HTMLElement).click(),
    );
    await expect.poll(chips).toEqual([]);

    // The quick reactions show ours in the tone it has, in its slot, though the tone chosen is another now.
    await app.settle(async () => {
      await app.store.getState().react(theirs, '👍🏾');
    });
    await expect.poll(chips).toEqual(['👍🏾 from you']);
    await app.settle(() => row()?.querySelector<HTMLElement>('[aria-label="Message actions"]')?.click());
    expect(quick.elements().map((item) => item.textContent)).toEqual(['👍🏾', '❤️', '😂', '😮', '😢', '🙏']);
    await expect
      .element(page.getByRole('menuitemradio', { name: 'React with 👍🏾' }))
      .toHaveAttribute('aria-checked', 'true');
    await app.settle(() =>
      (page.getByRole('menuitemradio', { name: 'React with 👍🏾' }).element() as HTMLElement).click(),
    );
    await expect.poll(chips).toEqual([]);
  });

  it('opens from the button beside the chips, adds ours there, and gives focus back to it', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const theirs = await app.receive(BOB, 'we won the match');
    const plain = await app.receive(BOB, 'see you at eight');
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    const row = (id: string) => app.container.querySelector<HTMLElement>(`[data-id="${id}"]`);
    const chips = () =>
      [...(row(theirs)?.querySelectorAll<HTMLElement>('.reaction') ?? [])].map(
        (chip) => chip.getAttribute('aria-label') ?? '',
      );
    await expect.poll(() => row(plain)).not.toBeNull();
    await app.settle(async () => {
      await app.receiveReaction(BOB, theirs, '😮');
    });
    await expect.poll(chips).toEqual(['😮 from bbbbbbbbbbbb…']);
    // Only where there are chips: a text without reactions has its actions menu for the first.
    expect(row(plain)?.querySelector('[aria-label="Add a reaction"]')).toBeNull();
    const add = () => row(theirs)?.querySelector<HTMLElement>('[aria-label="Add a reaction"]');

    await app.settle(() => add()?.click());
    const dialog = page.getByRole('dialog', { name: 'React' });
    await expect.element(dialog).toBeVisible();
    // Nothing of ours yet, so nothing to take back.
    expect(page.getByText('Your reaction is').query()).toBeNull();
    await userEvent.keyboard('party popper');
    const popper = page.getByRole('gridcell', { name: 'Party popper', exact: true });
    await expect.element(popper).toBeVisible();
    await app.settle(() => (popper.element() as HTMLElement).click());
    await expect.poll(chips).toEqual(['😮 from bbbbbbbbbbbb…', '🎉 from you']);
    expect(dialog.query()).toBeNull();
    await expect.poll(() => document.activeElement).toBe(add());

    // Opened again, it knows ours.
    await app.settle(() => add()?.click());
    await expect.element(page.getByText('Your reaction is 🎉')).toBeVisible();
    await app.settle(() =>
      (page.getByRole('button', { name: 'Take it back' }).element() as HTMLElement).click(),
    );
    await expect.poll(chips).toEqual(['😮 from bbbbbbbbbbbb…']);
  });

  it('hands focus to the message’s actions when ours, the only reaction, is taken back', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const theirs = await app.receive(BOB, 'lunch at noon');
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    const row = () => app.container.querySelector<HTMLElement>(`[data-id="${theirs}"]`);
    const actions = () => row()?.querySelector('[aria-label="Message actions"]');
    await expect.poll(row).not.toBeNull();

    // Through the picker: the button it was opened from goes with the last chip.
    await app.settle(async () => {
      await app.store.getState().react(theirs, '👍');
    });
    await expect.poll(() => row()?.querySelector('[aria-label="Add a reaction"]')).not.toBeNull();
    await userEvent.click(row()?.querySelector<HTMLElement>('[aria-label="Add a reaction"]') as HTMLElement);
    await app.settle(() =>
      (page.getByRole('button', { name: 'Take it back' }).element() as HTMLElement).click(),
    );
    await expect.poll(() => row()?.querySelector('.reactions')).toBeNull();
    await expect.poll(() => document.activeElement).toBe(actions());

    // From its chip, by the keyboard.
    await app.settle(async () => {
      await app.store.getState().react(theirs, '🎉');
    });
    await expect.poll(() => row()?.querySelector('.reaction')).not.toBeNull();
    row()?.querySelector<HTMLElement>('.reaction')?.focus();
    await app.settle(() => userEvent.keyboard('{Enter}'));
    await expect.poll(() => row()?.querySelector('.reactions')).toBeNull();
    await expect.poll(() => document.activeElement).toBe(actions());
  });
});
