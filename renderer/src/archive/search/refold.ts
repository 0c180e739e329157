// Folding stored words again after the fold changed (text-folding.ts, FOLD_VERSION): each text message keeps the
// words it is indexed under, so a message folded the old way would go on being found only by the old fold. The
// schema upgrade that comes with a new fold only records that a refold is due (a record in `refold`); the work
// runs here afterwards, a slice of messages per transaction in ID order, so an archive of years opens at once
// and is caught up in the background. A slice rewrites only the messages whose words changed, and their posting
// records: the entries under the old words leave, those under the new ones come.
//
// A step runs only while the index queue is empty and no compaction job is recorded, checked in its own
// transaction: then every indexed message is in the posting records and nowhere else, so taking its entries
// out and putting the new ones in leaves it indexed exactly once. The queue empties once messages stop flowing
// (index-compaction.ts), so steps also stay out of the way of a conversation under way. What a step finished is
// recorded with its writes, so a refold cut short goes on in the next session where it stopped.
import type { Dexie, EntityTable, Table } from 'dexie';
import type { MessageId } from '../../../../shared/messaging/message-format';
import type { MessageRecord } from '../archive-db';
import type { IndexJobTable } from './compaction-job';
import type { IndexQueueTable } from './index-queue';
import { groupChanges, writeGroupedChanges, type IndexedMessage, type PostingTable } from './index-writes';
import { indexWords } from './text-folding';

/** A refold under way: messages up to `after` (in ID order) carry words of the current fold. */
export interface RefoldProgress {
  readonly name: 'refold';
  readonly after: MessageId | null;
}

export type RefoldTable = Table<RefoldProgress, string>;

export type RefoldDb = Pick<Dexie, 'transaction' | 'isOpen'> & {
  readonly messages: EntityTable<MessageRecord, 'id'>;
  readonly postingSegments: PostingTable;
  readonly indexQueue: IndexQueueTable;
  readonly indexJob: IndexJobTable;
  readonly refold: RefoldTable;
};

/** What one step found: nothing left to refold, the index busy with queued messages, or a slice done. */
export type RefoldTurn = 'done' | 'waiting' | { readonly read: number; readonly changed: number };

const sameWords = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((word, index) => word === b[index]);

/** Refolds the next `limit` messages, in one transaction. */
export const refoldStep = (db: RefoldDb, limit: number): Promise<RefoldTurn> =>
  db.transaction(
    'rw',
    [db.messages, db.postingSegments, db.indexQueue, db.indexJob, db.refold],
    async (): Promise<RefoldTurn> => {
      const progress = await db.refold.get('refold');
      if (progress === undefined) {
        return 'done';
      }
      const [queued, job] = await Promise.all([db.indexQueue.count(), db.indexJob.get('job')]);
      if (queued > 0 || job !== undefined) {
        return 'waiting';
      }
      const slice = await (
        progress.after === null ? db.messages.orderBy(':id') : db.messages.where(':id').above(progress.after)
      )
        .limit(limit)
        .toArray();
      const replaced: MessageRecord[] = [];
      const removed: IndexedMessage[] = [];
      const added: IndexedMessage[] = [];
      for (const record of slice) {
        // A message deleted for everyone keeps its record without words: nothing of it is indexed.
        if (record.words === undefined || record.message.t !== 'text') {
          continue;
        }
        const words = indexWords(record.message.body.text);
        if (!sameWords(words, record.words)) {
          replaced.push({ ...record, words });
          removed.push(record);
          added.push({ id: record.id, sentAt: record.sentAt, words });
        }
      }
      if (replaced.length > 0) {
        await db.messages.bulkPut(replaced);
        await writeGroupedChanges(db.postingSegments, groupChanges({ added, removed }));
      }
      const last = slice[slice.length - 1];
      if (slice.length < limit || last === undefined) {
        await db.refold.delete('refold');
      } else {
        await db.refold.put({ name: 'refold', after: last.id });
      }
      return { read: slice.length, changed: replaced.length };
    },
  );

export interface RefoldOptions {
  /** Messages read per step: what bounds how long a store of a message waits behind one (ms of IndexedDB). */
  readonly stepMessages: number;
  /** Between steps (ms), for the stores queued behind. */
  readonly pauseMs: number;
  /** Before the first step, and before trying again while the index queue holds messages (ms). */
  readonly waitMs: number;
  readonly onError: (error: unknown) => void;
}

export const REFOLD: Omit<RefoldOptions, 'onError'> = {
  stepMessages: 250,
  pauseMs: 50,
  waitMs: 2_000,
};

export interface Refolder {
  /** Resolves once nothing is left to refold, or the refolder stopped or failed. */
  readonly settled: Promise<void>;
  /** Starts no further step; resolves once the one under way ended (the rest is done next session). */
  stop(): Promise<void>;
}

/** Steps a refold that the archive records as due, if any, until it is done. */
export const startRefold = (db: RefoldDb, options: RefoldOptions): Refolder => {
  // An object, not a `let`: the loop reads it after each await, where a narrowed `let` would read as constant.
  const run = { stopped: false };
  let wake: () => void = () => undefined;
  // Resolves at once once stopped: a stop that came during a step finds no sleep under way to cut short.
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (run.stopped) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const settled = (async () => {
    try {
      // Not at once: the archive's opening writes (and a Worker's own start) come first.
      await sleep(options.waitMs);
      while (!run.stopped && db.isOpen()) {
        const turn = await refoldStep(db, options.stepMessages);
        if (turn === 'done') {
          return;
        }
        await sleep(turn === 'waiting' ? options.waitMs : options.pauseMs);
      }
    } catch (error) {
      // What is refolded stays so; the rest is tried again next session (searches find it by the old fold).
      if (!run.stopped && db.isOpen()) {
        options.onError(error);
      }
    }
  })();
  return {
    settled,
    async stop() {
      run.stopped = true;
      wake();
      await settled;
    },
  };
};
