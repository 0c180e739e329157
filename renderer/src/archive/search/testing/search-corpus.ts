// A random archive to check search against (search-archive.browser.test.ts): corpora of texts in several
// scripts, accents and cases, links, two senders, several conversations, colliding timestamps and messages on both
// sides of time bucket boundaries, written in random batches and then edited, deleted and expired through the
// archive's own paths; random queries; and a naive scan of the records to compare with. The scan is written apart
// from the search code: it folds with String.normalize and a regex, not with the index's functions.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { PeerId } from '../../../../../shared/identity/peer-id';
import { directConversationId, type Message } from '../../../../../shared/messaging/message-format';
import type { ArchiveDb, MessageRecord } from '../../archive-db';
import { deleteForMe } from '../../local-deletion';
import { recordOf } from '../../message-batches';
import { purgeExpired } from '../../retention';
import { openCompactionJob } from '../compaction-job';
import { updateSearchIndex } from '../index-writes';
import { BUCKET_MS, bucketOf } from '../posting-keys';
import { storedEntries } from './compaction-fixtures';
import { searchArchive } from '../search-archive';
import { queueForIndex } from '../index-queue';
import { parseSearchQuery } from '../search-query';

export const ME = 'm'.repeat(32) as PeerId;
export const PEERS = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)] as PeerId[];
const NAMES = new Map<PeerId, string>([
  [PEERS[0] as PeerId, 'ana'],
  [PEERS[1] as PeerId, 'bo'],
  [PEERS[2] as PeerId, 'chloé'],
]);
const VOCABULARY = [
  'apple',
  'Apfel',
  'ÉCOLE',
  'ecole',
  'über',
  'uber',
  'привет',
  'мир',
  'café',
  'cafe',
  'naïve',
  'data',
  'date',
  'dating',
  'https://x.test/p',
  'and',
  'the',
];
export const T0 = new Date(2026, 0, 10).getTime();
const DAY = 86_400_000;

interface Entry {
  readonly words: number[];
  readonly peer: number;
  readonly out: boolean;
  readonly day: number;
  /** Moved to the last or first millisecond of a time bucket: just before or at the next one's start. */
  readonly edge: -1 | 0 | null;
  /** Disappearing: gone at the purge. */
  readonly expires: boolean;
}

export const wordsArb = fc.array(fc.nat(VOCABULARY.length - 1), { minLength: 1, maxLength: 8 });

export const entryArb: fc.Arbitrary<Entry> = fc.record({
  words: wordsArb,
  peer: fc.nat(PEERS.length - 1),
  out: fc.boolean(),
  // Sixty days (five or six time buckets), half the messages in the first four (many share a time).
  day: fc.oneof(fc.nat(3), fc.nat(60)),
  edge: fc.constantFrom(-1 as const, 0 as const, null, null, null),
  expires: fc.boolean().map((expires) => expires && Math.random() < 0.3),
});

const PURGE_AT = T0 + 1000 * DAY;

const textOf = (words: readonly number[], n: number) =>
  words.map((word) => VOCABULARY[word]).join(n % 2 ? ' ' : ', ');

