// Moving queued messages (unindexed.ts) into the posting records, in transactions of their own. A batch of chat
// messages shares most of its words, so it rewrites far fewer shards per message than each message alone would;
// but a transaction holds the queue, and every store of a message waits for it, so each one moves only the words
// of a few shards (the batch's busiest first) and leaves the rest of each message queued: the queue and the
// posting records between them always hold every word once. Compaction starts once the queue holds `threshold`
// messages, and a smaller queue is compacted when writes pause for `idleMs`, so searches read only a short queue
// besides the posting records. The count kept here only decides when to start: the table is what is compacted,
// so a count that drifts (a queued message deleted before it was compacted) costs an early or a late start.
import type { Dexie } from 'dexie';
import type { MessageId } from '../../../../shared/messaging/message-format';
import { updateSearchIndex, type SearchIndexTables } from './index-writes';
import { shardOf } from './posting-keys';
import type { UnindexedRecord } from './unindexed';

export type CompactionDb = Pick<Dexie, 'transaction' | 'isOpen'> & SearchIndexTables;

export interface CompactionOptions {
  /** Queued messages at which a compaction starts. */
  readonly threshold: number;
  /** Queued messages read per transaction. */
  readonly batch: number;
  /** Shards written per transaction at most: what bounds how long a store of a message waits for one. */
  readonly shards: number;
  /** A smaller queue is compacted once no message has been queued for this long (ms). */
  readonly idleMs: number;
  readonly onError: (error: unknown) => void;
}

export const COMPACTION: Omit<CompactionOptions, 'onError'> = {
  threshold: 32,
  batch: 256,
  shards: 512,
  idleMs: 1_000,
};

export interface IndexCompactor {
  /** Notes messages just queued (after their transaction committed). */
  queued(count: number): void;
  /** Compacts the whole queue; resolves once it is empty, rejects with the error of a failed step. */
  flush(): Promise<void>;
  /** Starts nothing more; resolves once a running compaction ended. */
  stop(): Promise<void>;
}

/** What one compaction step did: queued messages it read, and those it finished (none of their words left). */
export interface CompactionStep {
  readonly read: number;
  readonly finished: number;
}

/**
 * Moves into the posting records the words of the first `limit` queued messages (oldest IDs first: few buckets)
 * that fall in at most `maxShards` shards, those the most of these words fall in.
 */
export const compactQueued = (
  db: CompactionDb,
  limit: number,
  maxShards = Infinity,
): Promise<CompactionStep> =>
  db.transaction('rw', [db.postingSegments, db.unindexed], async () => {
    const queued = await db.unindexed.limit(limit).toArray();
    const perShard = new Map<string, number>();
    for (const message of queued) {
      for (const word of message.words) {
        const shard = shardOf(word);
        perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
      }
    }
    const chosen = new Set(
      [...perShard]
        .sort((a, b) => b[1] - a[1])
        .slice(0, maxShards)
        .map(([shard]) => shard),
    );
    const moving: UnindexedRecord[] = [];
    const finished: MessageId[] = [];
    const trimmed: UnindexedRecord[] = [];
    for (const message of queued) {
      const words = message.words.filter((word) => chosen.has(shardOf(word)));
      if (words.length === 0) {
        continue;
      }
      moving.push({ ...message, words });
      if (words.length === message.words.length) {
        finished.push(message.id);
      } else {
        trimmed.push({ ...message, words: message.words.filter((word) => !chosen.has(shardOf(word))) });
      }
    }
    await Promise.all([
      updateSearchIndex(db, { added: moving }),
      db.unindexed.bulkDelete(finished),
      db.unindexed.bulkPut(trimmed),
    ]);
    return { read: queued.length, finished: finished.length };
  });

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

  /** Steps while the queue holds `until` or more (everything, for 1); resolves to the error that stopped it, if any. */
  const run = async (until: number): Promise<unknown> => {
    try {
      while (!stopped && db.isOpen() && pending >= until) {
        const before = pending;
        const { read, finished } = await compactQueued(db, options.batch, options.shards);
        // Fewer read than asked for: the rest of the queue is what this step left. Messages queued meanwhile
        // count on top.
        const left = read < options.batch ? read - finished : Math.max(0, before - finished);
        pending = left + (pending - before);
        failing = false;
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
      armIdle();
      if (pending >= options.threshold) {
        void compact(options.threshold);
      }
    },
    async flush() {
      clearTimeout(idleTimer);
      do {
        // A compaction under way may stop at the threshold.
        await running;
        pending = Math.max(pending, 1);
        const error = await compact(1);
        if (error !== undefined) {
          throw error instanceof Error ? error : new Error('index compaction failed', { cause: error });
        }
      } while (pending > 0 && !stopped && db.isOpen());
    },
    async stop() {
      stopped = true;
      clearTimeout(idleTimer);
      await running;
    },
  };
};
