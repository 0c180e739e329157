// One posting record (posting-keys.ts): one segment of a shard of one time bucket, every word of the shard with
// the messages of the segment that have it. Stored as typed arrays (IndexedDB clones them as flat bytes, where
// arrays of strings and numbers cost a tag and a header per element): a write copies the ranges of words it does
// not change as bytes, and a query reads one word's entries straight from the arrays.
import { BUCKET_MS } from './posting-keys';
import { readRef, REF_BYTES } from './message-refs';

export interface PostingRecord {
  readonly bucket: number;
  readonly shard: string;
  /** Sealed segments count up from 0; the open one is OPEN_SEGMENT. */
  readonly segment: number;
  /** The open segment only: how many have been sealed, which is the number the next one sealed takes. */
  readonly sealed?: number;
  /** The segment's words, sorted (JavaScript's and IndexedDB's string order). */
  readonly words: readonly string[];
  /** Where each word's entries end in `refs` and `times`: word i has entries ends[i - 1] (or 0) to ends[i]. */
  readonly ends: Uint32Array;
  /** Each entry's message ID (message-refs.ts). */
  readonly refs: Uint8Array;
  /** Each entry's sentAt, less the bucket's start (a bucket spans 2^30 ms). */
  readonly times: Uint32Array;
}

/** A record's entries, without its key. */
export type SegmentEntries = Pick<PostingRecord, 'words' | 'ends' | 'refs' | 'times'>;

/** Word `index`'s entries: [from, to). */
export const entriesOf = (record: PostingRecord, index: number): { from: number; to: number } => ({
  from: index === 0 ? 0 : (record.ends[index - 1] ?? 0),
  to: record.ends[index] ?? 0,
});

/** Every word's messages: word → message ID → sentAt. */
export const decodeShard = (record: PostingRecord): Map<string, Map<string, number>> => {
  const start = record.bucket * BUCKET_MS;
  return new Map(
    record.words.map((word, index) => {
      const { from, to } = entriesOf(record, index);
      const messages = new Map<string, number>();
      for (let entry = from; entry < to; entry += 1) {
        messages.set(readRef(record.refs, entry * REF_BYTES), start + (record.times[entry] ?? 0));
      }
      return [word, messages];
    }),
  );
};

/** The first index in `words` (sorted) not below `word`. */
export const lowerBound = (words: readonly string[], word: string): number => {
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((words[middle] ?? '') < word) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
};

/** A run of entries of a record: [from, to). */
export interface EntryRun {
  readonly record: PostingRecord;
  readonly from: number;
  readonly to: number;
}

/** Where the entries of `word` lie in `record`, or of every word beginning with it when `prefix`. */
export const runsOf = (record: PostingRecord, word: string, prefix: boolean, into: EntryRun[]): void => {
  for (let at = lowerBound(record.words, word); at < record.words.length; at += 1) {
    const found = record.words[at] ?? '';
    if (prefix ? !found.startsWith(word) : found !== word) {
      return;
    }
    const { from, to } = entriesOf(record, at);
    into.push({ record, from, to });
  }
};

/**
 * The entries of `runs` as message ID → sentAt; only those in `within` when given. An entry's time is checked
 * before its ID is decoded: a common word's runs are long, and decoding an ID costs far more than a lookup.
 */
export const decodeRuns = (
  runs: readonly EntryRun[],
  within: ReadonlyMap<string, number> | null,
): Map<string, number> => {
  const found = new Map<string, number>();
  const times = within === null ? null : new Set(within.values());
  for (const { record, from, to } of runs) {
    const start = record.bucket * BUCKET_MS;
    for (let entry = from; entry < to; entry += 1) {
      const sentAt = start + (record.times[entry] ?? 0);
      if (times === null || times.has(sentAt)) {
        const id = readRef(record.refs, entry * REF_BYTES);
        if (within === null || within.has(id)) {
          found.set(id, sentAt);
        }
      }
    }
  }
  return found;
};
