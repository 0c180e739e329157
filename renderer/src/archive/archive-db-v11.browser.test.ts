// The version 12 upgrade (message edits): a database written by version 11, with texts both ways, indexed and
// queued, and one in the outbox, opens with the new `editOf` index empty, and edits work on its old texts — an
// edit of a text stored before the upgrade changes it, search included, and a text that comes after its edit
// shows it. (archive-db.browser.test.ts upgrades databases of the earlier versions.)
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { editMessage, textMessage } from '../../../shared/messaging/testing/message-store-contract';
import { openArchiveDb, type MessageRecord, type StatusRecord } from './archive-db';
import { SCHEMA_V11 } from './archive-schema';
import { openDexieMessageStore } from './dexie-message-store';
import { recordOf } from './message-batches';
import { postingsOf } from './search/index-writes';
import { searchIds } from './search/testing/compaction-fixtures';
import { FOLD_VERSION } from './search/text-folding';
import { scratchDatabases } from './testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const scratch = scratchDatabases('archive-db-v11');

describe('archive schema upgrade to version 12', () => {
  it('upgrades a v11 database: no record is in the new editOf index, and its texts can be edited', async () => {
    const name = scratch.name();
    const indexed = textMessage(1, BOB, ME, 1, 'the old harbour');
    const queued = textMessage(2, BOB, ME, 2, 'a queued lantern');
    const mine = textMessage(3, ME, BOB, 1, 'my first draft');
    const incoming = (message: typeof indexed): MessageRecord => ({
      ...recordOf(message, BOB),
      direction: 'in',
      receivedAt: message.sentAt + 1,
      request: 0,
      unread: 1,
    });
    const records: MessageRecord[] = [
      incoming(indexed),
      incoming(queued),
      { ...recordOf(mine, BOB), direction: 'out' },
    ];
    const v11 = new Dexie(name);
    v11.version(11).stores(SCHEMA_V11);
    await v11.open();
    await v11.table('messages').bulkAdd(records);
    const status: StatusRecord = { id: mine.id, status: 'sent', queued: 1, to: BOB, seq: 1 };
    await v11.table('statuses').add(status);
    await v11.table('counters').add({ peer: BOB, lastSeq: 1 });
    await v11.table('received').add({ peer: BOB, upTo: 2, above: [] });
    await v11.table('postingSegments').bulkAdd(postingsOf(records.slice(0, 1)));
    const [, { id, sentAt, words = [] }] = records as [MessageRecord, MessageRecord];
    await v11.table('indexQueue').add({ id, sentAt, words });
    await v11.table('refold').add({ name: 'fold', version: FOLD_VERSION });
    v11.close();

    const db = scratch.opened(await openArchiveDb(name));
    expect(db.verno).toBe(14);
    expect(await db.messages.count()).toBe(3);
    expect(await db.messages.orderBy('editOf').count()).toBe(0);
    expect(await searchIds(db, 'harbour ')).toEqual([indexed.id]);

    const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    await store.receive(editMessage(4, BOB, ME, 3, indexed.id, 'the new station'), 10, false);
    await store.receive(editMessage(5, BOB, ME, 4, queued.id, 'a queued torch'), 11, false);
    const mineEdit = await store.createOutgoing(BOB, (seq) =>
      editMessage(6, ME, BOB, seq, mine.id, 'my second draft'),
    );
    expect((await store.incoming(indexed.id))?.message).toEqual({
      ...indexed,
      body: { text: 'the new station' },
    });
    expect(await store.outgoing(mine.id)).toEqual({
      message: { ...mine, body: { text: 'my second draft' } },
      status: 'sent',
      edited: { id: mineEdit.id, sentAt: mineEdit.sentAt, seq: mineEdit.seq },
    });
    expect(await store.outbox(BOB, 10)).toEqual([{ ...mine, body: { text: 'my second draft' } }, mineEdit]);
    expect(await searchIds(db, 'harbour ')).toEqual([]);
    expect(await searchIds(db, 'lantern ')).toEqual([]);
    expect(await searchIds(db, 'station ')).toEqual([indexed.id]);
    expect(await searchIds(db, 'torch ')).toEqual([queued.id]);
    expect(await searchIds(db, 'second ')).toEqual([mine.id]);

    // An edit that overtakes its text waits in the index for it.
    const late = textMessage(8, BOB, ME, 6, 'late words');
    await store.receive(editMessage(9, BOB, ME, 7, late.id, 'late words, fixed'), 12, false);
    await store.receive(late, 13, false);
    expect((await store.incoming(late.id))?.message).toEqual({
      ...late,
      body: { text: 'late words, fixed' },
    });
    expect(await db.messages.orderBy('editOf').count()).toBe(4);
    await store.stop();
  });
});
