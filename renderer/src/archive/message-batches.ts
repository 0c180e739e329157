// The store's frequent writes in batch form, for the group writer (group-commit.ts): a burst of sends, a stream
// of arrivals or of acks becomes a few bulk requests per transaction instead of a round trip per message. Each
// run gives every item the result it would have had alone after the items before it.
import type { PeerId } from '../../../shared/identity/peer-id';
import { hangsOn, namesDeletedText } from '../../../shared/messaging/deleted-targets';
import { IN_OUTBOX, isOvertaken, STATUS_TRANSITIONS } from '../../../shared/messaging/memory-message-store';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import type { DeliveryStatus, ReceiveOutcome } from '../../../shared/messaging/message-store';
import { introducedName, laterName } from '../../../shared/messaging/profile-names';
import type {
  ArchiveDb,
  ConversationRecord,
  MessageRecord,
  ReceivedRecord,
  StatusRecord,
  TimerRecord,
  TombstoneRecord,
} from './archive-db';
import {
  applySettledEdits,
  NOTHING_STORED,
  readStoredEdits,
  readsStoredEdits,
  settleEdits,
  writeEditedRecords,
} from './edit-writes';
import type { BatchRun } from './group-commit';
import { indexWords } from './search/text-folding';
import { queueForIndex } from './search/index-queue';
import { existingBySpan, getBySpan } from './span-reads';
import { markSeenCached, noteTimer, touchConversation, type WriteCaches } from './write-caches';

export interface OutgoingItem {
  readonly to: PeerId;
  readonly build: (seq: number) => Message;
}

export interface ReceivedItem {
  readonly message: Message;
  readonly receivedAt: number;
  readonly request: boolean;
}

export interface StatusItem {
  readonly ids: readonly MessageId[];
  readonly status: DeliveryStatus;
  readonly failure?: string;
  /** With status pending: the user retried the (failed) messages at this time (MessageStore.retry). */
  readonly retriedAt?: number;
}

export const recordOf = (message: Message, peer: PeerId): Omit<MessageRecord, 'direction'> => ({
  id: message.id,
  conversation: message.conversation,
  peer,
  sentAt: message.sentAt,
  from: message.from,
  seq: message.seq,
  message,
  ...(message.meta?.expiresAt === undefined ? {} : { expiresAt: message.meta.expiresAt }),
  // What the search index holds it under (search/index-writes.ts, written in the same transaction).
  ...(message.t === 'text' ? { words: indexWords(message.body.text) } : {}),
  // The text an edit names, where the `editOf` index finds it (edit-writes.ts).
  ...(message.t === 'edit' && message.meta?.editOf !== undefined ? { editOf: message.meta.editOf } : {}),
  // The text a reaction names, where the `reactionOf` index finds it (conversation-window.ts).
  ...(message.t === 'reaction' ? { reactionOf: message.body.of } : {}),
});

/**
 * The record with a new status; a failure reason only with status failed, the outbox place kept. It enters the
 * outbox when its status does (a retry), leaves it when its status does, and otherwise stays where it was.
 */
const withStatus = (
  record: StatusRecord,
  status: DeliveryStatus,
  at: number,
  failure?: string,
  retriedAt = record.retriedAt,
): StatusRecord => {
  const entering = IN_OUTBOX.has(status) && !IN_OUTBOX.has(record.status);
  const queued = IN_OUTBOX.has(status) && (entering || record.queued === 1);
  // Dated as it first gets there: a receipt may come before the ack (or in place of one lost), and says it was
  // delivered by then; a record from before these dates (or an import) stays undated rather than dated wrong.
  const reached = (statuses: readonly DeliveryStatus[], date: number | undefined): number | undefined =>
    date ?? (statuses.includes(status) && !statuses.includes(record.status) ? at : undefined);
  const deliveredAt = reached(['delivered', 'read'], record.deliveredAt);
  const readAt = reached(['read'], record.readAt);
  return {
    id: record.id,
    status,
    ...(status === 'failed' && failure ? { failure } : {}),
    ...(queued ? { queued: 1 as const } : {}),
    ...(record.to === undefined || record.seq === undefined ? {} : { to: record.to, seq: record.seq }),
    ...(retriedAt === undefined ? {} : { retriedAt }),
    ...(deliveredAt === undefined ? {} : { deliveredAt }),
    ...(readAt === undefined ? {} : { readAt }),
  };
};

