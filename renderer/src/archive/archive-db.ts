// The local archive in IndexedDB (Dexie): one database per identity. Every schema change is a new numbered
// version with its upgrade below; versions are never edited once released, so any older database opens and
// migrates (archive-db.browser.test.ts opens a database written by each earlier version).
import { Dexie, type EntityTable } from 'dexie';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { EditMark } from '../../../shared/messaging/message-edits';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import type { ContactState, DeliveryStatus } from '../../../shared/messaging/message-store';
import type { TimerSetting } from '../../../shared/messaging/disappearing-timer';
import type { ContactName } from '../../../shared/messaging/profile-names';
import {
  SCHEMA_V1,
  SCHEMA_V10,
  SCHEMA_V11,
  SCHEMA_V12,
  SCHEMA_V13,
  SCHEMA_V14,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  SCHEMA_V5,
  SCHEMA_V6,
  SCHEMA_V7,
  SCHEMA_V8,
  SCHEMA_V9,
} from './archive-schema';
import type { DraftRecord } from './drafts';
import { memoizedTablesMiddleware } from './memoized-tables';
import { FOLD_VERSION, indexWords } from './search/text-folding';
import { groupChanges, writeGroupedChanges } from './search/index-writes';
import type { IndexQueueRecord, IndexQueueTable } from './search/index-queue';
import type { IndexJobTable } from './search/compaction-job';
import type { PostingKey } from './search/posting-keys';
import type { PostingRecord } from './search/posting-record';
import type { RefoldTable, StoredFold } from './search/refold';
import { wordKeysOf, wordOf } from './search/word-keys';

/** One message, either direction. Index fields are copied out of `message` (IndexedDB indexes top-level paths). */
export interface MessageRecord {
  readonly id: MessageId;
  readonly direction: 'in' | 'out';
  readonly conversation: string;
  /** The other side of the conversation. */
  readonly peer: PeerId;
  readonly sentAt: number;
  readonly from: PeerId;
  readonly seq: number;
  readonly message: Message;
  /** Incoming only. */
  readonly receivedAt?: number;
  /** Incoming from a non-contact: 1 (IndexedDB cannot index booleans). */
  readonly request?: 0 | 1;
  /** Incoming only: when the user saw it (a read receipt went out then). */
  readonly readAt?: number;
  /** Incoming text not seen yet: 1 (indexed with the conversation for unread counts; absent once read). */
  readonly unread?: 1;
  /**
   * Text messages: their distinct folded words (search/text-folding.ts), as the search index holds them (posting
   * records, search/posting-keys.ts): what a deletion takes out of it, and what a query's matches are checked on.
   */
  readonly words?: readonly string[];
  readonly expiresAt?: number;
  /** A text that was edited: the edit its text shows (`message` holds the edited text; edit-writes.ts). */
  readonly edited?: EditMark;
  /** Edit messages only: the message they edit (`meta.editOf`), indexed so a text finds edits that overtook it. */
  readonly editOf?: MessageId;
  /** Reaction messages only: the text they react to (`body.of`), indexed so a view finds a text's reactions. */
  readonly reactionOf?: MessageId;
}

/**
 * Where an outgoing message stands. Kept apart from the message (schema v2) so a status change writes a few
 * bytes instead of rewriting the message, three times per message sent.
 */
export interface StatusRecord {
  readonly id: MessageId;
  readonly status: DeliveryStatus;
  readonly failure?: string;
  /** When the user last retried the message (MessageStore.retry): its delivery window counts from then. */
  readonly retriedAt?: number;
  /** When its ack came (it was delivered), and when its read receipt came, by this device's clock. */
  readonly deliveredAt?: number;
  readonly readAt?: number;
  /**
   * 1 while the message is in the outbox (waiting to be acknowledged), absent otherwise: the statuses' index
   * `[queued+to+seq]` holds the records that have it and their place, so it is the outbox, and entering or
   * leaving it costs no extra write (schema v8). A pending or sent record without it is one whose contact was
   * deleted while it waited.
   */
  readonly queued?: 1;
  /** Its place in the outbox (recipient and sequence number), so a status change never reads the message. */
  readonly to?: PeerId;
  readonly seq?: number;
}

/** Version 6 indexed a key `word \0 time` per word (search/word-keys.ts); only the upgrades touch this field. */
interface MessageRecordV6 extends MessageRecord {
  wordKeys?: readonly string[];
}

