// Keeping the search index (posting records, posting-keys.ts) exactly the text messages there are: every write
// that stores, replaces or deletes messages passes them here inside its own transaction, so a crash leaves the
// messages and their index both as they were or both as they became (the schema upgrade passes its own
// transaction's tables). Sent and received messages are queued first (index-queue.ts) and come here in batches
// through the compactor; imports come here directly. A call reads the posting records the messages fall in (the
// open segments of their shards, and the sealed ones too where messages leave), rewrites them (shard-edit.ts) and
// writes them back; a caller runs one call at a time per transaction (two at once would each write back its own
// copy of a shared record).
import type { Table } from 'dexie';
import { refOf } from './message-refs';
import type { PostingRecord } from './posting-record';
import { unqueue, type IndexQueueTable } from './index-queue';
import {
  BUCKET_MS,
  bucketOf,
  bucketRange,
  OPEN_SEGMENT,
  openKey,
  SEGMENT_ENTRIES,
  segmentRange,
  shardOf,
  type PostingKey,
} from './posting-keys';
import { editShard, type WordChanges } from './shard-edit';

export type PostingTable = Table<PostingRecord, PostingKey>;

/** What the index needs of a message: text messages carry their distinct folded words. */
export interface IndexedMessage {
  readonly id: string;
  readonly sentAt: number;
  readonly words?: readonly string[];
}

export interface IndexChanges {
  readonly added?: readonly IndexedMessage[];
  /** Stored messages leaving or being replaced, with the words they were indexed under. */
  readonly removed?: readonly IndexedMessage[];
}

/**
 * A bucket losing entries in more shards than this is read whole with one range request (a purge of a stretch of
 * history); fewer are read a shard at a time.
 */
const RANGE_READ_SHARDS = 256;

/** A write's changes by bucket, then shard, then word. */
export type GroupedChanges = Map<number, Map<string, Map<string, WordChanges>>>;

export const groupChanges = ({ added = [], removed = [] }: IndexChanges): GroupedChanges => {
  // bucket → word → changes first: a word's shard is worked out once per bucket, not once per message.
  const byWord = new Map<number, Map<string, WordChanges>>();
  const changesOf = (bucket: number, word: string): WordChanges => {
    let words = byWord.get(bucket);
    if (words === undefined) {
      words = new Map();
      byWord.set(bucket, words);
    }
    let change = words.get(word);
    if (change === undefined) {
      change = { removed: new Set(), addedRefs: [], addedTimes: [] };
      words.set(word, change);
    }
    return change;
  };
  for (const message of removed) {
    const bucket = bucketOf(message.sentAt);
    for (const word of message.words ?? []) {
      changesOf(bucket, word).removed.add(message.id);
    }
  }
  for (const message of added) {
    if (message.words === undefined || message.words.length === 0) {
      continue;
    }
    const bucket = bucketOf(message.sentAt);
    const ref = refOf(message.id);
    const time = message.sentAt - bucket * BUCKET_MS;
    for (const word of message.words) {
      const change = changesOf(bucket, word);
      change.addedRefs.push(ref);
      change.addedTimes.push(time);
    }
  }
  const changes: GroupedChanges = new Map();
  for (const [bucket, words] of byWord) {
    const shards = new Map<string, Map<string, WordChanges>>();
    for (const [word, change] of words) {
      const shard = shardOf(word);
      let shardWords = shards.get(shard);
      if (shardWords === undefined) {
        shardWords = new Map();
        shards.set(shard, shardWords);
      }
      shardWords.set(word, change);
    }
    changes.set(bucket, shards);
  }
  return changes;
};

/** What is stored of one shard of a bucket: its open segment, and its sealed ones when entries leave. */
interface StoredShard {
  readonly open: PostingRecord | undefined;
  readonly sealed: readonly PostingRecord[];
}

const losesEntries = (words: ReadonlyMap<string, WordChanges>): boolean =>
  [...words.values()].some((change) => change.removed.size > 0);

/**
 * The stored segments of one bucket's shards that `changes` touch, by shard: only the open segment where entries
 * are only added (most writes), every segment where some leave.
 */
const readShards = async (
  postings: PostingTable,
  bucket: number,
  changes: ReadonlyMap<string, ReadonlyMap<string, WordChanges>>,
): Promise<Map<string, StoredShard>> => {
  const losing = [...changes].filter(([, words]) => losesEntries(words)).map(([shard]) => shard);
  const losingSet = new Set(losing);
  const adding = [...changes.keys()].filter((shard) => !losingSet.has(shard));
  const [opens, segments] = await Promise.all([
    postings.bulkGet(adding.map((shard) => openKey(bucket, shard))),
    losing.length > RANGE_READ_SHARDS
      ? postings
          .where(':id')
          .between(...bucketRange(bucket), true, false)
          .filter((record) => losingSet.has(record.shard))
          .toArray()
      : Promise.all(
          losing.map((shard) =>
            postings
              .where(':id')
              .between(...segmentRange(bucket, shard), true, true)
              .toArray(),
          ),
        ).then((lists) => lists.flat()),
  ]);
  const found = new Map<string, { open: PostingRecord | undefined; sealed: PostingRecord[] }>();
  const shardOfRecord = (shard: string) => {
    let entry = found.get(shard);
    if (entry === undefined) {
      entry = { open: undefined, sealed: [] };
      found.set(shard, entry);
    }
    return entry;
  };
  for (const record of [...opens, ...segments]) {
    if (record !== undefined) {
      const entry = shardOfRecord(record.shard);
      if (record.segment === OPEN_SEGMENT) {
        entry.open = record;
      } else {
        entry.sealed.push(record);
      }
    }
  }
  return found;
};

