// The composer in the chat screen, in Chromium on a real app store: who is told of our typing, a reply to a
// message that disappears or is deleted while it is written (the reply bar and the store let it go, and what is
// sent then is a plain message), and editing our own text (Enter saves, Escape cancels, the draft comes back).
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import { createVirtualClock } from '../../../shared/testing/virtual-clock';
import { ChatScreen } from './ChatScreen';
import { screenHarness, type ScreenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;

const startApp = screenHarness();

describe('composer', () => {
  it('tells the contact whose conversation was left, not the one opened, that typing stopped', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.accept(CAROL);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await userEvent.fill(page.getByTestId('composer'), 'Hi Bob');
    await expect.poll(() => app.typed).toEqual([[BOB, true]]);

    // Bob's composer goes away as Carol's conversation opens: its last word goes to Bob.
    await app.settle(() => app.store.getState().openConversation(CAROL));
    expect(app.typed).toEqual([
      [BOB, true],
      [BOB, false],
    ]);
  });

  it('drops the reply, quoted text and all, when the message replied to disappears, and sends plain', async () => {
    const app = await startApp();
    const clock = createVirtualClock(Date.now());
    await app.accept(BOB);
    await app.receive(BOB, 'the door code is 4711', clock.now() + 60_000);
    await app.render(<ChatScreen />, { clock });
    await app.settle(() => app.store.getState().openConversation(BOB));
    // The actions button shows only on hover (or focus), so it is clicked through the DOM.
    const actions = page.getByRole('button', { name: 'Message actions' });
    await expect.poll(() => actions.elements().length).toBe(1);
    await app.settle(() => (actions.element() as HTMLElement).click());
    await app.settle(() => (page.getByRole('menuitem', { name: 'Reply' }).element() as HTMLElement).click());
    const bar = () => page.getByTestId('replying-to').element().textContent;
    await expect.poll(bar).toContain('the door code is 4711');

    await app.settle(() => clock.advance(60_000));
    expect(page.getByTestId('replying-to').query()).toBeNull();
    expect(app.store.getState().replyingTo).toEqual({});

    await userEvent.fill(page.getByTestId('composer'), 'what was the code?');
    await app.settle(() => page.getByTestId('send').click());
    const sent = async () =>
      (await app.archive.messages.toArray()).filter(
        (record) => record.direction === 'out' && record.message.t === 'text',
      );
    await expect.poll(async () => (await sent()).length).toBe(1);
    const [record] = await sent();
    expect(record?.message.body).toEqual({ text: 'what was the code?' });
    expect(record?.message.meta?.replyTo).toBeUndefined();
  });

  it('drops the reply when the message replied to leaves the archive (purged, say)', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const quoted = await app.receive(BOB, 'never mind this');
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(() =>
      app.store.getState().startReply(BOB, { id: quoted, fromMe: false, text: 'never mind this' }),
    );
    const bar = () => page.getByTestId('replying-to').element().textContent;
    await expect.poll(bar).toContain('never mind this');

    // As a clean-up takes it out of the archive, telling the store nothing.
    await app.settle(() => app.archive.messages.delete(quoted));
    await expect.poll(() => page.getByTestId('replying-to').query()).toBeNull();
    expect(app.store.getState().replyingTo).toEqual({});
  });

  it('drops the reply from the store when the message replied to is deleted for me', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const quoted = await app.receive(BOB, 'never mind this');
    await app.settle(() => app.store.getState().openConversation(BOB));
    app.store.getState().startReply(BOB, { id: quoted, fromMe: false, text: 'never mind this' });

    // No screen is shown: the store itself lets it go.
    await app.store.getState().deleteForMe([quoted]);
    expect(app.store.getState().replyingTo).toEqual({});
  });
});

