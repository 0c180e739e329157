// "Delete for me": messages leave this archive only. Each leaves a tombstone, so no retransmission (of an
// incoming one) and no import of an older export (of either) brings it back; an outgoing one also leaves the
// outbox, and callers tell the engine (DeliveryEngine.withdraw), so one not yet sent is never sent. The edits of
// a text hold its edited words, so they go with it, in either direction, the same way; so do the reactions to it,
// which nothing could show any more. One transaction: the messages, what hangs on them, their bookkeeping and
// their search index entries go together.
import type { MessageId } from '../../../shared/messaging/message-format';
import type { ArchiveDb, MessageRecord } from './archive-db';
import { updateSearchIndex } from './search/index-writes';

/** The stored edit records naming any of `ids`, through the `editOf` index (one request). */
export const editsNaming = (db: ArchiveDb, ids: readonly MessageId[]): Promise<MessageRecord[]> =>
  db.messages.where('editOf').anyOf(ids).toArray();

/** The stored reaction records naming any of `ids`, through the `reactionOf` index (one request). */
export const reactionsNaming = (db: ArchiveDb, ids: readonly MessageId[]): Promise<MessageRecord[]> =>
  db.messages.where('reactionOf').anyOf(ids).toArray();

/**
 * Removes stored records in the caller's transaction: each leaves a tombstone (deleted at `now`), an outgoing one
 * its status record (and with it the outbox), and their search index entries go.
 */
export const removeRecords = async (
  db: ArchiveDb,
  records: readonly MessageRecord[],
  now: number,
): Promise<void> => {
  const outgoing = records.filter((record) => record.direction === 'out');
  await Promise.all([
    db.messages.bulkDelete(records.map((record) => record.id)),
    db.tombstones.bulkPut(records.map(({ id }) => ({ id, deletedAt: now }))),
    db.statuses.bulkDelete(outgoing.map((record) => record.id)),
    updateSearchIndex(db, { removed: records }),
  ]);
};

/**
 * Deletes the messages `ids` and the edits and reactions naming them; resolves to the IDs of those removed that
 * were not among `ids`, for the caller to withdraw from the engine with the messages (an edit still unsent must
 * not go; nor a reaction to a text no longer here).
 */
export const deleteForMe = async (
  db: ArchiveDb,
  ids: readonly MessageId[],
  now: number,
): Promise<readonly MessageId[]> => {
  const listed = [...new Set(ids)];
  if (listed.length === 0) {
    return [];
  }
  return db.transaction(
    'rw',
    [db.messages, db.statuses, db.tombstones, db.postingSegments, db.indexQueue],
    async () => {
      const [found, edits, reactions] = await Promise.all([
        db.messages.bulkGet(listed),
        editsNaming(db, listed),
        reactionsNaming(db, listed),
      ]);
      const named = new Set(listed);
      const withThem = [...edits, ...reactions].filter((dependent) => !named.has(dependent.id));
      await removeRecords(db, [...found.flatMap((record) => (record ? [record] : [])), ...withThem], now);
      return withThem.map((dependent) => dependent.id);
    },
  );
};
