// Upgrades: a database written by schema version 1, with real records in every table, opens under the current
// schema with nothing lost, and the message store works on it.
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { textMessage } from '../../../shared/messaging/testing/message-store-contract';
import { openArchiveDb, SCHEMA_V1, type ArchiveDb } from './archive-db';
import { openDexieMessageStore } from './dexie-message-store';
import { wordKeysOf } from './search/word-keys';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const names: string[] = [];
const opened: ArchiveDb[] = [];

afterEach(async () => {
  opened.splice(0).forEach((db) => db.close());
  for (const name of names.splice(0)) {
    await Dexie.delete(name);
  }
});

/** Writes what version 1 of the app stored: status and failure on the message records themselves. */
const writeVersion1 = async (name: string) => {
  const sent = textMessage(1, ME, BOB, 1, 'delivered one');
  const failed = textMessage(2, ME, BOB, 2, 'failed one');
  const waiting = textMessage(3, ME, BOB, 3, 'still in the outbox');
  const received = textMessage(4, BOB, ME, 1, 'from Bob');
  const v1 = new Dexie(name);
  v1.version(1).stores(SCHEMA_V1);
  await v1.open();
  const out = (message: typeof sent) => ({
    id: message.id,
    direction: 'out',
    conversation: message.conversation,
    peer: BOB,
    sentAt: message.sentAt,
    from: ME,
    seq: message.seq,
    message,
  });
  await v1.table('messages').bulkAdd([
    { ...out(sent), status: 'delivered' },
    { ...out(failed), status: 'failed', failure: 'not delivered before it expired' },
    { ...out(waiting), status: 'sent' },
    {
      id: received.id,
      direction: 'in',
      conversation: received.conversation,
      peer: BOB,
      sentAt: received.sentAt,
      from: BOB,
      seq: 1,
      message: received,
      receivedAt: 5,
      request: 0,
    },
  ]);
  await v1.table('outbox').add({ to: BOB, seq: 3, id: waiting.id });
  await v1.table('counters').add({ peer: BOB, lastSeq: 3 });
  await v1.table('received').add({ peer: BOB, upTo: 1, above: [3] });
  await v1.table('tombstones').add({ id: textMessage(9, BOB, ME, 2).id, deletedAt: 6 });
  await v1.table('contacts').add({ peer: BOB, state: 'accepted', displayName: 'Bob' });
  await v1.table('conversations').add({
    id: received.conversation,
    peer: BOB,
    lastActivityAt: received.sentAt,
    lastMessageId: received.id,
  });
  v1.close();
  return { sent, failed, waiting, received };
};

describe('archive schema upgrades', () => {
  it('upgrades a v1 database through every version and keeps every record', async () => {
    const name = `upgrade-${String(Date.now())}`;
    names.push(name);
    const { sent, failed, waiting, received } = await writeVersion1(name);

    const db = await openArchiveDb(name);
    opened.push(db);
    expect(db.verno).toBe(6);
    expect(await db.messages.count()).toBe(4);
    for (const record of await db.messages.toArray()) {
      expect(record).not.toHaveProperty('status');
      expect(record).not.toHaveProperty('failure');
    }
    expect(await db.statuses.toArray()).toEqual(
      expect.arrayContaining([
        { id: sent.id, status: 'delivered' },
        { id: failed.id, status: 'failed', failure: 'not delivered before it expired' },
        { id: waiting.id, status: 'sent' },
      ]),
    );
    expect(await db.statuses.count()).toBe(3);
    // Version 4 indexes the words of text messages for search; version 6 keys them with the time.
    expect((await db.messages.get(received.id))?.wordKeys).toEqual(
      wordKeysOf(['from', 'bob'], received.sentAt),
    );
    expect(await db.messages.get(received.id)).not.toHaveProperty('words');
    expect(await db.messages.where('wordKeys').startsWith('outbox\u0000').primaryKeys()).toEqual([
      waiting.id,
    ]);
    // Version 3 indexes Bob's unread text for the unread count.
    expect(
      await db.messages.where('[conversation+unread]').equals([received.conversation, 1]).primaryKeys(),
    ).toEqual([received.id]);
    expect(await db.contacts.get(BOB)).toEqual({ peer: BOB, state: 'accepted', displayName: 'Bob' });
    expect(await db.tombstones.count()).toBe(1);
    expect(await db.conversations.count()).toBe(1);
    // Version 5 keeps disappearing-messages timers; no earlier version had any.
    expect(await db.timers.count()).toBe(0);

    const store = await openDexieMessageStore(db);
    expect(await store.outgoing(failed.id)).toEqual({
      message: failed,
      status: 'failed',
      failure: 'not delivered before it expired',
    });
    expect(await store.outbox(BOB, 10)).toEqual([waiting]);
    expect(await store.incoming(received.id)).toEqual({ message: received, receivedAt: 5, request: false });
    expect(await store.receivedSequence(BOB)).toEqual({ upTo: 1, above: [3] });
    const next = await store.createOutgoing(BOB, (seq) => textMessage(10, ME, BOB, seq));
    expect(next.seq).toBe(4);
    // Upgraded status records do not know their outbox place; the message tells it.
    expect(await store.setStatus([waiting.id], 'delivered')).toEqual([waiting.id]);
    expect(await store.outbox(BOB, 10)).toEqual([next]);
    expect(await store.setStatus([failed.id], 'pending')).toEqual([failed.id]);
    expect(await store.outbox(BOB, 10)).toEqual([failed, next]);
    expect(await store.disappearingTimer(received.conversation)).toBe(0);
  });
});
