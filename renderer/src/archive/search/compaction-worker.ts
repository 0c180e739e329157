// Composition root of the search index compactor's Worker: index-compaction.ts over a connection of its own to
// the archive, driven by the page through comlink (worker-compactor.ts). A compaction step reads and writes a
// few hundred kilobytes of posting records; on the page it cloned them on the same thread that stores and
// forwards every message and draws the UI, which about half of each step's 20-40 ms kept busy (measured in
// bench:messaging). The requests are checked here, since they cross a thread boundary.
import { expose } from 'comlink';
import { z } from 'zod';
import { openArchiveDb, type ArchiveDb } from '../archive-db';
import type { CompactionDb, IndexCompactor } from './index-compaction';
import { startIndexUpkeep } from './index-upkeep';
import type { RefoldDb } from './refold';

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const compactionStartRequest = z.strictObject({
  database: z.string().startsWith('parley-archive-').max(200),
  alreadyQueued: count,
  options: z.strictObject({
    threshold: count.min(1),
    batch: count.min(1),
    shards: count.min(1),
    pauseMs: count.max(60_000),
    idleMs: count.max(3_600_000),
  }),
});

export type CompactionStartRequest = z.infer<typeof compactionStartRequest>;

/** What the page calls; every argument is validated before use. */
export interface CompactionWorkerEndpoint {
  /** Opens the archive and starts compacting; `onError` hears of a failed step (its error's name and message). */
  start(request: unknown, onError: (name: string, message: string) => void): Promise<void>;
  queued(count: unknown): void;
  flush(): Promise<void>;
  /** Stops compacting and closes this Worker's connection to the archive. */
  stop(): Promise<void>;
}

let running: { readonly db: ArchiveDb; readonly compactor: IndexCompactor } | null = null;

const current = () => {
  if (running === null) {
    throw new Error('the compactor has not been started');
  }
  return running;
};

const endpoint: CompactionWorkerEndpoint = {
  async start(request, onError) {
    if (running !== null) {
      throw new Error('the compactor is already started');
    }
    const { database, alreadyQueued, options } = compactionStartRequest.parse(request);
    const db = await openArchiveDb(database);
    // Open until stopped: when another connection upgrades or replaces the database, Dexie closes this one, and
    // the next step opens it again (as the page's next write opens the page's).
    const compacted = {
      postingSegments: db.postingSegments,
      indexQueue: db.indexQueue,
      indexJob: db.indexJob,
      messages: db.messages,
      refold: db.refold,
      name: db.name,
      transaction: db.transaction.bind(db),
      isOpen: () => running !== null,
    } as CompactionDb & RefoldDb;
    running = {
      db,
      compactor: startIndexUpkeep(
        compacted,
        {
          ...options,
          onError: (error) =>
            error instanceof Error ? onError(error.name, error.message) : onError('Error', String(error)),
        },
        alreadyQueued,
      ),
    };
  },
  queued(queued) {
    current().compactor.queued(count.parse(queued));
  },
  flush: () => current().compactor.flush(),
  async stop() {
    if (running === null) {
      return;
    }
    const { db, compactor } = running;
    running = null;
    await compactor.stop();
    db.close();
  },
};

expose(endpoint);
