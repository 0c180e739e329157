// Messages stored but not yet in the posting records: a message arriving or sent on its own would otherwise
// rewrite the open segment of every shard its words fall in (a chat message has dozens of words, so dozens of
// reads and writes), which at a steady stream of messages outruns IndexedDB. It writes one small record here
// instead, in its own transaction, and the compactor (index-compaction.ts) moves these into the posting records
// many messages at a time, where common words share their shards' writes. Searches read this table whole
// alongside the posting records, so a message is found from the moment it is stored.
import type { Table } from 'dexie';
import type { MessageId } from '../../../../shared/messaging/message-format';

export interface UnindexedRecord {
  readonly id: MessageId;
  readonly sentAt: number;
  /** Distinct folded words. */
  readonly words: readonly string[];
}

export type UnindexedTable = Table<UnindexedRecord, MessageId>;

/** Queues text messages (those with words) for the index, in the caller's transaction. */
export const queueForIndex = async (
  unindexed: UnindexedTable,
  messages: readonly {
    readonly id: MessageId;
    readonly sentAt: number;
    readonly words?: readonly string[];
  }[],
): Promise<number> => {
  const queued = messages.flatMap(({ id, sentAt, words }): UnindexedRecord[] =>
    words === undefined || words.length === 0 ? [] : [{ id, sentAt, words }],
  );
  if (queued.length > 0) {
    await unindexed.bulkPut(queued);
  }
  return queued.length;
};
