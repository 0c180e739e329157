// Edits leave with their text, on Chromium's IndexedDB: whichever way a text goes (delete for me, delete for
// everyone, expiry, retention, clearing its conversation) the edits naming it go in the same transaction, leaving
// tombstones so a resend is a duplicate, their outbox entries too, and no export keeps their words; an edit of a
// disappearing text expires with it, whether it came after the text or before it.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import { editMessage, textMessage } from '../../../shared/messaging/testing/message-store-contract';
import type { ArchiveDb } from './archive-db';
import { clearConversation } from './conversation-clearing';
import { openDexieMessageStore } from './dexie-message-store';
import { deleteForMe } from './local-deletion';
import { purgeArchive, purgeExpired } from './retention';
import { scratchDatabases } from './testing/scratch-databases';
import { exportArchive } from './transfer/archive-export';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const HOUR = 3_600_000;
const scratch = scratchDatabases('edit-removal');

const expiring = (message: Message, expiresAt: number): Message => ({
  ...message,
  meta: { ...message.meta, expiresAt },
});

/** Bob's text and his edit of it, the user's text and an edit of it (still in the outbox), all stored. */
const setUp = async (expiresAt?: number) => {
  const db = await scratch.archive();
  const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
  await store.setContactState(BOB, 'accepted');
  const plain = textMessage(1, BOB, ME, 1, 'meet at the harbour');
  const bobs = expiresAt === undefined ? plain : expiring(plain, expiresAt);
  const bobsEdit = editMessage(2, BOB, ME, 2, bobs.id, 'meet at the secret station');
  const mine = textMessage(3, ME, BOB, 1, 'my first draft');
  const myEdit = editMessage(4, ME, BOB, 2, mine.id, 'my hidden second draft');
  await store.receive(bobs, bobs.sentAt, false);
  await store.receive(bobsEdit, bobsEdit.sentAt, false);
  await store.createOutgoing(BOB, () => mine);
  await store.createOutgoing(BOB, () => myEdit);
  return { db, store, bobs, bobsEdit, mine, myEdit };
};

const editsOf = (db: ArchiveDb, ids: readonly MessageId[]) => db.messages.where('editOf').anyOf(ids).count();
const exported = async (db: ArchiveDb) => JSON.stringify(await exportArchive(db, ME, 1));

