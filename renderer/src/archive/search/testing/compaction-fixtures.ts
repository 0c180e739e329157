// What the compactor's tests share, on the page's thread and in its Worker: throwaway archives, a queue of
// messages with a word in common, the message IDs the posting records hold, and test-sized options.
import { Dexie } from 'dexie';
import { openArchiveDb, type ArchiveDb } from '../../archive-db';
import type { CompactionOptions } from '../index-compaction';
import { decodeShard } from '../posting-record';
import { searchArchive } from '../search-archive';
import { parseSearchQuery } from '../search-query';
import { queueForIndex } from '../unindexed';

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

/** Queues `count` messages numbered from `from`: every one has "hello", and one of "word0" to "word6". */
export const queueSample = (db: ArchiveDb, from: number, count: number) =>
  db.transaction('rw', [db.unindexed], () =>
    queueForIndex(
      db.unindexed,
      Array.from({ length: count }, (_, n) => ({
        id: `01900000-0000-7000-8000-${(from + n).toString(16).padStart(12, '0')}`,
        sentAt: 1_700_000_000_000 + from + n,
        words: ['hello', `word${String((from + n) % 7)}`],
      })),
    ),
  );

/** Message IDs the posting records hold. */
export const indexedIds = async (db: ArchiveDb): Promise<Set<string>> =>
  new Set(
    (await db.postingSegments.toArray()).flatMap((record) =>
      [...decodeShard(record).values()].flatMap((messages) => [...messages.keys()]),
    ),
  );

export const compactionOptions = (overrides: Partial<CompactionOptions> = {}): CompactionOptions => ({
  threshold: 10,
  batch: 4,
  shards: 100,
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
