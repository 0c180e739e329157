// Upgrades: a database written by schema version 1, with real records in every table, opens under the current
// schema with nothing lost, and the message store works on it; a database written by version 7 keeps its
// outbox, order and all; a database written by version 6 (the word index as keys on the records), large enough
// to take the upgrade several slices, is searched as before; so is a database written by version 8 (posting records
// a whole shard of a bucket each), whose index comes back in segments.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { textMessage } from '../../../shared/messaging/testing/message-store-contract';
import { directConversationId, type Message } from '../../../shared/messaging/message-format';
import { openArchiveDb, type ArchiveDb } from './archive-db';
import { SCHEMA_V1, SCHEMA_V6, SCHEMA_V7, SCHEMA_V8, SCHEMA_V9 } from './archive-schema';
import { openDexieMessageStore } from './dexie-message-store';
import { openCompactionJob } from './search/compaction-job';
import { postingsOf } from './search/index-writes';
import { recordOf } from './message-batches';
import { BUCKET_MS, bucketOf, OPEN_SEGMENT, SEGMENT_ENTRIES, shardOf } from './search/posting-keys';
import { decodeShard } from './search/posting-record';
import { searchArchive } from './search/search-archive';
import { parseSearchQuery } from './search/search-query';
import { wordKeysOf } from './search/word-keys';
import { scratchDatabases } from './testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const scratch = scratchDatabases('archive-db');

/** The IDs of the newest `limit` of `messages` whose text matches: what a search should find. */
const newestOf = (messages: readonly Message[]) => (matches: (text: string) => boolean, limit: number) =>
  messages
    .filter((message) => message.t === 'text' && matches(message.body.text))
    .sort((a, b) => b.sentAt - a.sentAt || (a.id < b.id ? 1 : -1))
    .slice(0, limit)
    .map((message) => message.id);

