// Where a conversation view opens, on Chromium's IndexedDB: a page back from the newest, or just before the first
// unread message (in display order) when that is further back, but never more than the most a view opens with.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { Message } from '../../../shared/messaging/message-format';
import {
  reactionMessage,
  textMessage,
} from '../../../shared/messaging/testing/message-store-contract/samples';
import type { ArchiveDb } from './archive-db';
import { firstUnread, type OpeningLimits, openingStart } from './conversation-opening';
import { conversationFrom } from './conversation-window';
import { openDexieMessageStore } from './dexie-message-store';
import { markReadByMe } from './read-marks';
import { scratchDatabases } from './testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const scratch = scratchDatabases('conversation-opening');
const LIMITS: OpeningLimits = { page: 10, context: 3, most: 25 };
const COUNT = 40;

/** Bob's texts 0..COUNT-1, ten ms apart, each followed by one of his reactions (which a view does not show). */
const conversationWith = async (): Promise<{ db: ArchiveDb; texts: Message[] }> => {
  const db = await scratch.archive();
  const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
  await store.setContactState(BOB, 'accepted');
  const texts: Message[] = [];
  for (let n = 0; n < COUNT; n += 1) {
    const text = { ...textMessage(n + 1, BOB, ME, 2 * n + 1), sentAt: 1_000_000 + 10 * n };
    texts.push(text);
    await store.receive(text, text.sentAt, false);
    const reaction = {
      ...reactionMessage(1_000 + n, BOB, ME, 2 * n + 2, text.id, '👍'),
      sentAt: text.sentAt + 1,
    };
    await store.receive(reaction, reaction.sentAt, false);
  }
  await store.stop();
  return { db, texts };
};

/** Marks Bob's texts before `index` read, leaving the rest unread. */
const readUpTo = (db: ArchiveDb, texts: readonly Message[], index: number) =>
  markReadByMe(
    db,
    texts.slice(0, index).map((text) => text.id),
    2_000_000,
  );

/** The texts a view opening now shows, as their indices in `texts`. */
const opensWith = async (db: ArchiveDb, texts: readonly Message[]): Promise<number[]> => {
  const conversation = texts[0]?.conversation ?? '';
  const start = await openingStart(db, conversation, LIMITS);
  const { messages } = await conversationFrom(db, conversation, start);
  return messages.map((view) => texts.findIndex((text) => text.id === view.id));
};

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, at) => from + at);

describe('openingStart', () => {
  it('opens a page back from the newest when everything is read, or the first unread is within that page', async () => {
    const { db, texts } = await conversationWith();
    await readUpTo(db, texts, COUNT - 4);
    expect(await opensWith(db, texts)).toEqual(range(COUNT - LIMITS.page, COUNT));
    await readUpTo(db, texts, COUNT);
    expect(await opensWith(db, texts)).toEqual(range(COUNT - LIMITS.page, COUNT));
  });

  it('shows the read messages above the first unread one when that opens the page', async () => {
    const { db, texts } = await conversationWith();
    await readUpTo(db, texts, COUNT - LIMITS.page);
    expect(await opensWith(db, texts)).toEqual(range(COUNT - LIMITS.page - LIMITS.context, COUNT));
  });

  it('opens a few read messages before the first unread one when that is further back', async () => {
    const { db, texts } = await conversationWith();
    await readUpTo(db, texts, 20);
    expect(await opensWith(db, texts)).toEqual(range(20 - LIMITS.context, COUNT));
  });

  it('opens no further back than the most a view holds, however many are unread', async () => {
    const { db, texts } = await conversationWith();
    await readUpTo(db, texts, 2);
    expect(await opensWith(db, texts)).toEqual(range(COUNT - LIMITS.most, COUNT));
  });

  it('finds the first unread message in display order, not in ID order', async () => {
    const { db, texts } = await conversationWith();
    await readUpTo(db, texts, COUNT);
    const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    // Sent (by Bob's clock) between his texts 24 and 25, under an ID after all of theirs.
    const late = { ...textMessage(5_000, BOB, ME, 500, 'delayed'), sentAt: 1_000_000 + 10 * 24 + 5 };
    // Under an ID before the late one's: in ID order it would come first.
    const newest = { ...textMessage(4_999, BOB, ME, 501, 'newest'), sentAt: 1_000_000 + 10 * COUNT };
    await store.receive(newest, newest.sentAt, false);
    await store.receive(late, late.sentAt, false);
    await store.stop();
    // Whether the unread are read whole (a few) or found walking the display order (many).
    expect((await firstUnread(db, late.conversation))?.id).toBe(late.id);
    expect((await firstUnread(db, late.conversation, null, 0))?.id).toBe(late.id);
    // From a start key on: the first at or after it.
    const after = [late.sentAt + 1, BOB, 0, ''] as const;
    expect((await firstUnread(db, late.conversation, after))?.id).toBe(newest.id);
    expect((await firstUnread(db, late.conversation, after, 0))?.id).toBe(newest.id);
    const conversation = late.conversation;
    const { messages } = await conversationFrom(
      db,
      conversation,
      await openingStart(db, conversation, LIMITS),
    );
    expect(messages.map((view) => view.text).slice(0, LIMITS.context + 1)).toEqual([
      'message 23',
      'message 24',
      'message 25',
      'delayed',
    ]);
  });
});
