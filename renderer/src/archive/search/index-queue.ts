// Messages stored but not yet in the posting records: a message arriving or sent on its own would otherwise
// rewrite the open segment of every shard its words fall in (a chat message has dozens of words, so dozens of
// reads and writes), which at a steady stream of messages outruns IndexedDB. It writes one small record here
// instead, in its own transaction, and the compactor (index-compaction.ts) moves these into the posting records
// many messages at a time, where common words share their shards' writes. Searches read this table whole
// alongside the posting records, so a message is found from the moment it is stored.
//
// Records are keyed by a number counting up (schema v10), so a compaction job takes a run of keys and removes
// it with one range delete when it is done: IndexedDB spends about as long deleting one record by key as
// writing it, which for a job of thousands of messages is a stall of 100 ms and more.
import type { Table } from 'dexie';
import type { MessageId } from '../../../../shared/messaging/message-format';

export interface IndexQueueRecord {
  /** Set by IndexedDB when the record is added: the order messages were queued in. */
  readonly seq?: number;
  readonly id: MessageId;
  readonly sentAt: number;
  /** Distinct folded words. */
  readonly words: readonly string[];
}

export type IndexQueueTable = Table<IndexQueueRecord, number>;

/** Queues text messages (those with words) for the index, in the caller's transaction. */
export const queueForIndex = async (
  indexQueue: IndexQueueTable,
  messages: readonly {
    readonly id: MessageId;
    readonly sentAt: number;
    readonly words?: readonly string[];
  }[],
): Promise<number> => {
  const queued = messages.flatMap(({ id, sentAt, words }): IndexQueueRecord[] =>
    words === undefined || words.length === 0 ? [] : [{ id, sentAt, words }],
  );
  if (queued.length > 0) {
    await indexQueue.bulkAdd(queued);
  }
  return queued.length;
};

/** Takes messages out of the queue by ID, in the caller's transaction. */
export const unqueue = async (indexQueue: IndexQueueTable, ids: readonly MessageId[]): Promise<void> => {
  await indexQueue.where('id').anyOf(ids).delete();
};
