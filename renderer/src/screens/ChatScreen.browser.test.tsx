// The chat screen in Chromium on a real app store and archive: the unread count outside the app, what the sidebar
// shows of disappearing messages (their preview, their unread count) once they expire, what its summaries cost,
// and which messages offer an edit and show they were edited.
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import { EDIT_WINDOW_MS } from '../../../shared/messaging/message-edits';
import type { MessageId } from '../../../shared/messaging/message-format';
import { createVirtualClock } from '../../../shared/testing/virtual-clock';
import type { ArchiveDb, MessageRecord } from '../archive/archive-db';
import { contactSummaries, type ContactSummary } from '../archive/archive-queries';
import { purgeExpired } from '../archive/retention';
import { ChatScreen } from './ChatScreen';
import { screenHarness, type ScreenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;

const startApp = screenHarness();

describe('chat screen', () => {
  it('keeps the unread count in the window title and on the badge while search results replace the list', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.receive(BOB, 'first');
    await app.render(<ChatScreen />);
    await expect.poll(() => [document.title, app.badges.at(-1)]).toEqual(['(1) Parley', 1]);

    await app.settle(() => app.store.getState().setSearchText('anything'));
    await app.receive(BOB, 'second');
    await expect.poll(() => [document.title, app.badges.at(-1)]).toEqual(['(2) Parley', 2]);
  });

  it('takes a disappearing last message out of the sidebar preview when it expires, before any purge', async () => {
    const app = await startApp();
    const clock = createVirtualClock(Date.now());
    await app.accept(BOB);
    await app.receive(BOB, 'the door code is 4711', clock.now() + 60_000);
    await app.render(<ChatScreen />, { clock });
    const preview = () => app.container.querySelector(`[data-peer="${BOB}"] .preview`)?.textContent;
    await expect.poll(preview).toBe('the door code is 4711');
    await app.settle(() => clock.advance(59_999));
    expect(preview()).toBe('the door code is 4711');
    await app.settle(() => clock.advance(1));
    expect(preview()).toBe('');
  });

  it('does not count an unread disappearing message that has expired, in the sidebar or on the badge', async () => {
    const app = await startApp();
    const clock = createVirtualClock(Date.now());
    await app.accept(BOB);
    await app.receive(BOB, 'still here');
    // Expired before the screen opens, and never purged: the harness runs no expiry schedule.
    await app.receive(BOB, 'already gone', clock.now() - 1);
    await app.render(<ChatScreen />, { clock });
    await expect
      .poll(() => [sidebarCount(app.container), app.badges.at(-1), document.title])
      .toEqual(['1', 1, '(1) Parley']);
    expect(app.badges).not.toContain(2);
  });

  it('drops an unread disappearing message from the counts the moment it expires, and not again at its purge', async () => {
    const app = await startApp();
    const clock = createVirtualClock(Date.now());
    await app.accept(BOB);
    await app.receive(BOB, 'stays');
    const disappearing = await app.receive(BOB, 'disappears', clock.now() + 60_000);
    await app.render(<ChatScreen />, { clock });
    const counts = () => [sidebarCount(app.container), app.badges.at(-1), document.title];
    await expect.poll(counts).toEqual(['2', 2, '(2) Parley']);

    await app.settle(() => clock.advance(59_999));
    expect(counts()).toEqual(['2', 2, '(2) Parley']);
    await app.settle(() => clock.advance(1));
    expect(counts()).toEqual(['1', 1, '(1) Parley']);

    // The purge then takes it, and what arrives afterwards counts as before.
    await app.settle(async () => {
      expect(await purgeExpired(app.archive, { now: clock.now() })).toBe(1);
    });
    expect(await app.archive.messages.get(disappearing)).toBeUndefined();
    await app.receive(BOB, 'after the purge');
    await expect.poll(counts).toEqual(['2', 2, '(2) Parley']);
    expect(app.badges).not.toContain(0);
  });
});

