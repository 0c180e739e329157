// Edits in the Dexie archive, beyond the MessageStore contract: an edited text is searched by its new words only,
// wherever its old ones were (queued or compacted), and its record's words match; an edit is neither unread nor a
// conversation's latest activity, and the sidebar previews the edited text; edits and their texts in one batch
// settle as they would one by one; only edit records are in the `editOf` index, and storing ordinary texts
// reads no message record whole.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import { editMessage, textMessage } from '../../../shared/messaging/testing/message-store-contract';
import type { ArchiveDb, MessageRecord } from './archive-db';
import { contactSummaries } from './archive-queries';
import { openDexieMessageStore } from './dexie-message-store';
import { postedEntries, searchIds } from './search/testing/compaction-fixtures';
import { indexWords } from './search/text-folding';
import { scratchDatabases } from './testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;
const scratch = scratchDatabases('edit-writes');

const fromBob = (n: number, seq: number, text: string): Message => textMessage(n, BOB, ME, seq, text);

const openStore = async () => {
  const db = await scratch.archive();
  // Compaction only when a test flushes it.
  const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
  return { db, store };
};

/** The IDs of the message records `run` read whole (Dexie's reading hook sees each one). */
const recordsReadBy = async (db: ArchiveDb, run: () => Promise<unknown>): Promise<readonly MessageId[]> => {
  const read: MessageId[] = [];
  const spy = (record: MessageRecord | undefined): MessageRecord | undefined => {
    if (record) {
      read.push(record.id);
    }
    return record;
  };
  db.messages.hook('reading', spy);
  try {
    await run();
    return read;
  } finally {
    db.messages.hook.reading.unsubscribe(spy);
  }
};

describe('edits in the archive', () => {
  it('indexes an edited text under its new words only, whether its old ones were compacted or still queued', async () => {
    const { db, store } = await openStore();
    const compacted = fromBob(1, 1, 'meet at the harbour');
    const queued = fromBob(2, 2, 'bring the lantern');
    await store.receive(compacted, 10, false);
    await store.flushSearchIndex();
    await store.receive(queued, 11, false);
    expect(await db.indexQueue.count()).toBe(1);

    await store.receive(editMessage(3, BOB, ME, 3, compacted.id, 'meet at the station'), 12, false);
    await store.receive(editMessage(4, BOB, ME, 4, queued.id, 'bring the torch'), 13, false);
    expect(await searchIds(db, 'harbour ')).toEqual([]);
    expect(await searchIds(db, 'lantern ')).toEqual([]);
    expect(await searchIds(db, 'station ')).toEqual([compacted.id]);
    expect(await searchIds(db, 'torch ')).toEqual([queued.id]);
    expect(await searchIds(db, 'the ')).toEqual([compacted.id, queued.id].sort());
    expect((await db.messages.get(compacted.id))?.words).toEqual(indexWords('meet at the station'));
    expect((await db.messages.get(queued.id))?.words).toEqual(indexWords('bring the torch'));

    // Each word of each text once, and nothing of the edits themselves.
    await store.flushSearchIndex();
    const expected = [
      ...indexWords('meet at the station').map((word) => `${word} ${compacted.id}`),
      ...indexWords('bring the torch').map((word) => `${word} ${queued.id}`),
    ];
    expect((await postedEntries(db)).sort()).toEqual(expected.sort());
    expect(await db.indexQueue.count()).toBe(0);
    await store.stop();
  });

  it('neither marks an edit unread nor moves the conversation to it, and previews the edited text', async () => {
    const { db, store } = await openStore();
    await store.setContactState(BOB, 'accepted');
    const text = fromBob(1, 1, 'see you at 5');
    await store.receive(text, 10, false);
    await store.receive(editMessage(2, BOB, ME, 2, text.id, 'see you at 6'), 11, false);
    expect(
      await db.messages.where('[conversation+unread]').equals([text.conversation, 1]).primaryKeys(),
    ).toEqual([text.id]);
    expect((await db.conversations.get(text.conversation))?.lastMessageId).toBe(text.id);
    const [summary] = await contactSummaries(db);
    expect(summary).toMatchObject({ peer: BOB, lastText: 'see you at 6', unread: 1 });
    await store.stop();
  });

  it('tells a text edited on arrival only by an edit that applies and came before it', async () => {
    const { store } = await openStore();
    const text = fromBob(1, 1, 'first words');
    // Stored first, but not Bob's to make: it names his text and changes nothing.
    await store.receive(editMessage(2, CAROL, ME, 1, text.id, 'forged words'), 10, false);
    const outcomes = await Promise.all(
      [text, editMessage(3, BOB, ME, 2, text.id, 'his own edit')].map((message, at) =>
        store.receive(message, 11 + at, false),
      ),
    );
    // One by one: the text came as it was, and the edit behind it changed it.
    expect(outcomes).toEqual(['stored', 'stored']);
    expect((await store.incoming(text.id))?.message).toMatchObject({ body: { text: 'his own edit' } });
  });

  it('settles texts and edits written in one batch as it would one by one', async () => {
    const { db, store } = await openStore();
    const text = fromBob(1, 1, 'first words');
    const first = editMessage(2, BOB, ME, 2, text.id, 'second words');
    const second = editMessage(3, BOB, ME, 3, text.id, 'third words');
    const overtaken = fromBob(4, 4, 'late text');
    const overtaking = editMessage(5, BOB, ME, 5, overtaken.id, 'late text, edited');
    // Started together: the group writer stores them in one transaction, in this order.
    const outcomes = await Promise.all(
      [second, text, first, overtaking, overtaken].map((message, at) =>
        store.receive(message, 10 + at, false),
      ),
    );
    // Each text that an edit before it changed is told apart (the engine then announces the edited words).
    expect(outcomes).toEqual(['stored', 'edited', 'stored', 'stored', 'edited']);
    expect(await store.incoming(text.id)).toEqual({
      message: { ...text, body: { text: 'third words' } },
      receivedAt: 11,
      request: false,
      edited: { id: second.id, sentAt: second.sentAt, seq: second.seq },
    });
    expect((await store.incoming(overtaken.id))?.message).toEqual({
      ...overtaken,
      body: { text: 'late text, edited' },
    });
    expect(await searchIds(db, 'third ')).toEqual([text.id]);
    expect(await searchIds(db, 'first ')).toEqual([]);
    expect(await searchIds(db, 'edited ')).toEqual([overtaken.id]);
    await store.stop();
  });

  it('keeps only edit records in the editOf index, and reads no message whole to store ordinary texts', async () => {
    const { db, store } = await openStore();
    const mine = await store.createOutgoing(BOB, (seq) => textMessage(1, ME, BOB, seq, 'hello'));
    const edit = await store.createOutgoing(BOB, (seq) =>
      editMessage(2, ME, BOB, seq, mine.id, 'hello there'),
    );
    expect(await db.messages.orderBy('editOf').primaryKeys()).toEqual([edit.id]);
    expect((await db.messages.get(edit.id))?.editOf).toBe(mine.id);
    expect((await db.messages.get(edit.id))?.words).toBeUndefined();
    expect(await searchIds(db, 'there ')).toEqual([mine.id]);

    const read = await recordsReadBy(db, async () => {
      await Promise.all([3, 4, 5].map((n) => store.receive(fromBob(n, n, `text ${String(n)}`), n, false)));
      await store.createOutgoing(BOB, (seq) => textMessage(6, ME, BOB, seq, 'and mine'));
    });
    expect(read).toEqual([]);
    await store.stop();
  });
});
