// Folding stored words again after the fold changed (text-folding.ts, FOLD_VERSION): each text message keeps the
// words it is indexed under, and queries are folded the new way, so a message folded the old way is found only by
// the words both folds spell alike ("closed" in "Straße closed", not "strasse" nor "straße") until it is folded
// again. The archive records which fold its words are made with (`refold`, record `fold`); when the code's fold
// is newer, the work runs here, in the background, a slice of messages per transaction, newest first (what is
// searched most comes back first), so an archive of years opens at once and is caught up in minutes. A slice
// rewrites only the messages whose words changed, and their posting records: the entries under the old words
// leave, those under the new ones come.
//
// A step runs only while the index queue is empty and no compaction job is recorded, checked in its own
// transaction: then every indexed message is in the posting records and nowhere else, so taking its entries
// out and putting the new ones in leaves it indexed exactly once. The queue empties once messages stop flowing
// (index-compaction.ts), so steps also stay out of the way of a conversation under way. What a step finished is
// recorded with its writes, so a refold cut short goes on where it stopped.
import type { Dexie, EntityTable, Table } from 'dexie';
import type { MessageId } from '../../../../shared/messaging/message-format';
import type { MessageRecord } from '../archive-db';
import type { IndexJobTable } from './compaction-job';
import type { IndexQueueTable } from './index-queue';
import { groupChanges, writeGroupedChanges, type IndexedMessage, type PostingTable } from './index-writes';
import { FOLD_VERSION, indexWords } from './text-folding';

/** A refold under way: messages from `before` on (in ID order) carry words of fold `fold`; older ones may not. */
export interface RefoldProgress {
  readonly name: 'refold';
  readonly fold: number;
  /** The oldest message refolded so far; null before the first slice. */
  readonly before: MessageId | null;
}

/** The fold every stored message's words are made with, once no refold is under way. */
export interface StoredFold {
  readonly name: 'fold';
  readonly version: number;
}

export type RefoldTable = Table<RefoldProgress | StoredFold, string>;

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

/** Refolds the next `limit` messages (the newest not yet refolded), in one transaction. */
export const refoldStep = (db: RefoldDb, limit: number): Promise<RefoldTurn> =>
  db.transaction(
    'rw',
    [db.messages, db.postingSegments, db.indexQueue, db.indexJob, db.refold],
    async (): Promise<RefoldTurn> => {
      const [stored, underWay] = await Promise.all([db.refold.get('fold'), db.refold.get('refold')]);
      const stale = (stored as StoredFold | undefined)?.version !== FOLD_VERSION;
      let progress = underWay as RefoldProgress | undefined;
      if (progress?.fold !== FOLD_VERSION) {
        if (!stale) {
          return 'done';
        }
        // No refold to this fold yet (a first start, or the fold changed again meanwhile): from the newest.
        progress = { name: 'refold', fold: FOLD_VERSION, before: null };
      }
      const [queued, job] = await Promise.all([db.indexQueue.count(), db.indexJob.get('job')]);
      if (queued > 0 || job !== undefined) {
        return 'waiting';
      }
      const slice = await (
        progress.before === null
          ? db.messages.orderBy(':id')
          : db.messages.where(':id').below(progress.before)
      )
        .reverse()
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
      const oldest = slice[slice.length - 1];
      if (slice.length < limit || oldest === undefined) {
        await db.refold.delete('refold');
        await db.refold.put({ name: 'fold', version: FOLD_VERSION });
      } else {
        await db.refold.put({ name: 'refold', fold: FOLD_VERSION, before: oldest.id });
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
  /** Before trying again after a step failed (ms). */
  readonly retryMs: number;
  readonly onError: (error: unknown) => void;
}

export const REFOLD: Omit<RefoldOptions, 'onError'> = {
  stepMessages: 250,
  pauseMs: 50,
  waitMs: 2_000,
  retryMs: 60_000,
};

export interface Refolder {
  /** Resolves once nothing is left to refold, or the refolder stopped. */
  readonly settled: Promise<void>;
  /** Starts no further step; resolves once the one under way ended (the rest is done next session). */
  stop(): Promise<void>;
}

/** Steps a refold that the archive records as due, if any, until it is done. */
export const startRefold = (db: RefoldDb, options: RefoldOptions): Refolder => {
  // An object, not a `let`: the loop reads it after each await, where a narrowed `let` would read as constant.
  const run = { stopped: false };
  const over = (): boolean => run.stopped || !db.isOpen();
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
    // Not at once: the archive's opening writes (and a Worker's own start) come first.
    await sleep(options.waitMs);
    let failures = 0;
    while (!over()) {
      let turn: RefoldTurn;
      try {
        turn = await refoldStep(db, options.stepMessages);
        failures = 0;
      } catch (error) {
        // A failed step wrote nothing (a full disk, say). It is reported once, and tried again later: until the
        // refold is done, old messages are found only by the words both folds share.
        if (over()) {
          return;
        }
        if (failures === 0) {
          options.onError(error);
        }
        failures += 1;
        await sleep(options.retryMs);
        continue;
      }
      if (turn === 'done') {
        return;
      }
      await sleep(turn === 'waiting' ? options.waitMs : options.pauseMs);
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