describe('composer: editing our own text', () => {
  /** Alice has sent Bob `text` and has his conversation open; resolves to the archive's record of it. */
  const sentText = async (app: ScreenHarness, text: string) => {
    await app.accept(BOB);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(async () => {
      expect(await app.store.getState().sendText(text)).toBe(true);
    });
    await expect.poll(() => app.container.querySelector('[data-direction="out"]')).not.toBeNull();
    return async () =>
      (await app.archive.messages.toArray()).find(
        (stored) => stored.direction === 'out' && stored.message.t === 'text',
      );
  };
  const composer = () => page.getByTestId('composer').element() as HTMLTextAreaElement;
  const bar = () => page.getByTestId('editing').query()?.textContent ?? null;

  it('edits from the message menu: the bar shows the text, Enter saves it, and the draft comes back', async () => {
    const app = await startApp();
    const record = await sentText(app, 'see you at 8');
    await userEvent.fill(page.getByTestId('composer'), 'half a thought');
    const actions = app.container.querySelector('[data-direction="out"] [aria-label="Message actions"]');
    await app.settle(() => (actions as HTMLElement).click());
    await app.settle(() => (page.getByRole('menuitem', { name: 'Edit' }).element() as HTMLElement).click());

    expect(bar()).toContain('Editing message');
    expect(bar()).toContain('see you at 8');
    expect(composer().value).toBe('see you at 8');
    expect(document.activeElement).toBe(composer());
    await expect.element(page.getByRole('button', { name: 'Save edit' })).toBeVisible();

    await userEvent.fill(page.getByTestId('composer'), 'see you at 9');
    await app.settle(() => userEvent.keyboard('{Enter}'));
    await expect.poll(async () => (await record())?.message.body).toEqual({ text: 'see you at 9' });
    expect((await record())?.edited).toBeDefined();
    await expect.poll(bar).toBeNull();
    expect(composer().value).toBe('half a thought');
    await expect.element(page.getByRole('button', { name: 'Send' })).toBeVisible();
    const row = () => app.container.querySelector('[data-direction="out"]');
    await expect.poll(() => row()?.querySelector('.message-text')?.textContent).toBe('see you at 9');
    expect(row()?.querySelector('[data-testid="edited"]')?.textContent).toBe('edited');
  });

  it('starts editing our last text on ArrowUp in an empty composer; Escape and Cancel edit end it unsaved', async () => {
    const app = await startApp();
    const record = await sentText(app, 'as it was');
    composer().focus();
    await app.settle(() => userEvent.keyboard('{ArrowUp}'));
    expect(bar()).toContain('as it was');
    expect(composer().value).toBe('as it was');

    await userEvent.fill(page.getByTestId('composer'), 'as it never was');
    await app.settle(() => userEvent.keyboard('{Escape}'));
    expect(bar()).toBeNull();
    expect(composer().value).toBe('');
    expect(app.store.getState().editing).toEqual({});

    await app.settle(() => userEvent.keyboard('{ArrowUp}'));
    expect(bar()).toContain('as it was');
    await app.settle(() => page.getByRole('button', { name: 'Cancel edit' }).click());
    expect(bar()).toBeNull();
    expect(composer().value).toBe('');
    expect((await record())?.message.body).toEqual({ text: 'as it was' });
    expect((await record())?.edited).toBeUndefined();
  });

  it('leaves ArrowUp alone in a composer with text in it', async () => {
    const app = await startApp();
    await sentText(app, 'not this');
    await userEvent.fill(page.getByTestId('composer'), 'typing');
    await app.settle(() => userEvent.keyboard('{ArrowUp}'));
    expect(bar()).toBeNull();
    expect(composer().value).toBe('typing');
  });

  it('formats from the keyboard: Ctrl+B around the selection, again to undo, and a pair to type into', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await userEvent.fill(page.getByTestId('composer'), 'see you soon');
    const field = composer();
    field.setSelectionRange(4, 8);
    await app.settle(() => userEvent.keyboard('{Control>}b{/Control}'));
    expect(field.value).toBe('see *you* soon');
    // Still selected, so the same keys undo it, and the draft follows.
    expect([field.selectionStart, field.selectionEnd]).toEqual([5, 8]);
    await app.settle(() => userEvent.keyboard('{Control>}b{/Control}'));
    expect(field.value).toBe('see you soon');
    expect(app.store.getState().drafts[BOB]).toBe('see you soon');
    // At the caret: a pair, typed into.
    field.setSelectionRange(12, 12);
    await app.settle(() => userEvent.keyboard(' {Control>}{Shift>}x{/Shift}{/Control}later'));
    expect(field.value).toBe('see you soon ~later~');
  });
});