describe('edits leave with their text', () => {
  it('deletes for me the edits of texts either way, their outbox entries too, and returns their IDs', async () => {
    const { db, store, bobs, bobsEdit, mine, myEdit } = await setUp();
    expect(await db.statuses.get(myEdit.id)).toBeDefined();

    const removed = await deleteForMe(db, [bobs.id, mine.id], 10);

    expect([...removed].sort()).toEqual([bobsEdit.id, myEdit.id].sort());
    expect(await editsOf(db, [bobs.id, mine.id])).toBe(0);
    expect(await db.statuses.get(myEdit.id)).toBeUndefined();
    expect(await db.tombstones.get(myEdit.id)).toBeDefined();
    expect(await store.outbox(BOB, 10)).toEqual([]);
    expect(await store.receive(bobsEdit, 20, false)).toBe('duplicate');
    const file = await exported(db);
    expect(file).not.toContain('secret');
    expect(file).not.toContain('hidden');
    await store.stop();
  });

  it('deletes for everyone the sender’s edits of a text, and of one deleted before it came, but not the user’s', async () => {
    const { db, store, bobs, bobsEdit, mine, myEdit } = await setUp();
    const early = editMessage(6, BOB, ME, 4, textMessage(5, BOB, ME, 3).id, 'an early private word');
    await store.receive(early, early.sentAt, false);

    // Bob names the user's text too: it is not his to delete, nor are its edits.
    await store.deleteMessages([bobs.id, mine.id, textMessage(5, BOB, ME, 3).id], BOB);

    expect(await editsOf(db, [bobs.id, textMessage(5, BOB, ME, 3).id])).toBe(0);
    expect((await db.messages.get(myEdit.id))?.message).toEqual(myEdit);
    expect(await store.receive(bobsEdit, 20, false)).toBe('duplicate');
    expect(await store.receive(early, 21, false)).toBe('duplicate');
    const file = await exported(db);
    expect(file).not.toContain('secret');
    expect(file).not.toContain('private');
    expect(file).toContain('hidden');
    await store.stop();
  });

  it('purges the edits of an expired text with it', async () => {
    const { db, store, bobs, bobsEdit } = await setUp(1_700_000_000_000 + HOUR);
    await store.stop();

    await purgeExpired(db, { now: 1_700_000_000_000 + 2 * HOUR });

    expect(await db.messages.get(bobs.id)).toBeUndefined();
    expect(await editsOf(db, [bobs.id])).toBe(0);
    expect(await db.tombstones.get(bobsEdit.id)).toBeDefined();
    expect(await exported(db)).not.toContain('secret');
  });

  it('takes the edits of a text past retention with it, even when they are more recent', async () => {
    const db = await scratch.archive();
    const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    await store.setContactState(BOB, 'accepted');
    const text = textMessage(1, BOB, ME, 1, 'meet at the harbour');
    const edit = editMessage(2, BOB, ME, 2, text.id, 'meet at the secret station');
    const lateEdit: Message = { ...edit, sentAt: text.sentAt + 23 * HOUR };
    await store.receive(text, text.sentAt, false);
    await store.receive(lateEdit, lateEdit.sentAt, false);
    await store.stop();

    // Kept a day: the text is past it, its edit is not.
    await purgeArchive(db, { me: ME, now: text.sentAt + 36 * HOUR, defaultDays: 1 });

    expect(await db.messages.get(text.id)).toBeUndefined();
    expect(await editsOf(db, [text.id])).toBe(0);
    expect(await exported(db)).not.toContain('secret');
    const again = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    expect(await again.receive(lateEdit, text.sentAt + 40 * HOUR, false)).toBe('duplicate');
    await again.stop();
  });

  it('withdraws the edits of a cleared conversation’s texts with them', async () => {
    const { db, store, bobs, bobsEdit, mine, myEdit } = await setUp();
    const withdrawn: MessageId[][] = [];

    await clearConversation(
      { db, store, me: ME, now: () => 10, batch: 1, withdraw: (ids) => withdrawn.push([...ids]) },
      BOB,
    );

    // The first batch is Bob's text alone, the next the user's: each goes with its edit.
    expect(withdrawn[0]).toEqual([bobs.id, bobsEdit.id]);
    expect(withdrawn[1]).toEqual([mine.id, myEdit.id]);
    expect(await db.messages.count()).toBe(0);
    expect(await db.statuses.get(myEdit.id)).toBeUndefined();
    expect(await store.receive(bobsEdit, 20, false)).toBe('duplicate');
    expect(await exported(db)).not.toContain('secret');
    await store.stop();
  });
});

describe('edits of disappearing texts', () => {
  const until = 1_700_000_000_000 + HOUR;

  it('expire with the text they edit, sent or received after it', async () => {
    const { db, store, bobsEdit, myEdit } = await setUp(until);
    expect((await db.messages.get(bobsEdit.id))?.expiresAt).toBe(until);

    const later = expiring(textMessage(7, ME, BOB, 3, 'going soon'), until);
    await store.createOutgoing(BOB, () => later);
    const laterEdit = expiring(editMessage(8, ME, BOB, 4, later.id, 'going soon, edited'), until + HOUR);
    await store.createOutgoing(BOB, () => laterEdit);
    expect((await db.messages.get(laterEdit.id))?.expiresAt).toBe(until);
    // A text that does not expire leaves its edit's expiry alone.
    expect((await db.messages.get(myEdit.id))?.expiresAt).toBeUndefined();
    await store.stop();
  });

  it('expire with a text that came after them', async () => {
    const db = await scratch.archive();
    const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    await store.setContactState(BOB, 'accepted');
    const text = expiring(textMessage(1, BOB, ME, 1, 'meet at the harbour'), until);
    const edit = editMessage(2, BOB, ME, 2, text.id, 'meet at the secret station');
    await store.receive(edit, edit.sentAt, false);
    expect((await db.messages.get(edit.id))?.expiresAt).toBeUndefined();

    await store.receive(text, text.sentAt, false);

    expect((await db.messages.get(text.id))?.message).toMatchObject({ body: edit.body });
    expect((await db.messages.get(edit.id))?.expiresAt).toBe(until);
    await store.stop();
  });
});