/** Version 1 kept the status on the message record; only its upgrade reads this shape. */
interface MessageRecordV1 extends MessageRecord {
  readonly status?: DeliveryStatus;
  readonly failure?: string;
}

/** Versions 1 to 7 kept the outbox in a table of its own; only the version 8 upgrade reads it. */
interface OutboxRecordV7 {
  readonly to: PeerId;
  readonly seq: number;
  readonly id: MessageId;
}

/** The last sequence number used towards a peer. */
export interface CounterRecord {
  readonly peer: PeerId;
  readonly lastSeq: number;
}

/** What has been received from a peer: every number up to `upTo`, and `above` (sorted). */
export interface ReceivedRecord {
  readonly peer: PeerId;
  readonly upTo: number;
  readonly above: readonly number[];
}

/** A removed message (either direction): its ID stays known so a retransmission or import never brings it back. */
export interface TombstoneRecord {
  readonly id: MessageId;
  readonly deletedAt: number;
  /**
   * Set when the ID was deleted for everyone by this peer before any message under it arrived: then only a text
   * from them under it is kept out (isOvertaken); anything else under it is stored, and the tombstone goes.
   */
  readonly by?: PeerId;
}

export interface ContactRecord extends ContactName {
  readonly peer: PeerId;
  readonly state: ContactState;
  /** The name they go by; `displayNameAt` places the message that gave it, so only a later one replaces it. */
  readonly displayName?: string;
  /** The safety number (60 digits) the user confirmed with this contact; another number is not verified. */
  readonly verifiedSafetyNumber?: string;
  readonly verifiedAt?: number;
  /** This conversation's retention, over the default: days to keep, null for forever, absent for the default. */
  readonly retentionDays?: number | null;
  /** Notifications for this conversation are off until then (Infinity: until unmuted; conversation-mute.ts). */
  readonly mutedUntil?: number;
  /** When the conversation was pinned to the top of the list (conversation-pins.ts). */
  readonly pinnedAt?: number;
  /** 1 while the user has marked the conversation unread (unread-mark.ts). */
  readonly markedUnread?: 1;
  /** 1 once their pending request was notified; goes when the standing changes (request-notice.ts). */
  readonly requestNotified?: 1;
}

export interface ConversationRecord {
  readonly id: string;
  readonly peer: PeerId;
  readonly lastActivityAt: number;
  readonly lastMessageId: MessageId;
}

/** A conversation's disappearing-messages timer and the timer message that set it (kept when messages go). */
export type TimerRecord = TimerSetting;

export type ArchiveDb = Dexie & {
  messages: EntityTable<MessageRecord, 'id'>;
  statuses: EntityTable<StatusRecord, 'id'>;
  counters: EntityTable<CounterRecord, 'peer'>;
  received: EntityTable<ReceivedRecord, 'peer'>;
  tombstones: EntityTable<TombstoneRecord, 'id'>;
  contacts: EntityTable<ContactRecord, 'peer'>;
  conversations: EntityTable<ConversationRecord, 'id'>;
  timers: EntityTable<TimerRecord, 'conversation'>;
  drafts: EntityTable<DraftRecord, 'peer'>;
  postingSegments: Dexie.Table<PostingRecord, PostingKey>;
  indexQueue: IndexQueueTable;
  indexJob: IndexJobTable;
  refold: RefoldTable;
};

/** Messages per step of the version 9 upgrade: a large archive is never in memory whole. */
const UPGRADE_SLICE = 10_000;

export const archiveDbName = (localPeerId: PeerId): string => `parley-archive-${localPeerId}`;

