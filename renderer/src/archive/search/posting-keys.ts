// Where a message's words are kept in the search index (schema v7): in time buckets of 2^30 ms (about 12 days),
// and within a bucket in shards named by a word's first two characters. A posting record holds one shard of one
// bucket: every word of that shard and, per word, the bucket's messages that have it. Keys begin with the bucket,
// so what a stretch of history writes lands in one part of the key space (the storage engine appends, where a key
// per word and message scattered writes over all of it), and words sharing two characters share a record, so a
// ten-thousand-message import writes a few thousand records rather than one per word.
/** A bucket spans 2^30 ms: times inside it fit 32 bits, and five years are about 150 buckets. */
export const BUCKET_MS = 2 ** 30;

/** The posting record key: bucket, then shard. */
export type PostingKey = [bucket: number, shard: string];

export const bucketOf = (sentAt: number): number => Math.floor(sentAt / BUCKET_MS);

/** The first two characters (code points, so no surrogate is split) of a word: its shard. */
export const shardOf = (word: string): string => {
  const first = word.codePointAt(0);
  if (first === undefined) {
    return '';
  }
  const width = first > 0xffff ? 2 : 1;
  const second = word.codePointAt(width);
  return word.slice(0, width + (second === undefined ? 0 : second > 0xffff ? 2 : 1));
};

/**
 * Every posting record key of one bucket, for a range read, upper bound open: an array key sorts after its own
 * prefix and before any array whose first element is greater.
 */
export const bucketRange = (bucket: number): readonly [[number], [number]] => [[bucket], [bucket + 1]];
