// How a query with words finds its newest matches: it walks the index's time buckets (posting-keys.ts) from the
// newest back. In each bucket it reads, per term (a word, or every word a prefix begins), the segments of the
// term's shard (of every shard whose name the prefix begins, for a prefix shorter than a shard's name), and
// keeps the messages every term has; those are read newest first, a chunk at a time, and
// checked against the rest of the query (phrases, filters, the conversation). Buckets never overlap in time, so
// once a page is full the buckets further back cannot hold anything newer. Buckets are fetched a few at a time,
// more per step as steps find little, so a rare word costs a handful of requests however long the history.
import type { MessageRecord } from '../archive-db';
import type { PostingTable } from './index-writes';
import { decodeRuns, type EntryRun, type PostingRecord, runsOf } from './posting-record';
import type { IndexQueueRecord } from './index-queue';
import { bucketOf, segmentRange, shardOf, shardRange, spansShards } from './posting-keys';

/** A query term: one word, or (prefix) every word beginning with it, a message needing one of them. */
export interface Term {
  readonly word: string;
  readonly prefix: boolean;
}

export interface Bounds {
  /** Sent on or after (ms). */
  readonly after: number | null;
  /** Sent before (ms), exclusive. */
  readonly before: number | null;
}

export interface WalkOptions {
  readonly limit: number;
  /** Candidates read per chunk at first; each further chunk of a bucket reads twice as many. */
  readonly readChunk: number;
  readonly readRecords: (ids: readonly string[]) => Promise<readonly (MessageRecord | undefined)[]>;
  readonly matches: (record: MessageRecord) => boolean;
}

/** Buckets fetched by the largest step back (the first fetches one: most pages fill from the newest). */
const MAX_STEP = 32;

interface Candidate {
  readonly id: string;
  readonly sentAt: number;
}

/** Newest first: sentAt, then ID, both descending (the search's order of results). */
const newerFirst = (a: Candidate, b: Candidate): number =>
  b.sentAt - a.sentAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Whether a term's words lie in several shards (a short prefix), read by range rather than by key. */
const ranged = (term: Term): boolean => term.prefix && spansShards(term.word);

/** Where one term's messages lie in a bucket: runs of posting entries, and queued messages. */
interface TermMatches {
  readonly runs: EntryRun[];
  readonly queued: IndexQueueRecord[];
  /** How many entries there are, counted without decoding any. */
  readonly size: number;
}

const matchesOf = (
  records: readonly PostingRecord[],
  queued: readonly IndexQueueRecord[],
  term: Term,
): TermMatches => {
  const runs: EntryRun[] = [];
  const shard = shardOf(term.word);
  for (const record of records) {
    if (ranged(term) ? record.shard.startsWith(term.word) : record.shard === shard) {
      runsOf(record, term.word, term.prefix, runs);
    }
  }
  const queuedMatches = queued.filter((message) =>
    message.words.some((word) => (term.prefix ? word.startsWith(term.word) : word === term.word)),
  );
  const size = runs.reduce((sum, run) => sum + run.to - run.from, queuedMatches.length);
  return { runs, queued: queuedMatches, size };
};

/**
 * The messages of one bucket that every term has, within the bounds, newest first. The rarest term is decoded
 * first and the others only checked against it, so a common word beside a rare one costs little.
 */
export const candidatesIn = (
  records: readonly PostingRecord[],
  queued: readonly IndexQueueRecord[],
  terms: readonly Term[],
  bounds: Bounds,
): Candidate[] => {
  const [rarest, ...rest] = terms
    .map((term) => matchesOf(records, queued, term))
    .sort((a, b) => a.size - b.size);
  let found: Map<string, number> | null = null;
  for (const matches of rarest === undefined ? [] : [rarest, ...rest]) {
    const within: ReadonlyMap<string, number> | null = found;
    const next = decodeRuns(matches.runs, within);
    for (const message of matches.queued) {
      if (within === null || within.has(message.id)) {
        next.set(message.id, message.sentAt);
      }
    }
    found = next;
    if (found.size === 0) {
      break;
    }
  }
  const candidates: Candidate[] = [];
  for (const [id, sentAt] of found ?? []) {
    if (
      (bounds.after === null || sentAt >= bounds.after) &&
      (bounds.before === null || sentAt < bounds.before)
    ) {
      candidates.push({ id, sentAt });
    }
  }
  return candidates.sort(newerFirst);
};