export const openArchiveDb = async (name: string): Promise<ArchiveDb> => {
  const db = new Dexie(name) as ArchiveDb;
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade(async (transaction) => {
      const messages = transaction.table<MessageRecordV1, MessageId>('messages');
      // Only the small status tuples are held in memory, however large the archive.
      const moved: StatusRecord[] = [];
      await messages.each((record) => {
        if (record.direction === 'out' && record.status !== undefined) {
          moved.push(
            record.failure === undefined
              ? { id: record.id, status: record.status }
              : { id: record.id, status: record.status, failure: record.failure },
          );
        }
      });
      await transaction.table<StatusRecord, MessageId>('statuses').bulkPut(moved);
      const looseMessages = transaction.table<Record<string, unknown>, MessageId>('messages');
      await looseMessages.toCollection().modify((record) => {
        delete record.status;
        delete record.failure;
      });
    });
  db.version(3)
    .stores(SCHEMA_V3)
    .upgrade(async (transaction) => {
      await transaction
        .table<MessageRecord, MessageId>('messages')
        .toCollection()
        .modify((record: { -readonly [K in keyof MessageRecord]: MessageRecord[K] }) => {
          if (record.direction === 'in' && record.message.t === 'text' && record.readAt === undefined) {
            record.unread = 1;
          }
        });
    });
  db.version(4)
    .stores(SCHEMA_V4)
    .upgrade(async (transaction) => {
      await transaction
        .table<MessageRecordV6, MessageId>('messages')
        .toCollection()
        .modify((record: { -readonly [K in keyof MessageRecordV6]: MessageRecordV6[K] }) => {
          if (record.message.t === 'text') {
            record.words = indexWords(record.message.body.text);
          }
        });
    });
  db.version(5).stores(SCHEMA_V5);
  db.version(6)
    .stores(SCHEMA_V6)
    .upgrade(async (transaction) => {
      await transaction
        .table<MessageRecordV6, MessageId>('messages')
        .toCollection()
        .modify((record: { -readonly [K in keyof MessageRecordV6]: MessageRecordV6[K] }) => {
          if (record.words !== undefined) {
            record.wordKeys = wordKeysOf(record.words, record.sentAt);
            delete record.words;
          }
        });
    });
  // Version 7's posting records are built by version 9's upgrade, which every archive this old also runs.
  db.version(7)
    .stores(SCHEMA_V7)
    .upgrade(async (transaction) => {
      await transaction
        .table<MessageRecordV6, MessageId>('messages')
        .toCollection()
        .modify((record: { -readonly [K in keyof MessageRecordV6]: MessageRecordV6[K] }) => {
          if (record.wordKeys !== undefined) {
            record.words = record.wordKeys.map(wordOf);
            delete record.wordKeys;
          }
        });
    });
  db.version(8)
    .stores(SCHEMA_V8)
    .upgrade(async (transaction) => {
      // The outbox holds messages not yet acknowledged: few, however large the archive, and only their status
      // records change.
      const entries = await transaction.table<OutboxRecordV7, [PeerId, number]>('outbox').toArray();
      const statuses = transaction.table<StatusRecord, MessageId>('statuses');
      const records = await statuses.bulkGet(entries.map((entry) => entry.id));
      await statuses.bulkPut(
        entries.flatMap((entry, index) => {
          const record = records[index];
          return record ? [{ ...record, queued: 1 as const, to: entry.to, seq: entry.seq }] : [];
        }),
      );
    });
  db.version(9)
    .stores(SCHEMA_V9)
    .upgrade(async (transaction) => {
      const messages = transaction.table<MessageRecord, MessageId>('messages');
      const postings = transaction.table<PostingRecord, PostingKey>('postingSegments');
      // In ID order (UUIDv7: about time order), so each slice's index writes fall in few buckets.
      let last: MessageId | null = null;
      for (;;) {
        const slice: MessageRecord[] = await (
          last === null ? messages.orderBy(':id') : messages.where(':id').above(last)
        )
          .limit(UPGRADE_SLICE)
          .toArray();
        if (slice.length === 0) {
          break;
        }
        await writeGroupedChanges(postings, groupChanges({ added: slice }));
        last = slice[slice.length - 1]?.id ?? null;
      }
    });
  db.version(10)
    .stores(SCHEMA_V10)
    .upgrade(async (transaction) => {
      // A queue is a few hundred messages at most; in ID order, about the order they were queued in.
      const queued = await transaction.table<IndexQueueRecord, MessageId>('unindexed').toArray();
      await transaction.table<IndexQueueRecord, number>('indexQueue').bulkAdd(queued);
    });
  // Nothing to move: with no fold recorded in `refold`, the refolder folds the stored words again.
  db.version(11).stores(SCHEMA_V11);
  db.version(12).stores(SCHEMA_V12);
  db.version(13).stores(SCHEMA_V13);
  db.version(14).stores(SCHEMA_V14);
  // A new archive's words are all folded the current way: recorded at once, so it has nothing to refold.
  db.on('populate', async (transaction) => {
    await transaction.table<StoredFold, string>('refold').add({ name: 'fold', version: FOLD_VERSION });
  });
  db.use(memoizedTablesMiddleware);
  await db.open();
  return db;
};
