// Reactions in the archive, on Chromium's IndexedDB: stored under the text they name (the `reactionOf` index), so
// a conversation window shows them however long after the text they came; gone with a text its sender deletes
// for everyone (theirs; ours may still be queued, and only the caller can withdraw it); and kept, and found
// again, through an export and an import. A version 13 database opens with its messages, and takes reactions.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import {
  reactionMessage,
  textMessage,
} from '../../../shared/messaging/testing/message-store-contract/samples';
import { openArchiveDb, type MessageRecord } from './archive-db';
import { SCHEMA_V13 } from './archive-schema';
import { conversationFrom, windowStart } from './conversation-window';
import { openDexieMessageStore } from './dexie-message-store';
import { deleteForMe } from './local-deletion';
import { recordOf } from './message-batches';
import { scratchDatabases } from './testing/scratch-databases';
import { exportArchive } from './transfer/archive-export';
import { importArchive, parseArchiveFile } from './transfer/archive-import';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const scratch = scratchDatabases('reaction-records');

const setUp = async () => {
  const db = await scratch.archive();
  const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
  await store.setContactState(BOB, 'accepted');
  const bobs = textMessage(1, BOB, ME, 1, 'first');
  const later = textMessage(2, BOB, ME, 2, 'second');
  // Bob's reaction comes before the text it names (resent later): it shows once the text is here.
  const early = reactionMessage(5, BOB, ME, 4, bobs.id, '🎉');
  await store.receive(early, early.sentAt, false);
  await store.receive(bobs, bobs.sentAt, false);
  await store.receive(later, later.sentAt, false);
  const mine = reactionMessage(6, ME, BOB, 1, bobs.id, '👍');
  await store.createOutgoing(BOB, () => mine);
  return { db, store, bobs, later, early, mine };
};

const shown = async (db: Parameters<typeof conversationFrom>[0], conversation: string) =>
  (await conversationFrom(db, conversation, null)).messages.map((view) => [view.text, view.reactions ?? []]);

describe('reactions in the archive', () => {
  it('shows the reactions of each text in the window, and no reaction as a message', async () => {
    const { db, bobs } = await setUp();
    expect(await shown(db, bobs.conversation)).toEqual([
      [
        'first',
        [
          { emoji: '🎉', count: 1, mine: false },
          { emoji: '👍', count: 1, mine: true },
        ],
      ],
      ['second', []],
    ]);
  });

  it('places a window by the messages it shows: a burst of reactions takes no room in a page', async () => {
    const { db, store, bobs, later } = await setUp();
    for (let n = 0; n < 300; n += 1) {
      const reaction = reactionMessage(100 + n, BOB, ME, 10 + n, later.id, n % 2 === 0 ? '👍' : '');
      await store.receive(reaction, reaction.sentAt, false);
    }
    const start = await windowStart(db, bobs.conversation, 2);
    const window = await conversationFrom(db, bobs.conversation, start);
    expect(window.messages.map((view) => view.text)).toEqual(['first', 'second']);
    expect(window.hasOlder).toBe(false);
    const last = await conversationFrom(db, bobs.conversation, await windowStart(db, bobs.conversation, 1));
    expect(last.messages.map((view) => view.text)).toEqual(['second']);
    expect(last.hasOlder).toBe(true);
  });

  it("takes Bob's reactions with a text he deletes for everyone, and keeps ours for the caller to withdraw", async () => {
    const { db, store, bobs, early, mine } = await setUp();
    await store.deleteMessages([bobs.id], BOB);
    expect(await db.messages.get(early.id)).toBeUndefined();
    expect(await db.tombstones.get(early.id)).toBeDefined();
    expect(await store.receive(early, 50, false)).toBe('duplicate');
    expect(await db.messages.get(mine.id)).toBeDefined();
    expect(await shown(db, bobs.conversation)).toEqual([['second', []]]);
  });

  it('takes, but never keeps, a reaction to a text deleted here, and drops one whose text its sender deleted unseen', async () => {
    const { db, store, later } = await setUp();
    await deleteForMe(db, [later.id], 40);
    const late = reactionMessage(7, BOB, ME, 5, later.id, '👍');
    expect(await store.receive(late, 41, false)).toBe('stored');
    expect(await db.messages.get(late.id)).toBeUndefined();
    expect(await store.receive(late, 42, false)).toBe('duplicate');

    // Bob's reaction came before his text, and his deletion of the text overtook it too: it goes.
    const unseen = textMessage(8, BOB, ME, 6, 'never arrived');
    const onUnseen = reactionMessage(9, BOB, ME, 7, unseen.id, '😂');
    await store.receive(onUnseen, 43, false);
    await store.deleteMessages([unseen.id], BOB);
    expect(await db.messages.get(onUnseen.id)).toBeUndefined();
  });

  it('keeps reactions through an export and an import into an empty archive', async () => {
    const { db, bobs } = await setUp();
    const parsed = parseArchiveFile(JSON.stringify(await exportArchive(db, ME, 1)), ME);
    if (!parsed.ok) {
      throw new Error(parsed.error.message);
    }
    const empty = await scratch.archive();
    await importArchive(empty, parsed.value, 2);
    expect(await shown(empty, bobs.conversation)).toEqual(await shown(db, bobs.conversation));
    expect(await empty.messages.where('reactionOf').equals(bobs.id).count()).toBe(2);
  });
});

describe('archive schema v14', () => {
  it('upgrades a version 13 database: its messages stay, and reactions to them are found by their text', async () => {
    const name = scratch.name();
    const text = textMessage(1, BOB, ME, 1, 'before the upgrade');
    const record: MessageRecord = { ...recordOf(text, BOB), direction: 'in', receivedAt: 2 };
    const v13 = new Dexie(name);
    v13.version(13).stores(SCHEMA_V13);
    await v13.open();
    await v13.table('messages').add(record);
    v13.close();

    const db = scratch.opened(await openArchiveDb(name));
    expect(db.verno).toBe(14);
    expect(await db.messages.get(text.id)).toEqual(record);
    const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    await store.setContactState(BOB, 'accepted');
    const reaction = reactionMessage(3, BOB, ME, 2, text.id, '👏');
    await store.receive(reaction, reaction.sentAt, false);
    expect(await shown(db, text.conversation)).toEqual([
      ['before the upgrade', [{ emoji: '👏', count: 1, mine: false }]],
    ]);
    await store.stop();
  });
});