/** The last value written per key wins: what a batch of single writes would have left. */
const lastPerKey = <T>(records: readonly (T | null)[], key: (record: T) => string): T[] => {
  const latest = new Map<string, T>();
  for (const record of records) {
    if (record !== null) {
      latest.set(key(record), record);
    }
  }
  return [...latest.values()];
};

export const createMessageBatches = (
  db: ArchiveDb,
  caches: () => WriteCaches,
  /** The clock status changes are dated by. */
  now: () => number = Date.now,
) => {
  const createOutgoing: BatchRun<OutgoingItem, Message> = async (items) => {
    const cached = caches();
    const messages = items.map(({ to, build }) => {
      const seq = (cached.lastSeq.get(to) ?? 0) + 1;
      cached.lastSeq.set(to, seq);
      return { to, message: build(seq) };
    });
    const touched = messages.map(({ to, message }) => touchConversation(cached, message, to));
    const built = messages.map(({ to, message }): MessageRecord => ({
      ...recordOf(message, to),
      direction: 'out',
    }));
    const created = messages.map(({ message }) => message);
    const stored = readsStoredEdits(created, 'none')
      ? await readStoredEdits(db, created, 'none')
      : NOTHING_STORED;
    const { adding: records, edited } = applySettledEdits(built, stored, settleEdits(built, stored));
    await Promise.all([
      db.counters.bulkPut(
        lastPerKey(
          messages.map(({ to, message }) => ({ peer: to, lastSeq: message.seq })),
          (counter) => counter.peer,
        ),
      ),
      db.messages.bulkAdd(records),
      queueForIndex(db.indexQueue, records),
      writeEditedRecords(db, edited),
      db.statuses.bulkAdd(
        messages.map(({ to, message }): StatusRecord => ({
          id: message.id,
          status: 'pending',
          queued: 1,
          to,
          seq: message.seq,
        })),
      ),
      db.conversations.bulkPut(lastPerKey(touched, (conversation) => conversation.id)),
      db.timers.bulkPut(
        lastPerKey(
          messages.map(({ message }) => noteTimer(cached, message)),
          (timer) => timer.conversation,
        ),
      ),
    ]);
    return messages.map(({ message }) => message);
  };

  /** Stores each new message (by ID: never one already stored or deleted) and marks every sequence number seen. */
  const receive: BatchRun<ReceivedItem, ReceiveOutcome> = async (items) => {
    const cached = caches();
    const ids = items.map(({ message }) => message.id);
    // The texts arriving edits and reactions name, to know which were deleted here (none read when none arrive).
    const editTargets = items.flatMap(({ message }) => {
      const target = hangsOn(message);
      return target === undefined ? [] : [target];
    });
    const [stored, tombstones, storedEdits, targetTombstones] = await Promise.all([
      existingBySpan(db.messages, ids),
      getBySpan(db.tombstones, ids),
      // Beside reads that issue requests, one that issues none is safe (see readsStoredEdits).
      readStoredEdits(
        db,
        items.map(({ message }) => message),
        'by index',
      ),
      editTargets.length === 0 ? [] : db.tombstones.bulkGet(editTargets),
    ]);
    const known = new Set(stored);
    const deletedTargets = new Map(
      targetTombstones.flatMap((tombstone) => (tombstone ? [[tombstone.id, tombstone] as const] : [])),
    );
    // An edit of a text deleted here (or kept out: deleted by its sender before it came) is taken, its ID
    // remembered, but its words are not kept; so is a reaction to one, which nothing could show.
    const ofDeleted = (message: Message): boolean => {
      const target = deletedTargets.get(hangsOn(message) ?? '');
      return namesDeletedText(
        message,
        target && (target.by === undefined ? { here: true } : { here: false, by: target.by }),
      );
    };
    const dropped: TombstoneRecord[] = [];
    // Tombstones of IDs deleted before they arrived keep out only their deleter's texts (isOvertaken); another
    // message under such an ID is stored, and the tombstone goes.
    const overtaken = new Map<MessageId, PeerId>();
    tombstones.forEach((tombstone) => {
      if (tombstone?.by !== undefined) {
        overtaken.set(tombstone.id, tombstone.by);
      } else if (tombstone) {
        known.add(tombstone.id);
      }
    });
    const claimed: MessageId[] = [];
    const arrived: MessageRecord[] = [];
    const seen: (ReceivedRecord | null)[] = [];
    const touched: (ConversationRecord | null)[] = [];
    const timers: (TimerRecord | null)[] = [];
    const outcomes = items.map(({ message, receivedAt, request }): ReceiveOutcome => {
      seen.push(markSeenCached(cached, message.from, message.seq));
      if (known.has(message.id) || isOvertaken(overtaken.get(message.id), message)) {
        return 'duplicate';
      }
      known.add(message.id);
      if (overtaken.delete(message.id)) {
        claimed.push(message.id);
      }
      if (ofDeleted(message)) {
        dropped.push({ id: message.id, deletedAt: receivedAt });
        return 'stored';
      }
      arrived.push({
        ...recordOf(message, message.from),
        direction: 'in',
        receivedAt,
        request: request ? 1 : 0,
        ...(message.t === 'text' ? { unread: 1 as const } : {}),
      });
      touched.push(touchConversation(cached, message, message.from));
      timers.push(noteTimer(cached, message));
      return 'stored';
    });
    const editedOnArrival = new Set<MessageId>();
    const shown = settleEdits(arrived, storedEdits, editedOnArrival);
    const { adding: added, edited } = applySettledEdits(arrived, storedEdits, shown);
    await Promise.all([
      db.messages.bulkAdd(added),
      db.tombstones.bulkDelete(claimed).then(() => db.tombstones.bulkPut(dropped)),
      queueForIndex(db.indexQueue, added),
      writeEditedRecords(db, edited),
      db.received.bulkPut(lastPerKey(seen, (record) => record.peer)),
      db.conversations.bulkPut(lastPerKey(touched, (conversation) => conversation.id)),
      db.timers.bulkPut(lastPerKey(timers, (timer) => timer.conversation)),
      rememberDisplayNames(added.map((record) => record.message)),
    ]);
    // A text stored showing an edit that came before it (stored, or ahead of it in the batch), as one by one.
    return outcomes.map((outcome, index) =>
      outcome === 'stored' && editedOnArrival.has(items[index]?.message.id ?? '') ? 'edited' : outcome,
    );
  };

  /**
   * The name a peer introduced itself with (a request, an acceptance, a profile change), for the contact list:
   * kept only if no later message in conversation order named them already (profile-names.ts). The trust state
   * is not touched.
   */
  const rememberDisplayNames = async (messages: readonly Message[]): Promise<void> => {
    for (const message of messages) {
      if (introducedName(message) === undefined) {
        continue;
      }
      const current = await db.contacts.get(message.from);
      const name = laterName(current, message);
      if (name !== null) {
        await db.contacts.put({
          ...current,
          peer: message.from,
          state: current?.state ?? 'unknown',
          ...name,
        });
      }
    }
  };

  /**
   * Moves statuses forward only (STATUS_TRANSITIONS), each record in or out of the outbox with its status
   * (withStatus): one write per message whatever changes.
   */
  const setStatus: BatchRun<StatusItem, readonly MessageId[]> = async (items) => {
    const all = [...new Set(items.flatMap((item) => item.ids))];
    const before = new Map<MessageId, StatusRecord>();
    (await getBySpan(db.statuses, all)).forEach((record) => record && before.set(record.id, record));
    const current = new Map(before);
    const at = now();
    const outcomes = items.map(({ ids, status, failure, retriedAt }) => {
      // An ID listed twice changes once (the second sight would see the record as it was).
      const changed: MessageId[] = [];
      for (const id of new Set(ids)) {
        const record = current.get(id);
        if (record && STATUS_TRANSITIONS[record.status].includes(status)) {
          current.set(id, withStatus(record, status, at, failure, retriedAt));
          changed.push(id);
        }
      }
      return changed;
    });
    const finals = [...current.values()].filter((record) => record !== before.get(record.id));
    await db.statuses.bulkPut(await withPlaces(finals));
    return outcomes;
  };

  /** Status records written before they kept their outbox place learn it from their message when they enter it. */
  const withPlaces = async (records: readonly StatusRecord[]): Promise<readonly StatusRecord[]> => {
    const placeless = records.filter(
      (record) => record.queued === 1 && (record.to === undefined || record.seq === undefined),
    );
    if (placeless.length === 0) {
      return records;
    }
    const messages = new Map(
      (await db.messages.bulkGet(placeless.map((record) => record.id))).flatMap((message) =>
        message ? [[message.id, message]] : [],
      ),
    );
    const learning = new Set(placeless);
    return records.map((record) => {
      const message = learning.has(record) ? messages.get(record.id) : undefined;
      return message ? { ...record, to: message.peer, seq: message.seq } : record;
    });
  };

  return { createOutgoing, receive, setStatus };
};
