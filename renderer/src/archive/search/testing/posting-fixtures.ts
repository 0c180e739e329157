// Posting records built by hand for unit tests of the walk and the record's readers: one segment of one bucket.
import { refOf } from '../message-refs';
import type { PostingRecord } from '../posting-record';

/** A test message ID: message number `n`. */
export const testMessageId = (n: number): string =>
  `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** One shard's record of `bucket`: each word with its entries (message number, time in the bucket). */
export const postingRecordOf = (
  bucket: number,
  shard: string,
  words: readonly (readonly [string, readonly (readonly [number, number])[]])[],
): PostingRecord => {
  const entries = words.flatMap(([, list]) => list);
  const refs = new Uint8Array(entries.length * 16);
  entries.forEach(([n], index) => refs.set(refOf(testMessageId(n)), index * 16));
  let end = 0;
  return {
    bucket,
    shard,
    segment: 0,
    words: words.map(([word]) => word),
    ends: Uint32Array.from(words.map(([, list]) => (end += list.length))),
    refs,
    times: Uint32Array.from(entries.map(([, time]) => time)),
  };
};
