// The message list in Chromium on a real app store and archive: a reply's quote shows the message it answers in
// its place, even one far back in history (outside the page the list opened with).
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';
import { CONVERSATION_PAGE } from '../archive/conversation-window';
import { ChatScreen } from './ChatScreen';
// Laid out as in the app: the list is virtualized, and what it renders depends on its height.
import '../styles.css';
import { screenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;

const startApp = screenHarness();

describe('a reply’s quote', () => {
  it('shows the message it answers, loading the history around it', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const original = await app.receive(BOB, 'the original question');
    const later: MessageId[] = [];
    for (let n = 0; n < CONVERSATION_PAGE + 10; n += 1) {
      later.push(await app.receive(BOB, `later ${String(n)}`));
    }
    // All read (as if read on the way): the list opens at the newest, not at the first unread.
    await app.archive.messages
      .where('id')
      .anyOf([original, ...later])
      .modify((record: { readAt?: number; unread?: 1 }) => {
        record.readAt = 1;
        delete record.unread;
      });
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(async () => {
      app.store.getState().startReply(BOB, { id: original, fromMe: false, text: 'the original question' });
      await app.store.getState().sendText('here is the answer');
    });
    const row = () => app.container.querySelector<HTMLElement>(`[data-id="${original}"]`);
    const quote = page.getByRole('button', { name: /^In reply to .*: the original question\. Show it$/ });
    await expect.poll(() => quote.query()).not.toBeNull();
    // Far back: not in the page the conversation opened with.
    expect(row()).toBeNull();

    await app.settle(() => (quote.element() as HTMLElement).click());
    await expect.poll(() => row()?.getAttribute('data-focused')).toBe('true');
    // The quote went with the view it was in: the message shown takes the focus.
    await expect.poll(() => document.activeElement).toBe(row());

    // Back at the newest, the same quote chosen again shows it again.
    await app.settle(() => (page.getByRole('button', { name: /Latest/ }).element() as HTMLElement).click());
    await expect.poll(() => quote.query(), { timeout: 5_000 }).not.toBeNull();
    await expect.poll(() => row()).toBeNull();
    await app.settle(() => (quote.element() as HTMLElement).click());
    await expect.poll(() => row()?.getAttribute('data-focused')).toBe('true');
    await expect.poll(() => document.activeElement).toBe(row());
  });
});

describe('the unread line', () => {
  it('opens at the first unread message, however far back it is', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const read: MessageId[] = [];
    for (let n = 0; n < 20; n += 1) {
      read.push(await app.receive(BOB, `read ${String(n)}`));
    }
    await app.archive.messages
      .where('id')
      .anyOf(read)
      .modify((record: { readAt?: number; unread?: 1 }) => {
        record.readAt = 1;
        delete record.unread;
      });
    // More unread than a page: the first of them is further back than the page a list opens with.
    const first = await app.receive(BOB, 'where the reading stopped');
    for (let n = 0; n < CONVERSATION_PAGE + 10; n += 1) {
      await app.receive(BOB, `unread ${String(n)}`);
    }
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    const line = () => app.container.querySelector('[role="separator"][aria-label="Unread messages"]');
    await expect.poll(() => line()?.nextElementSibling?.getAttribute('data-id')).toBe(first);
    // In view, with what was read loaded above it.
    const inView = () => {
      const list = app.container.querySelector('[data-testid="messages"]')?.getBoundingClientRect();
      const at = line()?.getBoundingClientRect();
      return list !== undefined && at !== undefined && at.top >= list.top && at.bottom <= list.bottom;
    };
    await expect.poll(inView).toBe(true);
    await new Promise((settled) => setTimeout(settled, 300));
    expect(inView()).toBe(true);
    expect(app.container.querySelector(`[data-id="${read.at(-1) ?? ''}"]`)).not.toBeNull();
  });

  it('marks where the unread messages began when the conversation was opened, and stays while it is open', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const read = await app.receive(BOB, 'read already');
    await app.archive.messages.update(read, { readAt: 1, unread: undefined });
    const first = await app.receive(BOB, 'first unread');
    await app.receive(BOB, 'second unread');
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    const line = () => app.container.querySelector('[role="separator"][aria-label="Unread messages"]');
    await expect.poll(() => line()?.nextElementSibling?.getAttribute('data-id')).toBe(first);
    // Read now (as the list marks what it shows), they are unread no longer; the line stays where they began.
    await app.settle(async () => {
      await app.archive.messages
        .filter((record) => record.direction === 'in')
        .modify((record: { readAt?: number; unread?: 1 }) => {
          record.readAt = 2;
          delete record.unread;
        });
    });
    await app.settle(async () => {
      await app.store.getState().sendText('answer');
    });
    expect(line()?.nextElementSibling?.getAttribute('data-id')).toBe(first);
    expect(app.container.querySelectorAll('[aria-label="Unread messages"]')).toHaveLength(1);

    // Opened again, with nothing unread: no line.
    await app.settle(() => app.store.getState().openConversation('c'.repeat(32) as PeerId));
    await app.settle(() => app.store.getState().openConversation(BOB));
    await expect.poll(() => app.container.querySelector('[data-kind="text"]')).not.toBeNull();
    expect(line()).toBeNull();
  });
});
