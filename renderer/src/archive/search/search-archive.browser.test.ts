// Search against a naive scan, on Chromium's IndexedDB: random corpora written in random batches (so posting
// records are read back and merged), then edited, deleted and expired through the archive's own paths, and random
// queries (words, prefixes, phrases, filters) give the same results in the same order (testing/search-corpus.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { directConversationId } from '../../../../shared/messaging/message-format';
import { scratchDatabases } from '../testing/scratch-databases';
import { OPEN_SEGMENT, SEGMENT_ENTRIES } from './posting-keys';
import { searchArchive } from './search-archive';
import { parseSearchQuery } from './search-query';
import {
  changesArb,
  compactSome,
  entryArb,
  expectIndexHolds,
  expectSameAsScan,
  ME,
  messageOf,
  PEERS,
  queryArb,
  recordFor,
  T0,
  wordsArb,
  writeAndChange,
  writeCorpus,
} from './testing/search-corpus';

const scratch = scratchDatabases('search', 'all tests');

describe('search', () => {
  it('finds what a naive scan finds, in the same order, for any corpus and query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { minLength: 1, maxLength: 60 }),
        changesArb,
        queryArb,
        fc.nat(12),
        fc.option(fc.nat(PEERS.length - 1), { nil: undefined }),
        async (entries, changes, q, tuning, onlyWith) => {
          const db = await scratch.archive();
          try {
            const records = await writeCorpus(db, entries, changes);
            await expectSameAsScan(db, records, q, tuning, onlyWith);
            // Whatever is left, a job cut short included, ends in the posting records alone.
            await compactSome(db, entries.length, 1 + (tuning % 7));
            await compactSome(db, entries.length, 1 + (tuning % 7));
            expect(await db.indexQueue.count()).toBe(0);
            expect(await db.indexJob.count()).toBe(0);
            await expectIndexHolds(db, records);
            await expectSameAsScan(db, records, q, tuning, onlyWith);
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('keeps busy buckets in small segments, written a few messages at a time, and still finds what a scan finds', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Common words' shards fill several segments of a bucket; edits and deletions reach sealed ones.
        fc.array(entryArb, { minLength: 600, maxLength: 1_000 }),
        fc.record({
          batches: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 40, maxLength: 80 }),
          edits: fc.array(fc.record({ at: fc.nat(), words: wordsArb }), { maxLength: 20 }),
          deletes: fc.array(fc.nat(), { maxLength: 60 }),
          queued: fc.array(fc.boolean(), { maxLength: 80 }),
          compactions: fc.array(
            fc.tuple(
              fc.integer({ min: 1, max: 300 }),
              fc.integer({ min: 1, max: 40 }),
              fc.integer({ min: 1, max: 8 }),
            ),
            { maxLength: 6 },
          ),
        }),
        fc.array(fc.tuple(queryArb, fc.nat(12), fc.option(fc.nat(PEERS.length - 1), { nil: undefined })), {
          minLength: 10,
          maxLength: 10,
        }),
        async (entries, changes, queries) => {
          const db = await scratch.archive();
          try {
            const records = await writeCorpus(db, entries, changes);
            const segments = await db.postingSegments.toArray();
            const opens = new Map(
              segments
                .filter((record) => record.segment === OPEN_SEGMENT)
                .map((record) => [`${String(record.bucket)} ${record.shard}`, record]),
            );
            const sealed = segments.filter((record) => record.segment !== OPEN_SEGMENT);
            expect(sealed.length).toBeGreaterThan(0);
            for (const record of opens.values()) {
              expect(record.times.length).toBeLessThan(SEGMENT_ENTRIES);
            }
            // Every sealed segment has its shard's open one, and a number below the count it keeps.
            for (const record of sealed) {
              expect(record.times.length).toBeGreaterThan(0);
              expect(record.segment).toBeLessThan(
                opens.get(`${String(record.bucket)} ${record.shard}`)?.sealed ?? 0,
              );
            }
            for (const [q, tuning, onlyWith] of queries) {
              await expectSameAsScan(db, records, q, tuning, onlyWith);
            }
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 4 },
    );
  });

  it('fills a page that ends among messages sent at one time in the conversation’s own order', async () => {
    const db = await scratch.archive();
    try {
      // Five messages from Ana at one time, their sequence numbers falling as their IDs rise.
      const records = [0, 1, 2, 3, 4].map((n) =>
        recordFor({
          ...messageOf({ words: [0], peer: 0, out: false, day: 1, edge: null, expires: false }, n * 3),
          sentAt: T0,
          seq: 10 - n,
        }),
      );
      await writeAndChange(db, records, { batches: [], edits: [], deletes: [], queued: [], compactions: [] });
      const found = await searchArchive(db, parseSearchQuery('apple '), {
        limit: 2,
        names: new Map(),
        readChunk: 1,
        conversation: directConversationId(ME, PEERS[0] as PeerId),
      });
      expect(found.map((result) => result.id)).toEqual([records[0]?.id, records[1]?.id]);
    } finally {
      db.close();
    }
  });
});
