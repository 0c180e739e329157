// The compactor in its own Worker, on the same IndexedDB archive as the page: it moves what the page queued once
// the queue reaches the threshold and on flush, picks up what was queued before it started, reports a failed
// step to the page without losing the queue, refuses a bad start request or a Worker that fails to load (whose
// uncaught error the browser also logs), reports a Worker that fails later, carries on after another connection
// upgraded the database, and moves nothing once stopped. Through the message store, searches find texts before
// and after it compacts them.
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import { openArchiveDb, type ArchiveDb } from '../archive-db';
import { openDexieMessageStore } from '../dexie-message-store';
import type { CompactionOptions } from './index-compaction';
import { decodeShard } from './posting-record';
import { searchArchive } from './search-archive';
import { parseSearchQuery } from './search-query';
import { queueForIndex, type UnindexedRecord } from './unindexed';
import { startWorkerCompactor } from './worker-compactor';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const opened: ArchiveDb[] = [];

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const openDb = async () => {
  const db = await openArchiveDb(`parley-archive-worker-${String(Date.now())}-${String(Math.random())}`);
  opened.push(db);
  return db;
};

const queue = (db: ArchiveDb, from: number, count: number) =>
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

/** Message IDs the posting records hold, read through the page's connection. */
const indexed = async (db: ArchiveDb) =>
  new Set(
    (await db.postingSegments.toArray()).flatMap((record) =>
      [...decodeShard(record).values()].flatMap((messages) => [...messages.keys()]),
    ),
  );

const options = (overrides: Partial<CompactionOptions> = {}): CompactionOptions => ({
  threshold: 10,
  batch: 4,
  shards: 100,
  idleMs: 60_000,
  onError: (error) => {
    throw error;
  },
  ...overrides,
});

describe('compactor in a Worker', () => {
  it('moves the page’s queue into the posting records at the threshold and on flush', async () => {
    const db = await openDb();
    await queue(db, 0, 3);
    const compactor = await startWorkerCompactor(db.name, options(), 3);
    await queue(db, 3, 6);
    compactor.queued(6);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await db.unindexed.count()).toBe(9);
    await queue(db, 9, 3);
    compactor.queued(3);
    // Batches of 4 until fewer than the threshold are left: 12, 8.
    await vi.waitFor(async () => expect(await db.unindexed.count()).toBe(8));
    await compactor.flush();
    expect(await db.unindexed.count()).toBe(0);
    expect((await indexed(db)).size).toBe(12);
    await compactor.stop();
  });

  it('reports a failed step to the page and keeps what is queued', async () => {
    const db = await openDb();
    await queue(db, 0, 2);
    // A record that no page would write: its words are not a list, so the step that reads it fails.
    await db.unindexed.put({ id: 'broken', sentAt: 1, words: 5 } as unknown as UnindexedRecord);
    const failures: unknown[] = [];
    const compactor = await startWorkerCompactor(
      db.name,
      options({ threshold: 1, onError: (error) => failures.push(error) }),
      3,
    );
    await expect(compactor.flush()).rejects.toThrow();
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(failures[0]).toBeInstanceOf(Error);
    expect(await db.unindexed.count()).toBe(3);
    await compactor.stop();
  });

  it('refuses a start request that is not valid and leaves no Worker running', async () => {
    const db = await openDb();
    await expect(startWorkerCompactor('some-other-database', options(), 0)).rejects.toThrow();
    await expect(startWorkerCompactor(db.name, options({ batch: 0 }), 0)).rejects.toThrow();
    await expect(startWorkerCompactor(db.name, options(), -1)).rejects.toThrow();
  });

  it('refuses to start when its Worker fails to load, and ends it', async () => {
    const db = await openDb();
    let worker: Worker | undefined;
    const failing = () => {
      worker = new Worker(
        URL.createObjectURL(new Blob(['throw new Error("no such module")'], { type: 'text/javascript' })),
      );
      return worker;
    };
    await expect(startWorkerCompactor(db.name, options(), 0, failing)).rejects.toThrow(
      'the search index worker failed',
    );
    expect(worker).toBeDefined();
  });

  it('reports a Worker that fails later once, and settles what waits on it', async () => {
    const db = await openDb();
    let worker: Worker | undefined;
    const failures: unknown[] = [];
    const compactor = await startWorkerCompactor(
      db.name,
      options({ onError: (error) => failures.push(error) }),
      0,
      () => {
        worker = new Worker(new URL('./compaction-worker.ts', import.meta.url), { type: 'module' });
        return worker;
      },
    );
    await queue(db, 0, 3);
    compactor.queued(3);
    worker?.dispatchEvent(new ErrorEvent('error', { message: 'out of memory' }));
    expect(failures).toEqual([new Error('the search index worker failed: out of memory')]);
    await compactor.flush();
    await compactor.stop();
    expect(failures).toHaveLength(1);
    expect(await db.unindexed.count()).toBe(3);
  });

  it('keeps compacting after another connection upgraded the database', async () => {
    const db = await openDb();
    const compactor = await startWorkerCompactor(db.name, options({ threshold: 1 }), 0);
    // A newer version of the app in another tab: every older connection is closed for its upgrade.
    await new Promise<void>((resolve, reject) => {
      const upgrade = indexedDB.open(db.name, db.verno * 10 + 1);
      upgrade.onsuccess = () => {
        upgrade.result.close();
        resolve();
      };
      upgrade.onerror = () => reject(upgrade.error ?? new Error('upgrade failed'));
    });
    await queue(db, 0, 3);
    compactor.queued(3);
    await compactor.flush();
    expect(await db.unindexed.count()).toBe(0);
    expect((await indexed(db)).size).toBe(3);
    await compactor.stop();
  });

  it('moves nothing after it is stopped', async () => {
    const db = await openDb();
    const compactor = await startWorkerCompactor(db.name, options({ threshold: 1, idleMs: 20 }), 0);
    await compactor.stop();
    await queue(db, 0, 12);
    compactor.queued(12);
    await compactor.flush();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await db.unindexed.count()).toBe(12);
  });

  it('keeps the message store’s texts searchable while it compacts them', async () => {
    const db = await openDb();
    const store = await openDexieMessageStore(db, {
      compaction: { threshold: 1_000, idleMs: 60_000 },
      startCompactor: (compaction, queued) => startWorkerCompactor(db.name, compaction, queued),
    });
    const sent = await store.createOutgoing(BOB, (seq) => textMessage(1, ME, BOB, seq, 'lunch at noon?'));
    const received = textMessage(2, BOB, ME, 1, 'lunch sounds good');
    expect(await store.receive(received, 5, false)).toBe('stored');
    const search = async () =>
      (await searchArchive(db, parseSearchQuery('lunch '), { limit: 10, names: new Map() })).map(
        (result) => result.id,
      );
    expect((await search()).sort()).toEqual([sent.id, received.id].sort());
    await store.flushSearchIndex();
    expect(await db.unindexed.count()).toBe(0);
    expect((await indexed(db)).size).toBe(2);
    expect((await search()).sort()).toEqual([sent.id, received.id].sort());
    await store.stop();
  });
});
