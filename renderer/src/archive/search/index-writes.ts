// Keeping the search index (posting records, posting-keys.ts) exactly the text messages there are: every write
// that stores, replaces or deletes messages passes them here inside its own transaction, so a crash leaves the
// messages and their index both as they were or both as they became (the schema upgrade passes its own
// transaction's table). A call reads the posting records the messages fall in, rewrites them (shard-edit.ts) and
// writes them back; a caller runs one call at a time per transaction (two at once would each write back its own
// copy of a shared record).
import type { Table } from 'dexie';
import { refOf } from './message-refs';
import type { PostingRecord } from './posting-record';
import { BUCKET_MS, bucketOf, bucketRange, shardOf, type PostingKey } from './posting-keys';
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
 * A bucket touched in more shards than this is read whole with one range request (an import's slice), fewer are
 * read by key (arriving messages touch a few shards of the newest bucket).
 */
const RANGE_READ_SHARDS = 256;

/** bucket → shard → word → changes. */
type Changes = Map<number, Map<string, Map<string, WordChanges>>>;

const groupChanges = ({ added = [], removed = [] }: IndexChanges): Changes => {
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
  const changes: Changes = new Map();
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

/** The stored records of one bucket's shards, by shard. */
const readShards = async (
  postings: PostingTable,
  bucket: number,
  shards: readonly string[],
): Promise<Map<string, PostingRecord>> => {
  const records =
    shards.length > RANGE_READ_SHARDS
      ? await postings
          .where(':id')
          .between(...bucketRange(bucket), true, false)
          .toArray()
      : await postings.bulkGet(shards.map((shard): PostingKey => [bucket, shard]));
  const found = new Map<string, PostingRecord>();
  for (const record of records) {
    if (record !== undefined) {
      found.set(record.shard, record);
    }
  }
  return found;
};

/** The records to write and delete once `changes` meet the stored records (by bucket, then shard). */
const rewrite = (
  grouped: Changes,
  stored: (bucket: number, shard: string) => PostingRecord | undefined,
): { puts: PostingRecord[]; deletes: PostingKey[] } => {
  const puts: PostingRecord[] = [];
  const deletes: PostingKey[] = [];
  for (const [bucket, shards] of grouped) {
    for (const [shard, words] of shards) {
      const before = stored(bucket, shard);
      const after = editShard(bucket, shard, before, words);
      if (after !== null) {
        puts.push(after);
      } else if (before !== undefined) {
        deletes.push([bucket, shard]);
      }
    }
  }
  return { puts, deletes };
};

export const updateSearchIndex = async (postings: PostingTable, changes: IndexChanges): Promise<void> => {
  const grouped = groupChanges(changes);
  const stored = new Map(
    await Promise.all(
      [...grouped].map(
        async ([bucket, shards]) => [bucket, await readShards(postings, bucket, [...shards.keys()])] as const,
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
