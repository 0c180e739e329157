// When queued messages (index-queue.ts) move into the posting records: in jobs (compaction-job.ts) that run while
// the archive is quiet. Every write to the archive waits for the transaction under way (Chromium runs a
// database's read-write transactions one at a time, on one storage backend per origin), so index work done while
// messages flow is what the slowest of them wait behind; measured in bench:messaging at a steady 100 messages a
// second, compacting every 32 messages put the p99 at 62-77 ms, and no compaction at all at 36 ms
// (docs/SEARCH_INDEX.md). So a job starts once no message has been queued for `idleMs`, and between its steps
// it waits again for a pause in the stream; only a queue of `threshold` messages is compacted while messages
// keep coming, since searches read the queue whole (a queue of 2,048 costs a search about 70 ms). A job's
// steps write `shards` shards each, a short transaction, with `pauseMs` between them for the stores queued
// behind. The count kept here only decides when to start: the table is what is compacted, so a count that
// drifts (a queued message deleted before it was compacted) costs an early or a late start.
import type { Dexie } from 'dexie';
import { openCompactionJob, StaleCompactionJob, type CompactionJobTables } from './compaction-job';

export type CompactionDb = Pick<Dexie, 'transaction' | 'isOpen' | 'name'> & CompactionJobTables;

export interface CompactionOptions {
  /** Queued messages at which jobs run even while messages keep being queued. */
  readonly threshold: number;
  /** Queued messages a job takes at most. */
  readonly batch: number;
  /** Shards written per transaction at most: what bounds how long a store of a message waits for one. */
  readonly shards: number;
  /** Between a job's transactions (ms), unless a flush is waiting. */
  readonly pauseMs: number;
  /** A smaller queue is compacted once no message has been queued for this long (ms), a step at a time. */
  readonly idleMs: number;
  readonly onError: (error: unknown) => void;
}

export const COMPACTION: Omit<CompactionOptions, 'onError'> = {
  threshold: 2_048,
  batch: 512,
  shards: 24,
  pauseMs: 10,
  idleMs: 500,
};

export interface IndexCompactor {
  /** Notes messages just queued (after their transaction committed). */
  queued(count: number): void;
  /** Compacts the whole queue; resolves once it is empty, rejects with the error of a failed step. */
  flush(): Promise<void>;
  /** Starts nothing more; resolves once the transaction under way ended (a job cut short is finished later). */
  stop(): Promise<void>;
}

/** How long a flush waits before it tries again while another compactor of the archive runs a job (ms). */
const BUSY_RETRY_MS = 50;

/** Outcome of one turn at running a job. */
type Turn = { readonly took: number } | 'empty' | 'busy' | 'stopped';

/** The Web Lock a compactor holds while it opens or steps a job of the archive named `database`. */
export const jobLockName = (database: string): string => `parley-search-index-job:${database}`;

/**
 * Runs `work` while this context holds the archive's job lock, or resolves to 'busy' if another holds it: two
 * compactors of one archive (two tabs) would otherwise step one job by turns, each step but the first of a turn
 * found stale (compaction-job.ts). Without Web Locks (none in old engines), runs it as it is; the check that a
 * step makes against the recorded job still keeps any shard from being written twice.
 */
const holdingJobLock = async <T>(database: string, work: () => Promise<T>): Promise<T | 'busy'> => {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks === undefined) {
    return work();
  }
  return locks.request(jobLockName(database), { ifAvailable: true }, (lock) =>
    lock === null ? ('busy' as const) : work(),
  );
};