const keyOf = (record: PostingRecord): PostingKey => [record.bucket, record.shard, record.segment];

/** An open segment holding no entries, kept while sealed ones remain to carry their count. */
const emptyOpen = (bucket: number, shard: string, sealed: number): PostingRecord => ({
  bucket,
  shard,
  segment: OPEN_SEGMENT,
  sealed,
  words: [],
  ends: new Uint32Array(0),
  refs: new Uint8Array(0),
  times: new Uint32Array(0),
});

/** The changes of words losing entries, without their additions: what a sealed segment takes. */
const removalsOf = (words: ReadonlyMap<string, WordChanges>): Map<string, WordChanges> =>
  new Map(
    [...words]
      .filter(([, change]) => change.removed.size > 0)
      .map(([word, change]) => [word, { removed: change.removed, addedRefs: [], addedTimes: [] }]),
  );

/**
 * The records to write and delete for one shard of a bucket: entries leave whichever segments hold them, new
 * ones join the open segment, and an open segment reaching SEGMENT_ENTRIES is sealed and an empty one opened.
 */
const rewriteShard = (
  bucket: number,
  shard: string,
  words: ReadonlyMap<string, WordChanges>,
  { open, sealed }: StoredShard,
  puts: PostingRecord[],
  deletes: PostingKey[],
): void => {
  let sealedLeft = 0;
  if (sealed.length > 0) {
    const leaving = removalsOf(words);
    for (const segment of sealed) {
      const after = editShard(segment, leaving);
      if (after === null) {
        deletes.push(keyOf(segment));
      } else {
        sealedLeft += 1;
        if (after.times.length !== segment.times.length) {
          puts.push({ bucket, shard, segment: segment.segment, ...after });
        }
      }
    }
  }
  const count = open?.sealed ?? 0;
  const after = editShard(open, words);
  if (after === null) {
    if (sealedLeft > 0) {
      puts.push(emptyOpen(bucket, shard, count));
    } else if (open !== undefined) {
      deletes.push(keyOf(open));
    }
  } else if (after.times.length >= SEGMENT_ENTRIES) {
    puts.push({ bucket, shard, segment: count, ...after }, emptyOpen(bucket, shard, count + 1));
  } else {
    puts.push({ bucket, shard, segment: OPEN_SEGMENT, sealed: count, ...after });
  }
};

/** The records to write and delete once `changes` meet the stored segments (by bucket, then shard). */
const rewrite = (
  grouped: GroupedChanges,
  stored: (bucket: number, shard: string) => StoredShard | undefined,
): { puts: PostingRecord[]; deletes: PostingKey[] } => {
  const puts: PostingRecord[] = [];
  const deletes: PostingKey[] = [];
  for (const [bucket, shards] of grouped) {
    for (const [shard, words] of shards) {
      rewriteShard(
        bucket,
        shard,
        words,
        stored(bucket, shard) ?? { open: undefined, sealed: [] },
        puts,
        deletes,
      );
    }
  }
  return { puts, deletes };
};

/** The tables of the search index: the posting records, and the messages queued for them (index-queue.ts). */
export interface SearchIndexTables {
  readonly postingSegments: PostingTable;
  readonly indexQueue: IndexQueueTable;
}

/**
 * Adds messages to the posting records and takes messages out of the index, wherever they are (posting records
 * or queue), in the caller's transaction.
 */
export const updateSearchIndex = async (
  { postingSegments: postings, indexQueue }: SearchIndexTables,
  changes: IndexChanges,
): Promise<void> => {
  const leaving = (changes.removed ?? []).map((message) => message.id);
  // Only when something leaves: called for every write, an unqueue of no IDs made Dexie report the transaction
  // committed too early (PrematureCommitError) in the archive's browser tests.
  if (leaving.length > 0) {
    await unqueue(indexQueue, leaving);
  }
  await writeGroupedChanges(postings, groupChanges(changes));
};

/** Makes grouped changes (groupChanges) to the posting records they fall in, in the caller's transaction. */
export const writeGroupedChanges = async (postings: PostingTable, grouped: GroupedChanges): Promise<void> => {
  if (grouped.size === 0) {
    // Nothing to await: see updateSearchIndex.
    return;
  }
  const stored = new Map(
    await Promise.all(
      [...grouped].map(
        async ([bucket, shards]) => [bucket, await readShards(postings, bucket, shards)] as const,
      ),
    ),
  );
  const { puts, deletes } = rewrite(grouped, (bucket, shard) => stored.get(bucket)?.get(shard));
  if (puts.length > 0 || deletes.length > 0) {
    await Promise.all([postings.bulkPut(puts), postings.bulkDelete(deletes)]);
  }
};

/** The posting records an empty index holds once these messages are added (a history seeded for tests). */
export const postingsOf = (messages: readonly IndexedMessage[]): PostingRecord[] =>
  rewrite(groupChanges({ added: messages }), () => undefined).puts;
