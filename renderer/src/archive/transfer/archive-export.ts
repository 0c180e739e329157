// The archive as a file, in two kinds. JSON (`parley-archive`, version 1) is complete and re-importable: contacts
// with what the user set for them (contact-transfer.ts), and every message with what this device knows of it
// (direction; delivery status and when ours were delivered and read; when theirs arrived and were read). Markdown
// is for people: readable anywhere, not re-importable. Both cover everything or one conversation.
import { Dexie } from 'dexie';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { withTimesInRange, type Message } from '../../../../shared/messaging/message-format';
import type { EditMark } from '../../../../shared/messaging/message-edits';
import type { DeliveryStatus } from '../../../../shared/messaging/message-store';
import type { ArchiveDb, MessageRecord, StatusRecord } from '../archive-db';
import { type ContactEntry, exportedContact } from './contact-transfer';

export const ARCHIVE_FORMAT = 'parley-archive';
export const ARCHIVE_VERSION = 1;

export interface ExportedMessage {
  readonly message: Message;
  readonly direction: 'in' | 'out';
  readonly status?: DeliveryStatus;
  readonly failure?: string;
  readonly receivedAt?: number;
  /** Theirs: when we read it. Ours: when its read receipt came. */
  readonly readAt?: number;
  /** Ours: when its acknowledgment came. */
  readonly deliveredAt?: number;
  /** An edited text: the edit its text (`message`, edited) shows. The edit itself is exported as a message. */
  readonly edited?: EditMark;
}

export interface ArchiveFile {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly version: typeof ARCHIVE_VERSION;
  readonly owner: PeerId;
  readonly exportedAt: number;
  readonly contacts: readonly ContactEntry[];
  readonly messages: readonly ExportedMessage[];
}

const exportedOf = (record: MessageRecord, status: StatusRecord | undefined): ExportedMessage => ({
  // Times an older version stored past a Date's range would stop the HTML and Markdown exports.
  message: withTimesInRange(record.message),
  direction: record.direction,
  ...(status === undefined ? {} : { status: status.status }),
  ...(status?.failure === undefined ? {} : { failure: status.failure }),
  ...(record.receivedAt === undefined ? {} : { receivedAt: record.receivedAt }),
  ...(record.readAt === undefined ? {} : { readAt: record.readAt }),
  ...(status?.deliveredAt === undefined ? {} : { deliveredAt: status.deliveredAt }),
  ...(status?.readAt === undefined ? {} : { readAt: status.readAt }),
  ...(record.edited === undefined ? {} : { edited: record.edited }),
});

/** Every message (or one conversation's), in display order, with the contacts they involve. */
export const exportArchive = async (
  db: ArchiveDb,
  owner: PeerId,
  now: number,
  conversation?: string,
): Promise<ArchiveFile> =>
  db.transaction('r', [db.messages, db.statuses, db.contacts], async () => {
    const records = conversation
      ? await db.messages
          .where('[conversation+sentAt+from+seq+id]')
          .between([conversation, Dexie.minKey], [conversation, Dexie.maxKey])
          .toArray()
      : await db.messages.orderBy('[conversation+sentAt+from+seq+id]').toArray();
    const statuses = await db.statuses.bulkGet(
      records.map((record) => (record.direction === 'out' ? record.id : '')),
    );
    const peers = new Set(records.map((record) => record.peer));
    const contacts = (await db.contacts.toArray()).filter(
      (contact) => !conversation || peers.has(contact.peer),
    );
    return {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      owner,
      exportedAt: now,
      contacts: contacts.map(exportedContact),
      messages: records.map((record, index) => exportedOf(record, statuses[index])),
    };
  });