describe('editing in the message list', () => {
  it('offers Edit on our own texts within a day of sending them, never on theirs', async () => {
    const app = await startApp();
    const clock = createVirtualClock(Date.now());
    await app.accept(BOB);
    await app.receive(BOB, 'from Bob');
    await app.render(<ChatScreen />, { clock });
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(async () => {
      expect(await app.store.getState().sendText('from me')).toBe(true);
      expect(await app.store.getState().setDisappearingTimer(BOB, 0)).toBe(true);
    });
    await expect.poll(() => app.container.querySelectorAll('[data-kind="timer"]').length).toBe(1);
    // A timer notice has no actions at all.
    expect(app.container.querySelector('[data-kind="timer"] [aria-label="Message actions"]')).toBeNull();

    // After the quick reactions, '+' for every other emoji.
    expect(await menuOf(app, 'in')).toEqual(['+', 'Reply', 'Copy text', 'Forward…', 'Info', 'Delete for me']);
    expect(await menuOf(app, 'out')).toEqual([
      '+',
      'Reply',
      'Edit',
      'Copy text',
      'Forward…',
      'Info',
      'Delete for me',
      'Delete for everyone',
    ]);
    // The window is judged by the screen's clock: a day and a minute later, it has closed.
    await app.settle(() => clock.advance(EDIT_WINDOW_MS + 60_000));
    expect(await menuOf(app, 'out')).not.toContain('Edit');
  });

  it('marks an edited text "edited", with when it was edited in its tooltip, and no other', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(async () => {
      await app.store.getState().sendText('stays as it is');
      await app.store.getState().sendText('see you at 8');
    });
    const row = (text: string) =>
      [...app.container.querySelectorAll('[data-direction="out"]')].find((element) =>
        element.textContent.includes(text),
      );
    await expect.poll(() => row('see you at 8')).toBeDefined();
    expect(app.container.querySelector('[data-testid="edited"]')).toBeNull();

    const id = row('see you at 8')?.getAttribute('data-id') as MessageId;
    await app.settle(async () => {
      app.store.getState().startEdit(BOB, { id, text: 'see you at 8' });
      expect(await app.store.getState().sendText('see you at 9')).toBe(true);
    });
    const editedAt = (await app.archive.messages.get(id))?.edited?.sentAt;
    expect(editedAt).toBeDefined();
    const label = () => row('see you at 9')?.querySelector('[data-testid="edited"]');
    await expect
      .poll(() => [label()?.textContent, label()?.getAttribute('title')])
      .toEqual(['edited', `Edited ${new Date(editedAt ?? 0).toLocaleString()}`]);
    expect(row('stays as it is')?.querySelector('[data-testid="edited"]')).toBeNull();
  });

  it('shows an edit that was not delivered in place of the text’s status, and retries the edit', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(async () => {
      await app.store.getState().sendText('meet at 5');
    });
    const row = () => app.container.querySelector('[data-direction="out"][data-kind="text"]');
    await expect.poll(() => row()).not.toBeNull();
    const id = row()?.getAttribute('data-id') as MessageId;
    await app.settle(async () => {
      app.store.getState().startEdit(BOB, { id, text: 'meet at 5' });
      expect(await app.store.getState().sendText('meet at 6')).toBe(true);
    });
    const editId = (await app.archive.messages.get(id))?.edited?.id as MessageId;
    const status = () => row()?.querySelector('[data-testid="message-status"] [role="img"]');
    // Nothing is connected here: the edit waits, and the text says so rather than its own status.
    await expect.poll(() => status()?.getAttribute('aria-label')).toBe('Sending the edit');

    await app.settle(() => app.setStatus([editId], 'failed', 'not delivered within 30 days'));
    await expect
      .poll(() => status()?.getAttribute('title'))
      .toBe('Edit not delivered: not delivered within 30 days');
    // Clicked in the DOM: the test page is too small to lay out the list for a pointer.
    const retry = row()?.querySelector<HTMLElement>('button[aria-label="Retry: Edit not delivered"]');
    await app.settle(() => retry?.click());
    await expect.poll(async () => (await app.archive.statuses.get(editId))?.status).toBe('pending');
    await expect.poll(() => status()?.getAttribute('aria-label')).toBe('Sending the edit');
  });

  it('shows a delete for everyone that was not delivered, with a retry', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(async () => {
      await app.store.getState().sendText('wrong chat');
    });
    const text = () => app.container.querySelector('[data-direction="out"][data-kind="text"]');
    await expect.poll(text).not.toBeNull();
    const id = text()?.getAttribute('data-id') as MessageId;
    await app.settle(async () => {
      await app.store.getState().deleteForEveryone([id]);
    });
    const notice = () => app.container.querySelector('[data-direction="out"][data-kind="deletion"]');
    await expect.poll(() => notice()).not.toBeNull();
    await expect.poll(text).toBeNull();
    // While it is on its way, the notice shows no status.
    expect(notice()?.querySelector('[data-testid="message-status"]')).toBeNull();

    const deletion = notice()?.getAttribute('data-id') as MessageId;
    await app.settle(() => app.setStatus([deletion], 'failed', 'expired'));
    await expect
      .poll(() =>
        notice()?.querySelector('[data-testid="message-status"] [role="img"]')?.getAttribute('title'),
      )
      .toBe('Not delivered: expired');
    const retry = notice()?.querySelector<HTMLElement>('button[aria-label="Retry: Not delivered"]');
    await app.settle(() => retry?.click());
    await expect.poll(async () => (await app.archive.statuses.get(deletion))?.status).toBe('pending');
  });
});