export const createIndexCompactor = (
  db: CompactionDb,
  options: CompactionOptions,
  alreadyQueued: number,
): IndexCompactor => {
  let pending = alreadyQueued;
  let running: Promise<unknown> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  /** Whether the last step failed: a failure is reported once, not at every retry. */
  let failing = false;

  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      void compact(1);
    }, options.idleMs);
  };

  /** Flushes waiting: while there are any, jobs skip their pauses and do not wait for quiet. */
  let flushing = 0;
  const hurry = () => flushing > 0;

  /** When a message was last queued (performance.now: a clock set back does not stretch the wait). */
  let lastQueuedAt = -Infinity;
  /** Ends of the sleeps under way: stop and flush cut them short. */
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        sleepers.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      sleepers.add(end);
    });
  const wake = () => {
    for (const end of [...sleepers]) {
      end();
    }
  };

  /**
   * Waits until a job may take its next step: at once while the queue is long or a flush waits, otherwise once
   * no message has been queued for `idleMs`. False if the compactor stopped meanwhile.
   */
  const mayStep = async (): Promise<boolean> => {
    for (;;) {
      if (stopped || !db.isOpen()) {
        return false;
      }
      const quietFor = performance.now() - lastQueuedAt;
      if (hurry() || pending >= options.threshold || quietFor >= options.idleMs) {
        return true;
      }
      await sleep(Math.min(options.idleMs, options.idleMs - quietFor));
    }
  };

  /** Opens a job and steps it to its end, holding the lock for each of those transactions but not between them. */
  const runJob = async (): Promise<Turn> => {
    const job = await holdingJobLock(db.name, () => openCompactionJob(db, options.batch));
    if (job === 'busy') {
      return 'busy';
    }
    if (job === null) {
      return 'empty';
    }
    for (;;) {
      if (!(await mayStep())) {
        return 'stopped';
      }
      let finished: boolean | 'busy';
      try {
        finished = await holdingJobLock(db.name, () => job.step(options.shards));
      } catch (error) {
        if (error instanceof StaleCompactionJob) {
          // Another compactor moved the job on: it is opened again from what is recorded.
          return { took: 0 };
        }
        throw error;
      }
      if (finished === 'busy') {
        return 'busy';
      }
      if (finished) {
        return { took: job.size };
      }
      if (!hurry()) {
        await sleep(options.pauseMs);
      }
    }
  };

  /** Runs jobs while the queue holds `until` or more (everything, for 1); resolves to the error that stopped it, if any. */
  const run = async (until: number): Promise<unknown> => {
    try {
      while (!stopped && db.isOpen() && pending >= until) {
        const turn = await runJob();
        failing = false;
        if (turn === 'empty') {
          pending = 0;
        } else if (typeof turn === 'object') {
          // Messages queued meanwhile count on top.
          pending = Math.max(0, pending - turn.took);
        } else if (turn === 'busy' && hurry()) {
          // Another compactor of this archive runs a job, and a flush waits for the queue to empty.
          await sleep(BUSY_RETRY_MS);
        } else {
          // Stopped, or another compactor runs a job: the idle timer tries again.
          break;
        }
      }
      return undefined;
    } catch (error) {
      // What is queued stays queued and searchable; the next message queued tries again.
      pending = 0;
      if (!failing && !stopped && db.isOpen()) {
        options.onError(error);
      }
      failing = true;
      return error;
    }
  };

  const compact = (until: number): Promise<unknown> => {
    if (running !== null) {
      return running;
    }
    if (stopped || !db.isOpen() || pending < until) {
      return Promise.resolve(undefined);
    }
    clearTimeout(idleTimer);
    // Cleared in a callback, which runs after `running` is set even if the run finishes at once.
    const current = run(until).finally(() => {
      running = null;
      if (!stopped && pending > 0) {
        armIdle();
      }
    });
    running = current;
    return current;
  };

  if (pending > 0) {
    armIdle();
  }

  return {
    queued(count) {
      if (stopped || count === 0) {
        return;
      }
      pending += count;
      lastQueuedAt = performance.now();
      armIdle();
      if (pending >= options.threshold) {
        void compact(options.threshold);
      }
    },
    async flush() {
      clearTimeout(idleTimer);
      flushing += 1;
      wake();
      try {
        do {
          // A compaction under way may stop at the threshold.
          await running;
          pending = Math.max(pending, 1);
          const error = await compact(1);
          if (error !== undefined) {
            throw error instanceof Error ? error : new Error('index compaction failed', { cause: error });
          }
        } while (pending > 0 && !stopped && db.isOpen());
      } finally {
        flushing -= 1;
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(idleTimer);
      wake();
      await running;
    },
  };
};