/** The IDs a search of the archive finds. */
const searchIds = (db: ArchiveDb) => async (text: string, limit: number) =>
  (await searchArchive(db, parseSearchQuery(text), { limit, names: new Map() })).map((result) => result.id);

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
    const name = scratch.name();
    const { sent, failed, waiting, received } = await writeVersion1(name);

    const db = scratch.opened(await openArchiveDb(name));
    expect(db.verno).toBe(14);
    expect(await db.messages.count()).toBe(4);
    for (const record of await db.messages.toArray()) {
      expect(record).not.toHaveProperty('status');
      expect(record).not.toHaveProperty('failure');
    }
    expect(await db.statuses.toArray()).toEqual(
      expect.arrayContaining([
        { id: sent.id, status: 'delivered' },
        { id: failed.id, status: 'failed', failure: 'not delivered before it expired' },
        // Version 8: the outbox is the status records marked queued, with their place from the old table.
        { id: waiting.id, status: 'sent', queued: 1, to: BOB, seq: 3 },
      ]),
    );
    expect(await db.statuses.count()).toBe(3);
    // Version 4 indexes the words of text messages for search, version 6 keys them with the time, version 7
    // keeps them on the record and indexes them in posting records.
    expect((await db.messages.get(received.id))?.words).toEqual(['from', 'bob']);
    expect(await db.messages.get(received.id)).not.toHaveProperty('wordKeys');
    const search = (text: string) =>
      searchArchive(db, parseSearchQuery(text), { limit: 10, names: new Map() }).then((results) =>
        results.map((result) => result.id),
      );
    expect(await search('outbox ')).toEqual([waiting.id]);
    expect(await search('one ')).toEqual([failed.id, sent.id]);
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
    expect(await store.setStatus([waiting.id], 'delivered')).toEqual([waiting.id]);
    expect(await store.outbox(BOB, 10)).toEqual([next]);
    // Upgraded status records outside the outbox do not know their place; the message tells it on a retry.
    expect(await store.setStatus([failed.id], 'pending')).toEqual([failed.id]);
    expect(await store.outbox(BOB, 10)).toEqual([failed, next]);
    expect(await store.disappearingTimer(received.conversation)).toBe(0);
  });

  it('upgrades a v7 database: its outbox table becomes the queued status records, in the same order', async () => {
    const name = scratch.name();
    const ANA = 'a'.repeat(32) as PeerId;
    const toBob = [1, 2, 3].map((seq) => textMessage(seq, ME, BOB, seq, `to Bob ${String(seq)}`));
    const toAna = textMessage(4, ME, ANA, 1, 'to Ana');
    // A contact deleted while this waited: pending, but no longer in the outbox.
    const forgotten = textMessage(5, ME, ANA, 2, 'never sent');
    const v7 = new Dexie(name);
    v7.version(7).stores(SCHEMA_V7);
    await v7.open();
    await v7.table('messages').bulkAdd(
      [...toBob, toAna, forgotten].map((message) => ({
        ...recordOf(message, message.to),
        direction: 'out',
      })),
    );
    await v7.table('statuses').bulkAdd([
      { id: toBob[0]?.id, status: 'delivered', to: BOB, seq: 1 },
      // Written before status records kept their place.
      { id: toBob[1]?.id, status: 'sent' },
      { id: toBob[2]?.id, status: 'pending', to: BOB, seq: 3 },
      { id: toAna.id, status: 'sent', to: ANA, seq: 1 },
      { id: forgotten.id, status: 'pending', to: ANA, seq: 2 },
    ]);
    await v7.table('outbox').bulkAdd([
      { to: BOB, seq: 2, id: toBob[1]?.id },
      { to: BOB, seq: 3, id: toBob[2]?.id },
      { to: ANA, seq: 1, id: toAna.id },
    ]);
    v7.close();

    const db = scratch.opened(await openArchiveDb(name));
    expect(db.verno).toBe(14);
    expect(db.tables.map((table) => table.name)).not.toContain('outbox');
    expect(await db.statuses.get(toBob[1]?.id ?? '')).toEqual({
      id: toBob[1]?.id,
      status: 'sent',
      queued: 1,
      to: BOB,
      seq: 2,
    });
    expect(await db.statuses.get(forgotten.id)).toEqual({
      id: forgotten.id,
      status: 'pending',
      to: ANA,
      seq: 2,
    });
    const store = await openDexieMessageStore(db);
    expect([...(await store.outboxPeers())].sort()).toEqual([ANA, BOB].sort());
    expect(await store.outbox(BOB, 10)).toEqual(toBob.slice(1));
    expect(await store.outbox(BOB, 10, 2)).toEqual(toBob.slice(2));
    expect(await store.outbox(ANA, 10)).toEqual([toAna]);
    expect(await store.setStatus([toAna.id], 'delivered')).toEqual([toAna.id]);
    expect(await store.outboxPeers()).toEqual([BOB]);
  });

  it('upgrades a v6 database: its word keys become posting records, and search finds what it found', async () => {
    const name = scratch.name();
    // Twelve thousand messages (more than one upgrade slice) over ten time buckets, written as version 6 did.
    const vocabulary = ['alpha', 'beta', 'gamma', 'delta', 'épée', 'привет', 'kiwi', 'kiosk'];
    const start = 40 * BUCKET_MS;
    const messages: Message[] = Array.from({ length: 12_000 }, (_, n) => {
      const from = n % 3 === 0 ? ME : BOB;
      const to = from === ME ? BOB : ME;
      const words = [vocabulary[n % 8], vocabulary[(n * 5 + 1) % 8], n % 1000 === 7 ? 'rare' : 'common'];
      return {
        id: `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
        from,
        to,
        conversation: directConversationId(ME, BOB),
        sentAt: start + Math.floor((n * 10 * BUCKET_MS) / 12_000),
        seq: n + 1,
        t: 'text',
        body: { text: words.join(' ') },
      };
    });
    const v6 = new Dexie(name);
    v6.version(6).stores(SCHEMA_V6);
    await v6.open();
    await v6.table('messages').bulkAdd(
      messages.map((message) => {
        const { words, ...record } = recordOf(message, BOB);
        return {
          ...record,
          direction: message.from === ME ? 'out' : 'in',
          wordKeys: wordKeysOf(words ?? [], message.sentAt),
        };
      }),
    );
    v6.close();

    const db = scratch.opened(await openArchiveDb(name));
    expect(db.verno).toBe(14);
    expect(await db.messages.count()).toBe(12_000);
    expect(await db.postingSegments.count()).toBeGreaterThan(0);
    const newest = newestOf(messages);
    const search = searchIds(db);
    expect(await search('rare ', 50)).toEqual(newest((text) => text.includes('rare'), 50));
    expect(await search('EPEE привет ', 50)).toEqual(
      newest((text) => text.includes('épée') && text.includes('привет'), 50),
    );
    expect(await search('ki', 50)).toEqual(newest((text) => /\bki/.test(text), 50));
    expect(await search('common alpha before:1970-01-01', 50)).toEqual([]);
    // The oldest messages, found in the first slice the upgrade wrote.
    expect(await search('rare ', 20)).toHaveLength(12);
  });
  it('upgrades a v8 database: its whole-shard posting records become segments, and search finds what it found', async () => {
    const name = scratch.name();
    // Three thousand messages in two time buckets: common words fill many segments of each.
    const vocabulary = ['alpha', 'beta', 'gamma', 'alphabet', 'épée', 'привет'];
    const start = 70 * BUCKET_MS;
    const messages: Message[] = Array.from({ length: 3_000 }, (_, n) => ({
      id: `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
      from: n % 2 === 0 ? ME : BOB,
      to: n % 2 === 0 ? BOB : ME,
      conversation: directConversationId(ME, BOB),
      sentAt: start + n * Math.floor((2 * BUCKET_MS) / 3_000),
      seq: n + 1,
      t: 'text',
      body: {
        text: [vocabulary[n % 6], vocabulary[(n * 7 + 2) % 6], n % 500 === 3 ? 'rare' : 'usual'].join(' '),
      },
    }));
    const records = messages.map((message) => ({
      ...recordOf(message, BOB),
      direction: message.from === ME ? ('out' as const) : ('in' as const),
    }));
    const v8 = new Dexie(name);
    v8.version(8).stores(SCHEMA_V8);
    await v8.open();
    await v8.table('messages').bulkAdd(records);
    // Version 8's posting record of one shard of one bucket, as it wrote them: every entry of the shard in one.
    const usual = records.filter((record) => bucketOf(record.sentAt) === 70);
    await v8.table('postings').add({
      bucket: 70,
      shard: shardOf('usual'),
      words: ['usual'],
      ends: Uint32Array.of(usual.length),
      refs: new Uint8Array(usual.length * 16),
      times: new Uint32Array(usual.length),
    });
    v8.close();

    const db = scratch.opened(await openArchiveDb(name));
    expect(db.verno).toBe(14);
    expect(db.tables.map((table) => table.name)).not.toContain('postings');
    const segments = await db.postingSegments.toArray();
    // Every message's words are held once each, and no open segment is larger than a sealed one may start.
    const held = segments.flatMap((segment) =>
      [...decodeShard(segment)].flatMap(([word, ids]) => [...ids.keys()].map((id) => `${word} ${id}`)),
    );
    expect(held.sort()).toEqual(
      records.flatMap((record) => (record.words ?? []).map((word) => `${word} ${record.id}`)).sort(),
    );
    expect(segments.some((segment) => segment.segment !== OPEN_SEGMENT)).toBe(true);
    for (const segment of segments.filter((record) => record.segment === OPEN_SEGMENT)) {
      expect(segment.times.length).toBeLessThan(SEGMENT_ENTRIES);
    }
    const newest = newestOf(messages);
    const search = searchIds(db);
    expect(await search('rare ', 50)).toEqual(newest((text) => text.includes('rare'), 50));
    expect(await search('usual alpha ', 2_000)).toEqual(
      newest((text) => text.includes('usual') && /\balpha\b/.test(text), 2_000),
    );
    expect(await search('alp', 2_000)).toEqual(newest((text) => text.includes('alpha'), 2_000));
    expect(await search('EPEE ', 30)).toEqual(newest((text) => text.includes('épée'), 30));
  });

  it('upgrades a v9 database: its queue, keyed by message ID, is keyed in order and still searched', async () => {
    const name = scratch.name();
    const messages = [0, 1, 2, 3, 4].map((n) =>
      textMessage(
        n + 1,
        n % 2 === 0 ? ME : BOB,
        n % 2 === 0 ? BOB : ME,
        n + 1,
        `queued ${n < 2 ? 'indexed' : 'waiting'}`,
      ),
    );
    const records = messages.map((message) => ({
      ...recordOf(message, BOB),
      direction: message.from === ME ? ('out' as const) : ('in' as const),
    }));
    const v9 = new Dexie(name);
    v9.version(9).stores(SCHEMA_V9);
    await v9.open();
    await v9.table('messages').bulkAdd(records);
    // Two in the posting records, three still queued (by ID, as version 9 keyed them).
    await v9.table('postingSegments').bulkAdd(postingsOf(records.slice(0, 2)));
    await v9.table('unindexed').bulkAdd(
      records
        .slice(2)
        .reverse()
        .map(({ id, sentAt, words }) => ({ id, sentAt, words })),
    );
    v9.close();

    const db = scratch.opened(await openArchiveDb(name));
    expect(db.verno).toBe(14);
    expect(db.tables.map((table) => table.name)).not.toContain('unindexed');
    expect((await db.indexQueue.toArray()).map((message) => message.id)).toEqual(
      records.slice(2).map((record) => record.id),
    );
    const search = searchIds(db);
    const all = [...records].reverse().map((record) => record.id);
    expect(await search('queued ', 10)).toEqual(all);
    const job = await openCompactionJob(db, 10);
    expect(await job?.step(10)).toBe(true);
    expect(await db.indexQueue.count()).toBe(0);
    expect(await search('queued ', 10)).toEqual(all);
    expect(await search('waiting ', 10)).toEqual(all.slice(0, 3));
  });
});
