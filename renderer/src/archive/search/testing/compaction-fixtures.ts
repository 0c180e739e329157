// What the compactor's tests share, on the page's thread and in its Worker: throwaway archives, a queue of
// messages with a word in common, the message IDs the posting records hold, and test-sized options.
import { Dexie } from 'dexie';
import { openArchiveDb, type ArchiveDb } from '../../archive-db';
import type { CompactionOptions } from '../index-compaction';
import { entriesOf, type PostingRecord } from '../posting-record';
import { readRef, REF_BYTES } from '../message-refs';
import { BUCKET_MS } from '../posting-keys';
import { searchArchive } from '../search-archive';
import { parseSearchQuery } from '../search-query';
import { queueForIndex } from '../index-queue';

/** Opens archives under `prefix` (the Worker accepts only names that begin with "parley-archive-"). */
export const testArchives = (prefix: string) => {
  const opened: ArchiveDb[] = [];
  return {
    async open(): Promise<ArchiveDb> {
      const db = await openArchiveDb(`${prefix}-${String(Date.now())}-${String(Math.random())}`);
      opened.push(db);
      return db;
    },
    async deleteAll(): Promise<void> {
      for (const db of opened.splice(0)) {
        db.close();
        await Dexie.delete(db.name);
      }
    },
  };
};

/** The ID of the sample message numbered `n`. */
export const sampleId = (n: number): string => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** Words of seven shards of their own: a sample message has one of them. */
const SPREAD = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];

/**
 * Queues `count` messages numbered from `from`: every one has "hello", and one of "word0" to "word6" (one
 * shard), or with `spread` one of seven words of shards of their own.
 */
export const queueSample = (db: ArchiveDb, from: number, count: number, spread = false) =>
  db.transaction('rw', [db.indexQueue], () =>
    queueForIndex(
      db.indexQueue,
      Array.from({ length: count }, (_, n) => ({
        id: sampleId(from + n),
        sentAt: 1_700_000_000_000 + from + n,
        words: ['hello', spread ? (SPREAD[(from + n) % 7] ?? 'alpha') : `word${String((from + n) % 7)}`],
      })),
    ),
  );

/**
 * Every entry of posting records as "word id sentAt", once per time it is stored (decodeShard would
 * fold an entry stored twice into one).
 */
export const storedEntries = (records: readonly PostingRecord[]): string[] =>
  records.flatMap((record) =>
    record.words.flatMap((word, index) => {
      const { from, to } = entriesOf(record, index);
      return Array.from(
        { length: to - from },
        (_, n) =>
          `${word} ${readRef(record.refs, (from + n) * REF_BYTES)} ${String(record.bucket * BUCKET_MS + (record.times[from + n] ?? NaN))}`,
      );
    }),
  );

/** Every (word, message) entry the posting records hold, once per time it is stored. */
export const postedEntries = async (db: ArchiveDb): Promise<string[]> =>
  storedEntries(await db.postingSegments.toArray()).map((entry) => entry.split(' ').slice(0, 2).join(' '));

/** Message IDs the posting records hold. */
export const indexedIds = async (db: ArchiveDb): Promise<Set<string>> =>
  new Set((await postedEntries(db)).map((entry) => entry.split(' ')[1] ?? ''));

export const compactionOptions = (overrides: Partial<CompactionOptions> = {}): CompactionOptions => ({
  threshold: 10,
  batch: 4,
  shards: 100,
  pauseMs: 0,
  idleMs: 60_000,
  onError: (error) => {
    throw error;
  },
  ...overrides,
});

/** IDs of the messages a search for `text` finds, sorted. */
export const searchIds = async (db: ArchiveDb, text: string): Promise<string[]> =>
  (await searchArchive(db, parseSearchQuery(text), { limit: 10, names: new Map() }))
    .map((result) => result.id)
    .sort();
