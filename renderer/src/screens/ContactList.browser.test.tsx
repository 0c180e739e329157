// The conversation list and what reaches the user outside it, in Chromium on a real app store and archive: a
// muted conversation (no notification, out of the badge until the mute ends), a conversation marked unread, and
// the notifications for contact requests and new contacts.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { directConversationId, type Message } from '../../../shared/messaging/message-format';
import { createVirtualClock } from '../../../shared/testing/virtual-clock';
import { MUTED_FOREVER } from '../archive/conversation-mute';
import { ChatScreen } from './ChatScreen';
import { screenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;

const startApp = screenHarness();

describe('a muted conversation', () => {
  it('shows no notification and leaves the badge, until the mute ends; the list still counts it', async () => {
    const app = await startApp();
    const clock = createVirtualClock(Date.now());
    await app.accept(BOB);
    await app.accept(CAROL);
    await app.render(<ChatScreen />, { clock });
    const received = async (peer: PeerId, text: string) => {
      const id = await app.receive(peer, text);
      const incoming = await app.archive.messages.get(id);
      await app.settle(() =>
        app.emit({
          type: 'received',
          incoming: { message: incoming?.message as Message, receivedAt: Date.now(), request: false },
        }),
      );
    };
    // Muted for an hour (by the screen's clock), from the conversation's settings.
    await app.settle(() => app.store.getState().setConversationMute(BOB, clock.now() + 3_600_000));
    await received(BOB, 'quiet please');
    await received(CAROL, 'hello');
    await expect.poll(() => app.notified).toEqual(['hello']);
    await expect.poll(() => [app.badges.at(-1), document.title]).toEqual([1, '(1) Parley']);
    const row = (peer: PeerId) => app.container.querySelector(`[data-peer="${peer}"]`);
    expect(row(BOB)?.querySelector('[aria-label="muted"]')).not.toBeNull();
    expect(row(BOB)?.querySelector('[data-testid="unread-count"]')?.textContent).toBe('1');
    expect(row(CAROL)?.querySelector('[aria-label="muted"]')).toBeNull();

    // The hour passes: Bob's unread message counts again.
    await app.settle(() => clock.advance(3_600_000));
    await expect.poll(() => [app.badges.at(-1), document.title]).toEqual([2, '(2) Parley']);
    expect(row(BOB)?.querySelector('[aria-label="muted"]')).toBeNull();

    // Muted until turned back on, then unmuted: only what comes after is notified.
    await app.settle(() => app.store.getState().setConversationMute(BOB, MUTED_FOREVER));
    await received(BOB, 'still quiet');
    await app.settle(() => app.store.getState().setConversationMute(BOB, null));
    await received(BOB, 'are you back?');
    await expect.poll(() => app.notified).toEqual(['hello', 'are you back?']);
  });
});

describe('marking a conversation unread', () => {
  it('leaves it showing one unread (a dot, the badge) until it is opened again', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await expect.poll(() => app.badges.at(-1)).toBe(0);
    app.store.getState().setDraft(BOB, 'half a reply');

    await app.settle(() => app.store.getState().markConversationUnread(BOB));
    expect(app.store.getState().activePeerId).toBeNull();
    // What was being written there stays.
    expect(app.store.getState().drafts[BOB]).toBe('half a reply');
    const mark = () => app.container.querySelector(`[data-peer="${BOB}"] [data-testid="unread-mark"]`);
    await expect.poll(mark).not.toBeNull();
    await expect.poll(() => [app.badges.at(-1), document.title]).toEqual([1, '(1) Parley']);

    await app.settle(() => app.store.getState().openConversation(BOB));
    await expect.poll(mark).toBeNull();
    await expect.poll(() => app.badges.at(-1)).toBe(0);
    expect((await app.archive.contacts.get(BOB))?.markedUnread).toBeUndefined();
  });
});

describe('notifications', () => {
  it('notify a contact request once (its name quoted, under a title of ours) and a new contact', async () => {
    const app = await startApp();
    await app.render(<ChatScreen />);
    const from = (peer: PeerId, seq: number, message: Pick<Message, 't' | 'body'>): Message =>
      ({
        id: `01900000-0000-7000-8000-0000000000${String(10 + seq)}`,
        from: peer,
        to: app.me,
        conversation: directConversationId(app.me, peer),
        sentAt: Date.now(),
        seq,
        ...message,
      }) as Message;
    const received = (message: Message, request: boolean) =>
      app.settle(() =>
        app.emit({ type: 'received', incoming: { message, receivedAt: Date.now(), request } }),
      );
    const request = { t: 'contact-request', body: { displayName: 'Bob', note: 'from the meetup' } } as const;
    // The engine stores each, changes the sender's standing, then announces it.
    await app.setContactState(CAROL, 'requested-by-them');
    await received(from(CAROL, 1, request), true);
    // Sent again: nothing new to say.
    await received(from(CAROL, 2, request), true);
    // Bob accepts the request Alice sent him (he was not a contact before it).
    await app.setContactState(BOB, 'accepted');
    await received(from(BOB, 3, { t: 'contact-accept', body: { displayName: 'Bob' } }), true);
    // An acceptance confirmed again between contacts (after a restore) changes nothing: no notification.
    await received(from(BOB, 5, { t: 'contact-accept', body: { displayName: 'Bob' } }), false);
    // From someone blocked, refused before it is stored: the engine announces nothing, and here the standing
    // says no request is waiting either.
    const DI = 'd'.repeat(32) as PeerId;
    await app.setContactState(DI, 'blocked');
    await received(from(DI, 4, request), true);
    await expect
      .poll(() => app.notified)
      .toEqual(['“Bob” asks to be your contact: from the meetup', 'is now your contact.']);
    // A request is titled by the app, never by the name it claims (a stranger may claim a contact's); Bob,
    // a contact now, by his name as the archive has it (none here: the generic title).
    expect(app.notifiedTitles).toEqual(['Contact request', 'New message']);
    // Carol's request ignored, then made again: news again.
    await app.setContactState(CAROL, 'unknown');
    await app.settle(() => app.emit({ type: 'contact', peer: CAROL, state: 'unknown' }));
    await app.setContactState(CAROL, 'requested-by-them');
    await received(from(CAROL, 6, request), true);
    await expect.poll(() => app.notified.length).toBe(3);
  });
});
