// Reactions in Chromium on a real app store and archive: chosen from a message's menu, shown as chips under the
// text (ours marked), changed or taken back from the chips, and gone with the text.
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import { ChatScreen } from './ChatScreen';
import { screenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;
/** How the screens name Bob, who never gave a name: the start of his peer ID. */
const NAME = 'bbbbbbbbbbbb…';

const startApp = screenHarness();

/** The app, showing Bob's conversation, where his text (`theirs`) waits. */
const openWithBobsText = async () => {
  const app = await startApp();
  await app.accept(BOB);
  const theirs = await app.receive(BOB, 'pizza tonight?');
  await app.render(<ChatScreen />);
  await app.settle(() => app.store.getState().openConversation(BOB));
  return { app, theirs };
};

describe('reactions', () => {
  it('reacts from the menu and the chips, shows both sides, and takes ours back', async () => {
    const { app, theirs } = await openWithBobsText();
    await app.settle(async () => {
      await app.store.getState().sendText('sure');
    });
    const row = (id: string) => app.container.querySelector<HTMLElement>(`[data-id="${id}"]`);
    const chips = (id: string) =>
      [...(row(id)?.querySelectorAll<HTMLElement>('.reaction') ?? [])].map(
        (chip) =>
          `${chip.getAttribute('aria-label') ?? ''}${chip.getAttribute('aria-pressed') === 'true' ? ' *' : ''}`,
      );
    await expect.poll(() => row(theirs)).not.toBeNull();

    // From the menu: ours shows at once, as the archive holds it.
    await app.settle(() =>
      row(theirs)?.querySelector<HTMLElement>('[aria-label="Message actions"]')?.click(),
    );
    await app.settle(() =>
      (page.getByRole('menuitemradio', { name: 'React with 😂' }).element() as HTMLElement).click(),
    );
    await expect.poll(() => chips(theirs)).toEqual(['😂 from you *']);
    expect(document.querySelector('[role="menu"]')).toBeNull();
    // Focus goes back to the menu's button, not to the page.
    expect(document.activeElement).toBe(row(theirs)?.querySelector('[aria-label="Message actions"]'));

    // Bob reacts to his own text and to ours.
    const ours = app.container.querySelector<HTMLElement>('[data-direction="out"][data-kind="text"]')
      ?.dataset['id'] as MessageId;
    await app.settle(async () => {
      await app.receiveReaction(BOB, theirs, '😂');
      await app.receiveReaction(BOB, ours, '❤️');
    });
    await expect.poll(() => chips(theirs)).toEqual([`😂 from you and ${NAME} *`]);
    expect(row(theirs)?.querySelector('.reaction-count')?.textContent).toBe('2');
    await expect.poll(() => chips(ours)).toEqual([`❤️ from ${NAME}`]);

    // A chip of theirs makes ours that emoji; ours clicked again takes it back.
    await app.settle(() => row(ours)?.querySelector<HTMLElement>('.reaction')?.click());
    await expect.poll(() => chips(ours)).toEqual([`❤️ from you and ${NAME} *`]);
    await app.settle(() => row(ours)?.querySelector<HTMLElement>('.reaction')?.click());
    await expect.poll(() => chips(ours)).toEqual([`❤️ from ${NAME}`]);
    // Choosing another from the menu replaces ours; the menu marks the one we chose.
    await app.settle(() =>
      row(theirs)?.querySelector<HTMLElement>('[aria-label="Message actions"]')?.click(),
    );
    expect(
      page.getByRole('menuitemradio', { name: 'React with 😂' }).element().getAttribute('aria-checked'),
    ).toBe('true');
    await app.settle(() =>
      (page.getByRole('menuitemradio', { name: 'React with 👍' }).element() as HTMLElement).click(),
    );
    await expect.poll(() => chips(theirs)).toEqual([`😂 from ${NAME}`, '👍 from you *']);
    // Bob takes his back.
    await app.settle(async () => {
      await app.receiveReaction(BOB, theirs, '');
    });
    await expect.poll(() => chips(theirs)).toEqual(['👍 from you *']);

    // Reactions are not messages: no rows of their own, not the list's latest, never unread.
    expect(app.container.querySelectorAll('[data-kind="text"]')).toHaveLength(2);
    const listed = app.container.querySelector(`[data-peer="${BOB}"]`);
    expect(listed?.textContent).toContain('sure');
    expect(
      await app.archive.messages
        .where('reactionOf')
        .anyOf([theirs, ours])
        .filter((r) => r.unread === 1)
        .count(),
    ).toBe(0);

    // Deleted for me, the text takes its reactions with it, in both directions.
    await app.settle(() => app.store.getState().deleteForMe([theirs]));
    await expect.poll(() => row(theirs)).toBeNull();
    expect(await app.archive.messages.where('reactionOf').equals(theirs).count()).toBe(0);
    expect(await app.archive.messages.where('reactionOf').equals(ours).count()).toBe(3);
  });
});

describe('the actions menu from the keyboard', () => {
  it('takes focus on opening, moves with the arrows, Home and End, and gives it back on Escape', async () => {
    const { app, theirs } = await openWithBobsText();
    const button = () =>
      app.container.querySelector<HTMLElement>(`[data-id="${theirs}"] [aria-label="Message actions"]`);
    await expect.poll(button).not.toBeNull();
    const focused = () =>
      document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent;
    await app.settle(() => button()?.click());
    expect(focused()).toBe('React with 👍');
    const press = (key: string) => app.settle(() => userEvent.keyboard(`{${key}}`));
    await press('ArrowRight');
    expect(focused()).toBe('React with ❤️');
    await press('End');
    expect(focused()).toBe('Delete for me');
    await press('ArrowDown');
    expect(focused()).toBe('React with 👍');
    await press('ArrowUp');
    expect(focused()).toBe('Delete for me');
    await press('Home');
    await press('ArrowLeft');
    expect(focused()).toBe('Delete for me');
    await press('Escape');
    expect(document.querySelector('[role="menu"]')).toBeNull();
    expect(document.activeElement).toBe(button());
    // Tab leaves the menu, and closes it.
    await app.settle(() => button()?.click());
    expect(focused()).toBe('React with 👍');
    await press('Tab');
    expect(document.querySelector('[role="menu"]')).toBeNull();

    // From its button, the down arrow opens it at the first item and the up arrow at the last.
    await app.settle(() => button()?.focus());
    await press('ArrowUp');
    expect(focused()).toBe('Delete for me');
    await press('Escape');
    await press('ArrowDown');
    expect(focused()).toBe('React with 👍');
    // A letter goes to the next item whose text starts with it, wrapping around; one that none starts with stays.
    await press('d');
    expect(focused()).toBe('Delete for me');
    await press('r');
    expect(focused()).toBe('Reply');
    await press('c');
    expect(focused()).toBe('Copy text');
    await press('z');
    expect(focused()).toBe('Copy text');
    await press('R');
    expect(focused()).toBe('Reply');
  });
});

describe('a reaction not delivered', () => {
  it('is marked with a retry, which sends it again', async () => {
    const { app, theirs } = await openWithBobsText();
    await app.settle(async () => {
      await app.store.getState().react(theirs, '👍');
    });
    const row = () => app.container.querySelector<HTMLElement>(`[data-id="${theirs}"]`);
    const notice = () => row()?.querySelector('.reaction-failure')?.textContent ?? null;
    const ours = await app.archive.messages.where('reactionOf').equals(theirs).first();
    await app.settle(() => app.setStatus([ours?.id as MessageId], 'failed', 'undelivered for 30 days'));
    await expect.poll(notice).toBe('👍 not delivered' + 'Retry');
    await app.settle(() =>
      (page.getByRole('button', { name: 'Retry the reaction' }).element() as HTMLElement).click(),
    );
    await expect.poll(notice).toBeNull();
    expect((await app.archive.statuses.get(ours?.id as MessageId))?.status).toBe('pending');

    // Taking it back fails too: nothing is shown of ours, but the failure is.
    await app.settle(async () => {
      await app.store.getState().react(theirs, '');
    });
    const takeBack = (await app.archive.messages.where('reactionOf').equals(theirs).sortBy('sentAt')).at(-1);
    await app.settle(() => app.setStatus([takeBack?.id as MessageId], 'failed', 'refused'));
    await expect.poll(notice).toBe('Taking back your reaction failedRetry');
    expect(row()?.querySelectorAll('.reaction')).toHaveLength(0);
  });
});

describe('reaction notifications', () => {
  it('notifies a reaction to a text of ours, quoting it, unless it is taken back, overtaken, or on theirs', async () => {
    const app = await startApp();
    const CAROL = 'c'.repeat(32) as PeerId;
    await app.accept(BOB);
    await app.accept(CAROL);
    const theirs = await app.receive(BOB, 'pizza tonight?');
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(async () => {
      await app.store.getState().sendText('sure, at eight');
    });
    const ours = (await app.archive.messages.filter((record) => record.direction === 'out').first())
      ?.id as MessageId;
    // Looking at Carol's conversation, not Bob's.
    await app.settle(() => app.store.getState().openConversation(CAROL));
    const reacted = async (of: MessageId, emoji: string, sentAt?: number) => {
      const id = await app.receiveReaction(BOB, of, emoji, sentAt);
      const stored = await app.archive.messages.get(id);
      await app.settle(() =>
        app.emit({
          type: 'received',
          incoming: { message: stored?.message as Message, receivedAt: Date.now(), request: false },
        }),
      );
    };
    await reacted(ours, '👍');
    await reacted(theirs, '😂');
    await reacted(ours, '');
    // Sent before the '' above, arriving after it: no longer what Bob's reaction is.
    await reacted(ours, '😮', Date.now() - 60_000);
    await reacted(ours, '❤️');
    await expect
      .poll(() => app.notified)
      .toEqual(['Reacted 👍 to “sure, at eight”', 'Reacted ❤️ to “sure, at eight”']);
  });
});
