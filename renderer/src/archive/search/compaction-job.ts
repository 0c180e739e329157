// One compaction job: a run of queued messages (index-queue.ts) moved into the posting records a few shards per
// transaction. Every transaction that writes to the archive waits for the one before it (Chromium runs a
// database's read-write transactions one at a time), so a store of a message waits at most for one short
// transaction here, while the job as a whole takes many messages at once, where common words share their
// shards' writes. The queue is left whole until the job's last transaction, which removes the job's run of keys
// with one range delete: searches find a message in the queue or in the posting records (in both while the job
// runs, which a search's sets absorb), and no transaction rewrites queued records. What the job has finished is
// recorded with its writes (`indexJob`), so one cut short by a crash or a close is finished by the next
// compactor from where it stopped, and no shard takes a message twice. A message deleted meanwhile leaves the
// queue, and the job's later transactions leave it out; one queued again would have a key past the job's run.
import type { Dexie, Table } from 'dexie';
import { groupChanges, writeGroupedChanges, type GroupedChanges, type PostingTable } from './index-writes';
import type { IndexQueueRecord, IndexQueueTable } from './index-queue';

/** The job under way: the run of queue keys it took (index-queue.ts), bounds included. */
export interface IndexJobRecord {
  readonly name: 'job';
  readonly first: number;
  readonly last: number;
}

/** How far the job under way got: every shard of a bucket up to this one (in key order) is written. */
export interface IndexJobProgress {
  readonly name: 'done';
  readonly bucket: number;
  readonly shard: string;
}

export type IndexJobTable = Table<IndexJobRecord | IndexJobProgress, string>;

export interface CompactionJobTables {
  readonly postingSegments: PostingTable;
  readonly indexQueue: IndexQueueTable;
  readonly indexJob: IndexJobTable;
}

export type CompactionJobDb = Pick<Dexie, 'transaction'> & CompactionJobTables;

interface ShardKey {
  readonly bucket: number;
  readonly shard: string;
}

const byKey = (a: ShardKey, b: ShardKey): number =>
  a.bucket - b.bucket || (a.shard < b.shard ? -1 : a.shard > b.shard ? 1 : 0);

export interface CompactionJob {
  /** Messages the job took. */
  readonly size: number;
  /**
   * Writes the next `shards` shards; resolves to whether the job is finished. Rejects with StaleCompactionJob,
   * writing nothing, if the recorded job is no longer as this one left it: another compactor moved it on.
   */
  step(shards: number): Promise<boolean>;
}

/** A job object another compactor overtook: open the job again, from what is recorded. */
export class StaleCompactionJob extends Error {
  override readonly name = 'StaleCompactionJob';
  constructor() {
    super('the compaction job was moved on by another compactor');
  }
}

const sameKey = (a: ShardKey | undefined, b: ShardKey | undefined): boolean =>
  a === undefined || b === undefined ? a === b : byKey(a, b) === 0;

/** Queued messages read per transaction when a job opens. */
const READ_SLICE = 256;

/** Shards in key order, with the changes each takes. */
const plan = (messages: readonly IndexQueueRecord[], after: ShardKey | undefined) => {
  const grouped = groupChanges({ added: messages });
  const keys: ShardKey[] = [];
  for (const [bucket, shards] of grouped) {
    for (const shard of shards.keys()) {
      const key = { bucket, shard };
      if (after === undefined || byKey(key, after) > 0) {
        keys.push(key);
      }
    }
  }
  return { grouped, keys: keys.sort(byKey) };
};

const changesFor = (grouped: GroupedChanges, keys: readonly ShardKey[]): GroupedChanges => {
  const chosen: GroupedChanges = new Map();
  for (const { bucket, shard } of keys) {
    const words = grouped.get(bucket)?.get(shard);
    if (words !== undefined) {
      let shards = chosen.get(bucket);
      if (shards === undefined) {
        shards = new Map();
        chosen.set(bucket, shards);
      }
      shards.set(shard, words);
    }
  }
  return chosen;
};

