// The compactor in its own Worker, on the same IndexedDB archive as the page: it moves what the page queued once
// the queue reaches the threshold and on flush, picks up what was queued before it started, reports a failed
// step to the page without losing the queue, refuses a bad start request or a Worker that fails to load (whose
// uncaught error the browser also logs), reports a Worker that fails later, carries on after another connection
// upgraded the database, and moves nothing once stopped. Through the message store, searches find texts before
// and after it compacts them. Next to compacting, it folds stored words again when the recorded fold is older.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import { openDexieMessageStore } from '../dexie-message-store';
import {
  compactionOptions,
  indexedIds,
  queueSample,
  searchIds,
  testArchives,
} from './testing/compaction-fixtures';
import type { IndexQueueRecord } from './index-queue';
import { postingsOf } from './index-writes';
import { FOLD_VERSION } from './text-folding';
import { startWorkerCompactor } from './worker-compactor';
import { recordOf } from '../message-batches';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const archives = testArchives('parley-archive-worker');

afterEach(() => archives.deleteAll());

describe('compactor in a Worker', () => {
  it('moves the page’s queue into the posting records at the threshold and on flush', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 3);
    const compactor = await startWorkerCompactor(db.name, compactionOptions(), 3);
    await queueSample(db, 3, 6);
    compactor.queued(6);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await db.indexQueue.count()).toBe(9);
    await queueSample(db, 9, 3);
    compactor.queued(3);
    // Batches of 4 until fewer than the threshold are left: 12, 8.
    await vi.waitFor(async () => expect(await db.indexQueue.count()).toBe(8));
    await compactor.flush();
    expect(await db.indexQueue.count()).toBe(0);
    expect((await indexedIds(db)).size).toBe(12);
    await compactor.stop();
  });

  it('reports a failed step to the page and keeps what is queued', async () => {
    const db = await archives.open();
    await queueSample(db, 0, 2);
    // A record that no page would write: its words are not a list, so the step that reads it fails.
    await db.indexQueue.put({ id: 'broken', sentAt: 1, words: 5 } as unknown as IndexQueueRecord);
    const failures: unknown[] = [];
    const compactor = await startWorkerCompactor(
      db.name,
      compactionOptions({ threshold: 1, onError: (error) => failures.push(error) }),
      3,
    );
    await expect(compactor.flush()).rejects.toThrow();
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(failures[0]).toBeInstanceOf(Error);
    expect(await db.indexQueue.count()).toBe(3);
    await compactor.stop();
  });

  it('refuses a start request that is not valid', async () => {
    const db = await archives.open();
    await expect(startWorkerCompactor('some-other-database', compactionOptions(), 0)).rejects.toThrow();
    await expect(startWorkerCompactor(db.name, compactionOptions({ batch: 0 }), 0)).rejects.toThrow();
    await expect(startWorkerCompactor(db.name, compactionOptions(), -1)).rejects.toThrow();
  });

  it('refuses to start when its Worker fails to load, and ends it', async () => {
    const db = await archives.open();
    let worker: Worker | undefined;
    const failing = () => {
      worker = new Worker(
        URL.createObjectURL(new Blob(['throw new Error("no such module")'], { type: 'text/javascript' })),
      );
      return worker;
    };
    await expect(startWorkerCompactor(db.name, compactionOptions(), 0, failing)).rejects.toThrow(
      'the search index worker failed',
    );
    expect(worker).toBeDefined();
  });

  it('reports a Worker that fails later once, and settles what waits on it', async () => {
    const db = await archives.open();
    let worker: Worker | undefined;
    const failures: unknown[] = [];
    const compactor = await startWorkerCompactor(
      db.name,
      compactionOptions({ onError: (error) => failures.push(error) }),
      0,
      () => {
        worker = new Worker(new URL('./compaction-worker.ts', import.meta.url), { type: 'module' });
        return worker;
      },
    );
    await queueSample(db, 0, 3);
    compactor.queued(3);
    worker?.dispatchEvent(new ErrorEvent('error', { message: 'out of memory' }));
    expect(failures).toEqual([new Error('the search index worker failed: out of memory')]);
    await compactor.flush();
    await compactor.stop();
    expect(failures).toHaveLength(1);
    expect(await db.indexQueue.count()).toBe(3);
  });

  it('keeps compacting after another connection upgraded the database', async () => {
    const db = await archives.open();
    const compactor = await startWorkerCompactor(db.name, compactionOptions({ threshold: 1 }), 0);
    // A newer version of the app in another tab: every older connection is closed for its upgrade.
    await new Promise<void>((resolve, reject) => {
      const upgrade = indexedDB.open(db.name, db.verno * 10 + 1);
      upgrade.onsuccess = () => {
        upgrade.result.close();
        resolve();
      };
      upgrade.onerror = () => reject(upgrade.error ?? new Error('upgrade failed'));
    });
    await queueSample(db, 0, 3);
    compactor.queued(3);
    await compactor.flush();
    expect(await db.indexQueue.count()).toBe(0);
    expect((await indexedIds(db)).size).toBe(3);
    await compactor.stop();
  });

  it('moves nothing after it is stopped', async () => {
    const db = await archives.open();
    const compactor = await startWorkerCompactor(db.name, compactionOptions({ threshold: 1, idleMs: 20 }), 0);
    await compactor.stop();
    await queueSample(db, 0, 12);
    compactor.queued(12);
    await compactor.flush();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await db.indexQueue.count()).toBe(12);
  });

  it('keeps the message store’s texts searchable while it compacts them', async () => {
    const db = await archives.open();
    const store = await openDexieMessageStore(db, {
      compaction: { threshold: 1_000, idleMs: 60_000 },
      startCompactor: (compaction, queued) => startWorkerCompactor(db.name, compaction, queued),
    });
    const sent = await store.createOutgoing(BOB, (seq) => textMessage(1, ME, BOB, seq, 'lunch at noon?'));
    const received = textMessage(2, BOB, ME, 1, 'lunch sounds good');
    expect(await store.receive(received, 5, false)).toBe('stored');
    const search = () => searchIds(db, 'lunch ');
    expect(await search()).toEqual([sent.id, received.id].sort());
    await store.flushSearchIndex();
    expect(await db.indexQueue.count()).toBe(0);
    expect((await indexedIds(db)).size).toBe(2);
    expect(await search()).toEqual([sent.id, received.id].sort());
    await store.stop();
  });

  it('folds stored words again when the archive records an older fold', async () => {
    const db = await archives.open();
    const message = textMessage(1, BOB, ME, 1, 'Straße closed');
    // As an older fold stored it: ß kept.
    const record = { ...recordOf(message, BOB), direction: 'in' as const, words: ['straße', 'closed'] };
    await db.messages.add(record);
    await db.postingSegments.bulkAdd(postingsOf([record]));
    await db.refold.put({ name: 'fold', version: FOLD_VERSION - 1 });
    expect(await searchIds(db, 'strasse ')).toEqual([]);

    const compactor = await startWorkerCompactor(db.name, compactionOptions(), 0);
    // The refolder waits a moment after the Worker starts (REFOLD.waitMs), then steps.
    await vi.waitFor(
      async () => expect(await db.refold.get('fold')).toEqual({ name: 'fold', version: FOLD_VERSION }),
      {
        timeout: 15_000,
        interval: 200,
      },
    );
    expect((await db.messages.get(message.id))?.words).toEqual(['strasse', 'closed']);
    expect(await searchIds(db, 'strasse ')).toEqual([message.id]);
    await compactor.stop();
  });
});
