// "Delete for me": messages leave this archive only. Each leaves a tombstone, so no retransmission (of an
// incoming one) and no import of an older export (of either) brings it back; an outgoing one also leaves the
// outbox, and callers tell the engine (DeliveryEngine.withdraw), so one not yet sent is never sent. One
// transaction: the message, its bookkeeping and its search index entries go together.
import type { MessageId } from '../../../shared/messaging/message-format';
import type { ArchiveDb } from './archive-db';
import { updateSearchIndex } from './search/index-writes';

export const deleteForMe = (db: ArchiveDb, ids: readonly MessageId[], now: number): Promise<void> =>
  db.transaction(
    'rw',
    [db.messages, db.statuses, db.tombstones, db.postingSegments, db.indexQueue],
    async () => {
      const records = (await db.messages.bulkGet([...new Set(ids)])).flatMap((record) =>
        record ? [record] : [],
      );
      const outgoing = records.filter((record) => record.direction === 'out');
      await Promise.all([
        db.messages.bulkDelete(records.map((record) => record.id)),
        db.tombstones.bulkPut(records.map(({ id }) => ({ id, deletedAt: now }))),
        db.statuses.bulkDelete(outgoing.map((record) => record.id)),
        updateSearchIndex(db, { removed: records }),
      ]);
    },
  );