export const messageOf = (entry: Entry, n: number): Message => {
  const peer = PEERS[entry.peer] as PeerId;
  const [from, to] = entry.out ? [ME, peer] : [peer, ME];
  // Several messages share a timestamp: the ID breaks the tie.
  const time = T0 + entry.day * DAY + (n % 3) * 1000;
  return {
    id: `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    from,
    to,
    conversation: directConversationId(ME, peer),
    sentAt: entry.edge === null ? time : (bucketOf(time) + 1) * BUCKET_MS + entry.edge,
    // Not in ID order: within one conversation, messages sent at the same time are ordered by sender and sequence.
    seq: ((n * 37) % 997) + 1,
    t: 'text',
    body: { text: textOf(entry.words, n) },
    ...(entry.expires ? { meta: { expiresAt: PURGE_AT } } : {}),
  };
};

export const recordFor = (message: Message): MessageRecord => {
  const peer = message.from === ME ? message.to : message.from;
  return { ...recordOf(message, peer), direction: message.from === ME ? 'out' : 'in' };
};

/** Changes to make after the corpus is written, each applied through the archive's own write paths. */
export const changesArb = fc.record({
  /** Sizes of the batches the corpus is written in (the rest in one last batch). */
  batches: fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 6 }),
  /** Messages whose text is replaced. */
  edits: fc.array(fc.record({ at: fc.nat(), words: wordsArb }), { maxLength: 5 }),
  /** Messages deleted for me. */
  deletes: fc.array(fc.nat(), { maxLength: 8 }),
  /** Per batch, whether it is queued for the index (as sends and arrivals are) rather than indexed at once. */
  queued: fc.array(fc.boolean(), { maxLength: 7 }),
  /**
   * Compaction jobs before the edits: queued messages taken, shards per step, and steps run (a job left
   * unfinished is taken up by the next one, as by the next session's compactor).
   */
  compactions: fc.oneof(
    fc.constant([]),
    fc.array(
      fc.tuple(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
      ),
      { maxLength: 3 },
    ),
  ),
});

/** Runs a compaction job of `count` queued messages (or the one left unfinished) for `steps` steps at most. */
export const compactSome = async (db: ArchiveDb, count: number, shards: number, steps = Infinity) => {
  const job = await openCompactionJob(db, count);
  for (let step = 0; job !== null && step < steps; step += 1) {
    if (await job.step(shards)) {
      return;
    }
  }
};

/** Writes the corpus batch by batch (each a transaction, as arrivals and imports are), then makes the changes. */
export const writeAndChange = async (
  db: ArchiveDb,
  records: readonly MessageRecord[],
  changes: typeof changesArb extends fc.Arbitrary<infer T> ? T : never,
): Promise<MessageRecord[]> => {
  let at = 0;
  for (const [index, size] of [...changes.batches, records.length].entries()) {
    const batch = records.slice(at, at + size);
    at += batch.length;
    await db.transaction('rw', [db.messages, db.postingSegments, db.indexQueue], () =>
      Promise.all([
        db.messages.bulkAdd(batch),
        changes.queued[index] === true
          ? queueForIndex(db.indexQueue, batch)
          : updateSearchIndex(db, { added: batch }),
      ]),
    );
  }
  for (const [count, shards, steps] of changes.compactions) {
    await compactSome(db, count, shards, steps);
  }
  const current = new Map(records.map((record) => [record.id, record]));
  for (const edit of changes.edits) {
    const before = records[edit.at % records.length] as MessageRecord;
    const stored = current.get(before.id) as MessageRecord;
    const message = { ...before.message, body: { text: textOf(edit.words, edit.at) } } as Message;
    const after = recordFor(message);
    current.set(after.id, after);
    await db.transaction('rw', [db.messages, db.postingSegments, db.indexQueue], () =>
      Promise.all([db.messages.put(after), updateSearchIndex(db, { removed: [stored], added: [after] })]),
    );
  }
  const deleted = changes.deletes.map((n) => (records[n % records.length] as MessageRecord).id);
  await deleteForMe(db, deleted, T0);
  deleted.forEach((id) => current.delete(id));
  await purgeExpired(db, { now: PURGE_AT, batch: 3 });
  return [...current.values()].filter((record) => record.expiresAt === undefined);
};

/** Writes a corpus of entries, makes the changes, and checks the index holds what the messages left hold. */
export const writeCorpus = async (
  db: ArchiveDb,
  entries: readonly Entry[],
  changes: Parameters<typeof writeAndChange>[2],
): Promise<MessageRecord[]> => {
  const records = await writeAndChange(
    db,
    entries.map((entry, n) => recordFor(messageOf(entry, n))),
    changes,
  );
  await expectIndexHolds(db, records);
  return records;
};

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const wordsOf = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}.:/]+/u)
    .flatMap((w) => w.split(':'))
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .map((w) => w.replace(/^[.:/]+|[.:/]+$/g, ''));

/** Absent in three queries of four: queries carrying every filter at once would mostly find nothing. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });

export const queryArb = fc.record({
  words: fc.array(fc.constantFrom(...VOCABULARY.filter((w) => !w.includes(':'))), { maxLength: 2 }),
  prefix: rarely(fc.constantFrom('ap', 'ec', 'dat', 'ca', 'пр', 'u')),
  phrase: rarely(
    fc.tuple(fc.constantFrom(...VOCABULARY.slice(0, 6)), fc.constantFrom(...VOCABULARY.slice(0, 6))),
  ),
  from: rarely(fc.constantFrom('me', 'ana', 'bo', 'chloe')),
  within: rarely(fc.constantFrom('ana', 'bo')),
  after: rarely(fc.nat(20)),
  hasLink: rarely(fc.constant(true)).map((on) => on === true),
});

const day = (n: number) => {
  const date = new Date(T0 + n * DAY);
  return `${String(date.getFullYear())}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

type Query = typeof queryArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * The index holds exactly the words of the messages left, each under its own time: in the posting records once,
 * or queued, or both only for a message of the compaction job under way (whose finished shards it has written).
 */
export const expectIndexHolds = async (db: ArchiveDb, records: readonly MessageRecord[]) => {
  const posted = storedEntries(await db.postingSegments.toArray());
  expect(new Set(posted).size).toBe(posted.length);
  const queued = (await db.indexQueue.toArray()).flatMap((message) =>
    message.words.map((word) => ({
      seq: message.seq ?? NaN,
      entry: `${word} ${message.id} ${String(message.sentAt)}`,
    })),
  );
  const job = await db.indexJob.get('job');
  const inJob = (seq: number) => job?.name === 'job' && seq >= job.first && seq <= job.last;
  const postedSet = new Set(posted);
  for (const { seq, entry } of queued) {
    if (postedSet.has(entry)) {
      expect(inJob(seq)).toBe(true);
    }
  }
  expect([...new Set([...posted, ...queued.map(({ entry }) => entry)])].sort()).toEqual(
    records
      .flatMap((record) =>
        (record.words ?? []).map((word) => `${word} ${record.id} ${String(record.sentAt)}`),
      )
      .sort(),
  );
};

/** The search finds what a naive scan of `records` finds, in the same order. */
export const expectSameAsScan = async (
  db: ArchiveDb,
  records: readonly MessageRecord[],
  q: Query,
  tuning: number,
  onlyWith: number | undefined,
) => {
  const text =
    [
      ...q.words,
      ...(q.phrase ? [`"${q.phrase.join(' ')}"`] : []),
      ...(q.from ? [`from:${q.from}`] : []),
      ...(q.within ? [`in:${q.within}`] : []),
      ...(q.after === undefined ? [] : [`after:${day(q.after)}`]),
      ...(q.hasLink ? ['has:link'] : []),
      ...(q.prefix ? [q.prefix] : []),
    ].join(' ') + (q.prefix ? '' : ' ');
  const query = parseSearchQuery(text);
  const names = new Map([...NAMES].map(([peer, n]) => [peer, fold(n)]));
  // Some runs search one conversation only (find in a conversation).
  const only = onlyWith === undefined ? undefined : directConversationId(ME, PEERS[onlyWith] as PeerId);
  // Small pages stop inside a bucket; small chunks read a bucket's candidates in several steps.
  const limit = [3, 10, 25][tuning % 3] ?? 25;
  const found = await searchArchive(db, query, {
    limit,
    names,
    readChunk: 1 + (tuning % 4),
    ...(only === undefined ? {} : { conversation: only }),
  });

  const expected = records
    .filter((record) => {
      const body = record.message.t === 'text' ? record.message.body.text : '';
      const words = wordsOf(body);
      const peerName = fold(NAMES.get(record.peer) ?? '');
      const [first, second] = (q.phrase ?? []).map(fold);
      const mine = record.direction === 'out';
      return (
        q.words.map(fold).every((w) => words.includes(w)) &&
        (!q.prefix || words.some((w) => w.startsWith(fold(q.prefix ?? '')))) &&
        (!q.phrase || words.some((w, i) => w === first && words[i + 1] === second)) &&
        (!q.from || (q.from === 'me' ? mine : !mine && peerName === fold(q.from))) &&
        (!q.within || peerName === fold(q.within)) &&
        (q.after === undefined || record.sentAt >= new Date(`${day(q.after)}T00:00`).getTime()) &&
        (!q.hasLink || /https?:\/\//.test(body))
      );
    })
    .filter((record) => only === undefined || record.conversation === only)
    .sort((a, b) =>
      only === undefined
        ? b.sentAt - a.sentAt || (a.id < b.id ? 1 : -1)
        : b.sentAt - a.sentAt || (a.from === b.from ? b.seq - a.seq : a.from < b.from ? 1 : -1),
    )
    .slice(0, limit)
    .map((record) => record.id);
  expect(found.map((result) => result.id)).toEqual(expected);
};