/**
 * The job to run: the one an earlier compactor left unfinished, or a new one of the first `limit` queued
 * messages (in the order they were queued: a run of keys, and few buckets); null when nothing is queued. Only
 * one compactor of an archive may run jobs at a time (index-compaction.ts holds a lock).
 */
export const openCompactionJob = async (
  db: CompactionJobDb,
  limit: number,
): Promise<CompactionJob | null> => {
  const { run, done, recorded } = await db.transaction('r', [db.indexQueue, db.indexJob], async () => {
    const [job, progress] = await Promise.all([db.indexJob.get('job'), db.indexJob.get('done')]);
    if (job?.name === 'job') {
      return { run: job, done: progress?.name === 'done' ? progress : undefined, recorded: true };
    }
    const keys = await db.indexQueue.limit(limit).primaryKeys();
    const [first, last] = [keys[0], keys[keys.length - 1]];
    return {
      run: first === undefined || last === undefined ? null : { first, last },
      done: undefined,
      recorded: false,
    };
  });
  if (run === null) {
    return null;
  }
  const { first, last } = run;
  const queuedRange = () => db.indexQueue.where(':id').between(first, last, true, true);
  // A slice per transaction: a read holds up the writes queued behind it as a write does, and reading 2,048
  // queued messages at once takes about 70 ms. Messages deleted between reads are left out at each step.
  const messages: IndexQueueRecord[] = [];
  for (let from = first; from <= last;) {
    const slice = await db.indexQueue
      .where(':id')
      .between(from, last, true, true)
      .limit(READ_SLICE)
      .toArray();
    messages.push(...slice);
    from = (slice[slice.length - 1]?.seq ?? last) + 1;
  }
  // What the job still has to do; changed only once a step's transaction committed, so a failed step is tried
  // again as it was.
  let state = {
    taken: messages,
    lastDone: done as ShardKey | undefined,
    recorded,
    ...plan(messages, done),
  };
  return {
    size: messages.length,
    async step(shards) {
      const next = await db.transaction('rw', [db.postingSegments, db.indexQueue, db.indexJob], async () => {
        let { taken, grouped, keys: shardKeys } = state;
        // What is recorded must be what this job left: the Web Lock keeps two compactors from stepping at once,
        // and this keeps a job object that another one overtook from writing a shard again.
        const [job, progress] = await Promise.all([db.indexJob.get('job'), db.indexJob.get('done')]);
        const recordedAsLeft = state.recorded
          ? job?.name === 'job' && job.first === first && job.last === last
          : job === undefined;
        if (!recordedAsLeft || !sameKey(progress?.name === 'done' ? progress : undefined, state.lastDone)) {
          throw new StaleCompactionJob();
        }
        if (taken.length > 0) {
          const queued = new Set(await queuedRange().primaryKeys());
          if (taken.some((message) => !queued.has(message.seq ?? NaN))) {
            // Some were deleted since: the shards left are planned again without them.
            taken = taken.filter((message) => queued.has(message.seq ?? NaN));
            ({ grouped, keys: shardKeys } = plan(taken, state.lastDone));
          }
        }
        const now = shardKeys.slice(0, shards);
        const left = shardKeys.slice(shards);
        await writeGroupedChanges(db.postingSegments, changesFor(grouped, now));
        const lastDone = now[now.length - 1] ?? state.lastDone;
        if (left.length === 0) {
          await Promise.all([
            taken.length > 0 ? queuedRange().delete() : undefined,
            state.recorded ? db.indexJob.bulkDelete(['job', 'done']) : undefined,
          ]);
        } else {
          await Promise.all([
            state.recorded ? undefined : db.indexJob.put({ name: 'job', first, last }),
            lastDone === undefined
              ? undefined
              : db.indexJob.put({ name: 'done', bucket: lastDone.bucket, shard: lastDone.shard }),
          ]);
        }
        return { taken, grouped, keys: left, lastDone, recorded: left.length > 0 };
      });
      state = next;
      return next.keys.length === 0;
    },
  };
};