/**
 * Reads and checks candidates (newest first) until `found` holds `limit`, then also those sent at the same time
 * as the last one read: within one conversation ties at a time are ordered by sender and sequence, not ID.
 */
const readUntilFull = async (
  candidates: readonly Candidate[],
  found: MessageRecord[],
  options: WalkOptions,
) => {
  let at = 0;
  let chunk = options.readChunk;
  while (at < candidates.length && found.length < options.limit) {
    let end = Math.min(candidates.length, at + Math.max(chunk, options.limit - found.length));
    const lastTime = candidates[end - 1]?.sentAt;
    while (end < candidates.length && candidates[end]?.sentAt === lastTime) {
      end += 1;
    }
    const records = await options.readRecords(candidates.slice(at, end).map((candidate) => candidate.id));
    found.push(
      ...records.filter((record): record is MessageRecord => record !== undefined && options.matches(record)),
    );
    at = end;
    chunk *= 2;
  }
};

/**
 * The newest matches of a query with terms, at least `limit` unless there are fewer (the caller sorts and cuts),
 * among buckets `newest` down to `oldest` (the index's first and last), in the posting records and among the
 * messages queued for them.
 */
export const searchByBuckets = async (
  postings: PostingTable,
  queued: readonly IndexQueueRecord[],
  span: { readonly newest: number; readonly oldest: number },
  terms: readonly Term[],
  bounds: Bounds,
  options: WalkOptions,
): Promise<MessageRecord[]> => {
  const shards = [...new Set(terms.filter((term) => !ranged(term)).map((term) => shardOf(term.word)))];
  const prefixes = [...new Set(terms.filter(ranged).map((term) => term.word))];
  const top = bounds.before === null ? span.newest : Math.min(span.newest, bucketOf(bounds.before - 1));
  const bottom = bounds.after === null ? span.oldest : Math.max(span.oldest, bucketOf(bounds.after));
  const queuedByBucket = new Map<number, IndexQueueRecord[]>();
  for (const message of queued) {
    const bucket = bucketOf(message.sentAt);
    const inBucket = queuedByBucket.get(bucket);
    if (inBucket === undefined) {
      queuedByBucket.set(bucket, [message]);
    } else {
      inBucket.push(message);
    }
  }
  const found: MessageRecord[] = [];
  let step = 1;
  for (let bucket = top; bucket >= bottom && found.length < options.limit;) {
    const buckets: number[] = [];
    for (; buckets.length < step && bucket >= bottom; bucket -= 1) {
      buckets.push(bucket);
    }
    // One range read per bucket and shard (or prefix): a shard's segments lie side by side.
    const ranges = buckets.flatMap((at) => [
      ...shards.map((shard) => segmentRange(at, shard)),
      ...prefixes.map((prefix) => shardRange(at, prefix)),
    ]);
    // All of a step's ranges in one read-only transaction: a transaction per range cost more than its read.
    const fetched = await postings.db.transaction('r', postings, () =>
      Promise.all(
        ranges.map((range) =>
          postings
            .where(':id')
            .between(...range, true, true)
            .toArray(),
        ),
      ),
    );
    const perBucket = shards.length + prefixes.length;
    for (let index = 0; index < buckets.length; index += 1) {
      const records = fetched.slice(index * perBucket, (index + 1) * perBucket).flat();
      const queuedHere = queuedByBucket.get(buckets[index] ?? NaN) ?? [];
      if (records.length > 0 || queuedHere.length > 0) {
        await readUntilFull(candidatesIn(records, queuedHere, terms, bounds), found, options);
      }
      if (found.length >= options.limit) {
        return found;
      }
    }
    step = Math.min(MAX_STEP, step * 2);
  }
  return found;
};
