// The emoji picker from the composer, in Chromium on a real app store: the emoji goes where the caret was (or in
// place of the selection), the typing goes on after it, and the draft keeps it.
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import { ChatScreen } from './ChatScreen';
import { createEmojiDrawCheck } from './emoji-drawable';
import '../styles.css';
import { screenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;
const startApp = screenHarness();

describe('the composer’s emoji picker', () => {
  it('inserts the emoji chosen at the caret, replacing a selection, and the typing goes on after it', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    const composer = () => page.getByTestId('composer').element() as HTMLTextAreaElement;
    await userEvent.fill(page.getByTestId('composer'), 'see you at eight');
    // The caret after "see you", then the picker.
    composer().setSelectionRange(7, 7);
    await app.settle(() =>
      (page.getByRole('button', { name: 'Insert emoji' }).element() as HTMLElement).click(),
    );
    const dialog = page.getByRole('dialog', { name: 'Insert emoji' });
    await expect.element(dialog).toBeVisible();
    await expect.element(page.getByRole('searchbox', { name: 'Search emoji' })).toHaveFocus();
    await userEvent.keyboard('waving hand');
    const wave = page.getByRole('gridcell', { name: 'Waving hand', exact: true });
    await expect.element(wave).toBeVisible();
    await app.settle(() => (wave.element() as HTMLElement).click());
    expect(dialog.query()).toBeNull();
    await expect.poll(() => composer().value).toBe('see you👋 at eight');
    await expect.poll(() => document.activeElement).toBe(composer());
    expect([composer().selectionStart, composer().selectionEnd]).toEqual([9, 9]);
    await userEvent.keyboard('!');
    expect(composer().value).toBe('see you👋! at eight');
    expect(app.store.getState().drafts[BOB]).toBe('see you👋! at eight');

    // A selection is replaced by the emoji.
    composer().setSelectionRange(11, 19);
    await app.settle(() =>
      (page.getByRole('button', { name: 'Insert emoji' }).element() as HTMLElement).click(),
    );
    await userEvent.keyboard('eight o’clock');
    const eight = page.getByRole('gridcell', { name: 'Eight o’clock', exact: true });
    await expect.element(eight).toBeVisible();
    await app.settle(() => (eight.element() as HTMLElement).click());
    await expect.poll(() => composer().value).toBe('see you👋! 🕗');

    // The draft changed while the picker was open (a failed send put its text back): the emoji goes at the end.
    composer().setSelectionRange(3, 3);
    await app.settle(() =>
      (page.getByRole('button', { name: 'Insert emoji' }).element() as HTMLElement).click(),
    );
    await app.settle(() => app.store.getState().setDraft(BOB, 'sent before\nsee you👋! 🕗'));
    await userEvent.keyboard('rocket');
    const rocket = page.getByRole('gridcell', { name: 'Rocket', exact: true });
    await expect.element(rocket).toBeVisible();
    await app.settle(() => (rocket.element() as HTMLElement).click());
    await expect.poll(() => composer().value).toBe('sent before\nsee you👋! 🕗🚀');

    // A composer disabled while the picker is open (the contact blocked) takes nothing in: the picker goes.
    await app.settle(() =>
      (page.getByRole('button', { name: 'Insert emoji' }).element() as HTMLElement).click(),
    );
    await expect.element(dialog).toBeVisible();
    await app.settle(() => app.store.getState().decide(BOB, 'block'));
    await expect.poll(() => dialog.query()).toBeNull();
    expect(composer().disabled).toBe(true);
  });

  it('offers only the recent emoji this system draws', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    // Enabled once the conversation has loaded (the contact accepted).
    await userEvent.click(page.getByRole('button', { name: 'Insert emoji' }));
    await expect.element(page.getByRole('dialog', { name: 'Insert emoji' })).toBeVisible();
    const draws = await createEmojiDrawCheck();
    const found = () =>
      [...document.querySelectorAll('.emoji-picker-list [role="gridcell"]')].flatMap(
        (cell) => cell.getAttribute('aria-label') || [],
      );
    // Emoji 14 and Emoji 16 faces: shown exactly when this system draws them (Debian 12's fonts stop at 15.1).
    for (const [emoji, label] of [
      ['🫠', 'Melting face'],
      ['🫩', 'Face with bags under eyes'],
    ] as const) {
      await userEvent.fill(page.getByRole('searchbox', { name: 'Search emoji' }), label.toLowerCase());
      await expect.poll(found).toEqual(draws?.(emoji) === false ? [] : [label]);
    }
  });
});
