// The compactor on Chromium's IndexedDB: it leaves a short queue alone, moves a queue that reaches the threshold,
// empties a smaller one once writes pause, picks up what an earlier session left queued, stops when told, and
// reports a failure without losing what is queued. Through the message store, sent and received texts are
// found by search before and after they are compacted.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import type { ArchiveDb } from '../archive-db';
import { openDexieMessageStore } from '../dexie-message-store';
import { createIndexCompactor } from './index-compaction';
import {
  compactionOptions,
  indexedIds,
  queueSample,
  searchIds,
  testArchives,
} from './testing/compaction-fixtures';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const archives = testArchives('compaction');

afterEach(() => archives.deleteAll());

describe('index compactor', () => {
  it('leaves a queue below the threshold and moves one that reaches it, a batch at a time', async () => {
    const db = await archives.open();
    const compactor = createIndexCompactor(db, compactionOptions(), 0);
    await queueSample(db, 0, 9);
    compactor.queued(9);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await db.indexQueue.count()).toBe(9);
    await queueSample(db, 9, 11);
    compactor.queued(11);
    // Batches of 4 until fewer than the threshold are left: 20, 16, 12, 8.
    await vi.waitFor(async () => expect(await db.indexQueue.count()).toBe(8));
    expect((await indexedIds(db)).size).toBe(12);
    await compactor.stop();
  });

  it('empties a short queue once writes pause, and picks up what an earlier session left queued', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 5);
    const compactor = createIndexCompactor(
      db,
      compactionOptions({ idleMs: 50 }),
      await db.indexQueue.count(),
    );
    await vi.waitFor(async () => expect(await db.indexQueue.count()).toBe(0));
    await queueSample(db, 5, 3);
    compactor.queued(3);
    await vi.waitFor(async () => expect(await db.indexQueue.count()).toBe(0));
    expect((await indexedIds(db)).size).toBe(8);
    await compactor.stop();
  });

  it('keeps compacting after its idle timer found nothing to do', async () => {
    const db = await archives.open();
    const compactor = createIndexCompactor(
      db,
      compactionOptions({ threshold: 4, batch: 100, idleMs: 20 }),
      0,
    );
    await queueSample(db, 0, 4);
    compactor.queued(4);
    await vi.waitFor(async () => expect(await db.indexQueue.count()).toBe(0));
    // The idle timer the last message armed fires with the queue already empty.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await queueSample(db, 4, 4);
    compactor.queued(4);
    await vi.waitFor(async () => expect(await db.indexQueue.count()).toBe(0));
    expect((await indexedIds(db)).size).toBe(8);
    await compactor.stop();
  });

  it('compacts a short queue only once messages stop coming, and pauses a job while they come again', async () => {
    const db = await archives.open();
    const compactor = createIndexCompactor(
      db,
      compactionOptions({ threshold: 1_000, batch: 100, shards: 1, pauseMs: 30, idleMs: 120 }),
      0,
    );
    let next = 0;
    /** Queues a message every 30 ms for `ms`, as a conversation in full flow does. */
    const stream = async (ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end; next += 1) {
        await queueSample(db, next, 1, true);
        compactor.queued(1);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    };
    await stream(400);
    expect(await indexedIds(db)).toEqual(new Set());
    // Quiet: a job starts; its first step records how far it got.
    await vi.waitFor(async () => expect(await db.indexJob.get('done')).toBeDefined());
    const streaming = stream(400);
    // A step under way when the stream resumed may finish; none starts after it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const progress = await db.indexJob.get('done');
    await streaming;
    expect(await db.indexJob.get('done')).toEqual(progress);
    await vi.waitFor(async () => expect(await db.indexQueue.count()).toBe(0));
    expect((await indexedIds(db)).size).toBe(next);
    await compactor.stop();
  });

  it('stops at once while a job waits for messages to stop coming', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 14, true);
    const compactor = createIndexCompactor(
      db,
      compactionOptions({ threshold: 1_000, batch: 100, shards: 1, pauseMs: 300, idleMs: 1_500 }),
      0,
    );
    compactor.queued(14);
    // Quiet for 1.5 s: a job starts; a message queued during its first pause makes it wait 1.5 s more.
    await vi.waitFor(async () => expect(await db.indexJob.get('done')).toBeDefined(), { timeout: 5_000 });
    await queueSample(db, 14, 1, true);
    compactor.queued(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const startedAt = performance.now();
    await compactor.stop();
    expect(performance.now() - startedAt).toBeLessThan(500);
    expect(await db.indexJob.get('job')).toBeDefined();
  });

  it('moves nothing after it is stopped', async () => {
    const db = await archives.open();
    const compactor = createIndexCompactor(db, compactionOptions({ idleMs: 20 }), 0);
    await queueSample(db, 0, 12);
    await compactor.stop();
    compactor.queued(12);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await db.indexQueue.count()).toBe(12);
  });

  it('reports a failed compaction and keeps the queue as it was', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 3);
    const failures: unknown[] = [];
    const failing = {
      postingSegments: db.postingSegments,
      indexQueue: db.indexQueue,
      isOpen: () => true,
      transaction: () => Promise.reject(new Error('QuotaExceededError')),
    } as unknown as ArchiveDb;
    const compactor = createIndexCompactor(
      failing,
      compactionOptions({ threshold: 1, onError: (error) => failures.push(error) }),
      3,
    );
    await expect(compactor.flush()).rejects.toThrow('QuotaExceededError');
    // Retried at the next message queued, and failing again: reported once, not at every retry.
    compactor.queued(1);
    await expect(compactor.flush()).rejects.toThrow('QuotaExceededError');
    expect(failures).toEqual([new Error('QuotaExceededError')]);
    expect(await db.indexQueue.count()).toBe(3);
  });

  it('finds sent and received texts before and after they are compacted, through the message store', async () => {
    const db = await archives.open();
    const store = await openDexieMessageStore(db, { compaction: { threshold: 1_000, idleMs: 60_000 } });
    const sent = await store.createOutgoing(BOB, (seq) => textMessage(1, ME, BOB, seq, 'lunch at noon?'));
    const received = textMessage(2, BOB, ME, 1, 'lunch sounds good');
    expect(await store.receive(received, 5, false)).toBe('stored');
    const search = () => searchIds(db, 'lunch ');
    expect(await db.indexQueue.count()).toBe(2);
    expect(await search()).toEqual([sent.id, received.id].sort());
    await store.flushSearchIndex();
    expect(await db.indexQueue.count()).toBe(0);
    expect(await search()).toEqual([sent.id, received.id].sort());
    // A queued message deleted before compaction leaves the queue with it.
    const later = textMessage(3, BOB, ME, 2, 'lunch again tomorrow');
    await store.receive(later, 6, false);
    await store.deleteMessages([later.id]);
    expect(await db.indexQueue.count()).toBe(0);
    await store.stop();
  });
});