/** The items of the actions menu of the (first) message in `direction`, opened and closed again. */
const menuOf = async (app: ScreenHarness, direction: 'in' | 'out'): Promise<string[]> => {
  const button = app.container.querySelector(
    `[data-direction="${direction}"] [aria-label="Message actions"]`,
  );
  await app.settle(() => (button as HTMLElement).click());
  const items = page
    .getByRole('menuitem')
    .elements()
    .map((item) => item.textContent);
  await app.settle(() => (button as HTMLElement).click());
  return items;
};

// The sidebar reads the summaries again on every message sent or received, with thousands unread after a time
// offline: reading each unread message whole for its expiry made every arrival cost them all.
describe('the contact summaries the sidebar reads', () => {
  it('read no unread message whole, only the last of each conversation, whether or not some disappear', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.accept(CAROL);
    await app.receive(BOB, 'one');
    await app.receive(BOB, 'two');
    const bobsLast = await app.receive(BOB, 'three');
    const plain = await readsOf(app.archive, () => contactSummaries(app.archive));
    expect(plain.read).toEqual([bobsLast]);
    expect(unreadOfEach(plain.result)).toEqual([
      { peer: BOB, unread: 3, unreadExpiries: undefined },
      { peer: CAROL, unread: 0, unreadExpiries: undefined },
    ]);

    const expiresAt = Date.now() + 60_000;
    await app.receive(BOB, 'disappears', expiresAt);
    const bobsNewLast = await app.receive(BOB, 'four');
    const carolsLast = await app.receive(CAROL, 'disappears too', expiresAt + 1);
    const disappearing = await readsOf(app.archive, () => contactSummaries(app.archive));
    expect([...disappearing.read].sort()).toEqual([bobsNewLast, carolsLast].sort());
    expect(unreadOfEach(disappearing.result)).toEqual([
      { peer: BOB, unread: 5, unreadExpiries: [expiresAt] },
      { peer: CAROL, unread: 1, unreadExpiries: [expiresAt + 1] },
    ]);
  });
});

/** Each contact's unread count and expiries, by peer ID (not in the sidebar's order, which a tie would decide). */
const unreadOfEach = (summaries: readonly ContactSummary[]) =>
  summaries
    .map(({ peer, unread, unreadExpiries }) => ({ peer, unread, unreadExpiries }))
    .sort((a, b) => a.peer.localeCompare(b.peer));

/** What `query` returns, and the IDs of the message records it read whole (Dexie's reading hook sees each one). */
const readsOf = async <T,>(
  archive: ArchiveDb,
  query: () => Promise<T>,
): Promise<{ readonly result: T; readonly read: readonly MessageId[] }> => {
  const read: MessageId[] = [];
  const spy = (record: MessageRecord | undefined): MessageRecord | undefined => {
    if (record) {
      read.push(record.id);
    }
    return record;
  };
  archive.messages.hook('reading', spy);
  try {
    return { result: await query(), read };
  } finally {
    archive.messages.hook.reading.unsubscribe(spy);
  }
};

/** The unread count on Bob's row in the sidebar, if it shows one. */
const sidebarCount = (container: HTMLElement): string | undefined =>
  container.querySelector(`[data-peer="${BOB}"] [data-testid="unread-count"]`)?.textContent ?? undefined;
