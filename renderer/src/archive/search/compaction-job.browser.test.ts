// A compaction job on Chromium's IndexedDB: it writes its shards a few per transaction and leaves the queue
// whole until its last one, a job cut short is finished from where it stopped (no shard takes a message twice),
// a message deleted meanwhile stays out, and two compactors of one archive never run a job at once.
import { afterEach, describe, expect, it } from 'vitest';
import type { ArchiveDb } from '../archive-db';
import { openCompactionJob, StaleCompactionJob } from './compaction-job';
import { createIndexCompactor, jobLockName } from './index-compaction';
import { updateSearchIndex } from './index-writes';
import {
  compactionOptions,
  indexedIds,
  postedEntries,
  queueSample,
  sampleId,
  testArchives,
} from './testing/compaction-fixtures';

const archives = testArchives('compaction-job');

afterEach(() => archives.deleteAll());

/** The posting records hold every word of exactly these messages, each once. */
const expectPostedOnce = async (db: ArchiveDb, ids: readonly string[]) => {
  const posted = await postedEntries(db);
  expect(new Set(posted).size).toBe(posted.length);
  expect([...(await indexedIds(db))].sort()).toEqual([...ids].sort());
};

const queuedIds = async (db: ArchiveDb) =>
  (await db.indexQueue.toArray()).map((message) => message.id).sort();

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, n) => sampleId(from + n));

describe('compaction job', () => {
  it('writes a few shards per step and empties the queue in its last', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 14, true);
    const job = await openCompactionJob(db, 100);
    expect(job?.size).toBe(14);
    // Eight shards: "hello" and seven words of shards of their own.
    expect(await job?.step(3)).toBe(false);
    expect(await db.indexQueue.count()).toBe(14);
    const queuedKeys = await db.indexQueue.toCollection().primaryKeys();
    expect(await db.indexJob.get('job')).toEqual({ name: 'job', first: queuedKeys[0], last: queuedKeys[13] });
    // The first three shards' entries are in the posting records, and still queued.
    expect(new Set((await postedEntries(db)).map((entry) => entry.split(' ')[0]))).toEqual(
      new Set(['alpha', 'bravo', 'charlie']),
    );
    expect(await job?.step(3)).toBe(false);
    expect(await job?.step(3)).toBe(true);
    expect(await db.indexQueue.count()).toBe(0);
    expect(await db.indexJob.count()).toBe(0);
    await expectPostedOnce(db, range(0, 14));
  });

  it('takes the oldest queued messages up to its limit, and records nothing when one step does it all', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 10, true);
    const job = await openCompactionJob(db, 4);
    expect(await job?.step(100)).toBe(true);
    expect(await db.indexJob.count()).toBe(0);
    expect(await queuedIds(db)).toEqual(range(4, 10));
    await expectPostedOnce(db, range(0, 4));
    expect(await openCompactionJob(await archives.open(), 4)).toBeNull();
  });

  it('is finished from where it stopped by the next job opened, which takes nothing queued since', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 14, true);
    const cutShort = await openCompactionJob(db, 100);
    await cutShort?.step(2);
    await cutShort?.step(2);
    await queueSample(db, 14, 5, true);
    const resumed = await openCompactionJob(db, 100);
    expect(resumed?.size).toBe(14);
    while ((await resumed?.step(1)) === false) {
      // Step by step to the end.
    }
    await expectPostedOnce(db, range(0, 14));
    expect(await queuedIds(db)).toEqual(range(14, 19));
  });

  it('leaves out of its later steps a message deleted while it runs', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 14, true);
    const job = await openCompactionJob(db, 100);
    await job?.step(2);
    const [leaving] = await db.indexQueue.where('id').equals(sampleId(3)).toArray();
    await db.transaction('rw', [db.postingSegments, db.indexQueue], () =>
      updateSearchIndex(db, { removed: leaving === undefined ? [] : [leaving] }),
    );
    while ((await job?.step(2)) === false) {
      // Step by step to the end.
    }
    await expectPostedOnce(
      db,
      range(0, 14).filter((id) => id !== sampleId(3)),
    );
    expect(await db.indexQueue.count()).toBe(0);
  });

  it('is stepped by one compactor at a time: none while another context holds the archive’s job lock', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 14, true);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = navigator.locks.request(jobLockName(db.name), () => held);
    const compactor = createIndexCompactor(
      db,
      compactionOptions({ threshold: 1, batch: 100, shards: 1, idleMs: 20 }),
      0,
    );
    compactor.queued(14);
    const flushed = compactor.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await indexedIds(db)).toEqual(new Set());
    expect(await db.indexJob.count()).toBe(0);
    release();
    await holding;
    await flushed;
    await expectPostedOnce(db, range(0, 14));
    await compactor.stop();
  });

  it('refuses a step from a job object that another compactor overtook, and is taken up where that one left it', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 14, true);
    // Two fresh jobs of the same run: the first to step records it, and the other is stale.
    const first = await openCompactionJob(db, 100);
    const rival = await openCompactionJob(db, 100);
    expect(await first?.step(2)).toBe(false);
    await expect(rival?.step(2)).rejects.toThrow(StaleCompactionJob);
    // The recorded job opened again and stepped on: the first object is stale now too.
    const resumed = await openCompactionJob(db, 100);
    expect(await resumed?.step(2)).toBe(false);
    await expect(first?.step(2)).rejects.toThrow(StaleCompactionJob);
    while ((await resumed?.step(3)) === false) {
      // Step by step to the end.
    }
    await expectPostedOnce(db, range(0, 14));
    expect(await db.indexQueue.count()).toBe(0);
  });

  it('is left recorded when its compactor stops, and finished by the next one', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 14, true);
    const first = createIndexCompactor(
      db,
      compactionOptions({ threshold: 1, batch: 100, shards: 1, pauseMs: 20 }),
      0,
    );
    first.queued(14);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await first.stop();
    expect(await db.indexJob.get('job')).toBeDefined();
    const next = createIndexCompactor(
      db,
      compactionOptions({ batch: 100, shards: 1 }),
      await db.indexQueue.count(),
    );
    await next.flush();
    await expectPostedOnce(db, range(0, 14));
    expect(await db.indexJob.count()).toBe(0);
    await next.stop();
  });
});
