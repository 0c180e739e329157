// Which incoming messages the user has seen: marked once, so a read receipt goes out once per message.
import type { MessageId } from '../../../shared/messaging/message-format';
import type { ArchiveDb } from './archive-db';

/** Marks incoming messages read at `now`; returns those that were not read before. */
export const markReadByMe = (db: ArchiveDb, ids: readonly MessageId[], now: number): Promise<MessageId[]> =>
  db.transaction('rw', [db.messages], async () => {
    const records = await db.messages.bulkGet([...new Set(ids)]);
    const unread = records.flatMap((record) =>
      record?.direction === 'in' && record.readAt === undefined ? [record] : [],
    );
    await db.messages.bulkPut(unread.map(({ unread: _seen, ...record }) => ({ ...record, readAt: now })));
    return unread.map((record) => record.id);
  });
