// Where a message's words are kept in the search index (schema v7): in time buckets of 2^30 ms (about 12 days),
// and within a bucket in shards named by a word's first three characters. A posting record holds one shard of one
// bucket: every word of that shard and, per word, the bucket's messages that have it. Keys begin with the bucket,
// so what a stretch of history writes lands in one part of the key space (the storage engine appends, where a key
// per word and message scattered writes over all of it), and words sharing three characters share a record, so a
// ten-thousand-message import writes a few thousand records rather than one per word or word and message. Two
// characters would make a third as many records, but a rare word would then share its record with common ones
// and a query would read far more bytes to find it.
//
// Since schema v9 a shard of a bucket is kept in segments: new entries go only to its open segment, which is
// sealed once it holds SEGMENT_ENTRIES and a new one opened, so storing one message reads and writes a few small
// records however full its bucket is (a whole shard of a busy bucket runs to megabytes). A query or a deletion
// reads all of a shard's segments with one range request: array keys sort by prefix.
/** A bucket spans 2^30 ms: times inside it fit 32 bits, and five years are about 150 buckets. */
export const BUCKET_MS = 2 ** 30;

/** The posting record key: bucket, shard, then segment. */
export type PostingKey = [bucket: number, shard: string, segment: number];

/** The open segment's number, above every sealed one's (those count up from 0). */
export const OPEN_SEGMENT = Number.MAX_SAFE_INTEGER;

/**
 * Entries at which an open segment is sealed. A store rewrites each open segment its words fall in, at most this
 * many entries of 20 bytes; a query reads a shard's busy bucket in records of about this size.
 */
export const SEGMENT_ENTRIES = 128;

/** Where a shard of a bucket takes new entries. */
export const openKey = (bucket: number, shard: string): PostingKey => [bucket, shard, OPEN_SEGMENT];

/**
 * Every segment of one shard of a bucket, for a range read (bounds included): a key sorts after its own prefix,
 * and an array after every number.
 */
export const segmentRange = (
  bucket: number,
  shard: string,
): readonly [[number, string], [number, string, []]] => [
  [bucket, shard],
  [bucket, shard, []],
];

export const bucketOf = (sentAt: number): number => Math.floor(sentAt / BUCKET_MS);

/** Characters (code points) that name a word's shard. */
export const SHARD_CHARS = 3;

/** The first three characters of a word (code points, so no surrogate pair is split): its shard. */
export const shardOf = (word: string): string => {
  let end = 0;
  for (let count = 0; count < SHARD_CHARS && end < word.length; count += 1) {
    end += (word.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  }
  return word.slice(0, end);
};

/** Whether words beginning with `prefix` may lie in several shards: it is shorter than a shard's name. */
export const spansShards = (prefix: string): boolean => shardOf(`${prefix}x`) !== shardOf(prefix);

/** The segments of one bucket's shards whose names begin with `prefix`, for a range read (bounds included). */
export const shardRange = (
  bucket: number,
  prefix: string,
): readonly [[number, string], [number, string, []]] => [
  [bucket, prefix],
  [bucket, `${prefix}\uffff`, []],
];

/**
 * Every posting record key of one bucket, for a range read, upper bound open: an array key sorts after its own
 * prefix and before any array whose first element is greater.
 */
export const bucketRange = (bucket: number): readonly [[number], [number]] => [[bucket], [bucket + 1]];
