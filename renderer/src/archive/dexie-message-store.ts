// The MessageStore on the Dexie archive: each method is one IndexedDB transaction, so a received message, its
// sequence bookkeeping and its conversation's last activity are written together or not at all. Transactions
// use the browser's default durability: committed data survives a crash of the app or the browser (what an ack
// promises); like SQLite's synchronous=NORMAL, only an OS crash or power cut can lose the last moments.
import type { PeerId } from '../../../shared/identity/peer-id';
import { IN_OUTBOX, outgoingEntry, STATUS_TRANSITIONS } from '../../../shared/messaging/memory-message-store';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import type {
  IncomingMessage,
  MessageStore,
  ReceivedSequence,
} from '../../../shared/messaging/message-store';
import type { ArchiveDb, ConversationRecord, MessageRecord, StatusRecord } from './archive-db';
import { createGroupWriter } from './group-commit';
import { markSequenceSeen } from './received-sequence';

const recordOf = (message: Message, peer: PeerId): Omit<MessageRecord, 'direction'> => ({
  id: message.id,
  conversation: message.conversation,
  peer,
  sentAt: message.sentAt,
  from: message.from,
  seq: message.seq,
  message,
  ...(message.meta?.expiresAt === undefined ? {} : { expiresAt: message.meta.expiresAt }),
});

/** What counts as activity in a conversation: what the user reads, not receipts or deletions. */
const SHOWN_TYPES: ReadonlySet<string> = new Set(['text', 'contact-request', 'contact-accept']);

/** The conversation's summary after `message`, or null when it is not newer activity than what it shows. */
const touchedConversation = (
  current: ConversationRecord | undefined,
  message: Message,
  peer: PeerId,
): ConversationRecord | null =>
  !SHOWN_TYPES.has(message.t) || (current && current.lastActivityAt > message.sentAt)
    ? null
    : { id: message.conversation, peer, lastActivityAt: message.sentAt, lastMessageId: message.id };

/**
 * What writes read on every message, kept in memory (one Parley instance owns its archive): the last sequence
 * number per recipient, what has been received per sender, and each conversation's summary. Writes then issue
 * their requests without waiting on reads, which is most of an IndexedDB write's time in Chromium. Reloaded
 * from the database whenever a transaction aborts, so they never hold what was not committed.
 */
interface WriteCaches {
  readonly lastSeq: Map<PeerId, number>;
  readonly received: Map<PeerId, ReceivedSequence>;
  readonly conversations: Map<string, ConversationRecord>;
}

const loadCaches = async (db: ArchiveDb): Promise<WriteCaches> => {
  const [counters, received, conversations] = await Promise.all([
    db.counters.toArray(),
    db.received.toArray(),
    db.conversations.toArray(),
  ]);
  return {
    lastSeq: new Map(counters.map((counter) => [counter.peer, counter.lastSeq])),
    received: new Map(received.map(({ peer, upTo, above }) => [peer, { upTo, above }])),
    conversations: new Map(conversations.map((conversation) => [conversation.id, conversation])),
  };
};

export const openDexieMessageStore = async (db: ArchiveDb): Promise<MessageStore> => {
  let caches = await loadCaches(db);
  // Every write goes through one group writer: concurrent writes (a burst of sends, a stream of arrivals and
  // acks) share transactions, and each write still sees the ones queued before it.
  const write = createGroupWriter(
    db,
    [
      db.messages,
      db.statuses,
      db.outbox,
      db.counters,
      db.received,
      db.tombstones,
      db.contacts,
      db.conversations,
    ],
    async () => {
      caches = await loadCaches(db);
    },
  );

  /** The conversation's new summary, if `message` is newer activity (the caller writes it). */
  const touch = (message: Message, peer: PeerId): Promise<unknown> => {
    const next = touchedConversation(caches.conversations.get(message.conversation), message, peer);
    if (!next) {
      return Promise.resolve();
    }
    caches.conversations.set(next.id, next);
    return db.conversations.put(next);
  };

  const markSeen = (from: PeerId, seq: number): Promise<unknown> => {
    const seen = caches.received.get(from) ?? { upTo: 0, above: [] };
    const next = markSequenceSeen(seen, seq);
    if (next === seen) {
      return Promise.resolve();
    }
    caches.received.set(from, next);
    return db.received.put({ peer: from, ...next });
  };

  /** The name a peer introduced itself with, for the contact list (the trust state is not touched). */
  const rememberDisplayName = async (message: Message): Promise<void> => {
    if (message.t === 'contact-request' || message.t === 'contact-accept') {
      const current = await db.contacts.get(message.from);
      await db.contacts.put({
        peer: message.from,
        state: current?.state ?? 'unknown',
        displayName: message.body.displayName,
      });
    }
  };

  return {
    createOutgoing: (to, build) =>
      write(async () => {
        const seq = (caches.lastSeq.get(to) ?? 0) + 1;
        const message = build(seq);
        caches.lastSeq.set(to, seq);
        await Promise.all([
          db.counters.put({ peer: to, lastSeq: seq }),
          db.messages.add({ ...recordOf(message, to), direction: 'out' }),
          db.statuses.add({ id: message.id, status: 'pending' }),
          db.outbox.put({ to, seq, id: message.id }),
          touch(message, to),
        ]);
        return message;
      }),

    async outbox(to, limit, afterSeq = 0) {
      return db.transaction('r', [db.outbox, db.messages], async () => {
        const entries = await db.outbox
          .where('[to+seq]')
          .between([to, afterSeq + 1], [to, Infinity])
          .limit(limit)
          .toArray();
        const records = await db.messages.bulkGet(entries.map((entry) => entry.id));
        return records.flatMap((record) => (record ? [record.message] : []));
      });
    },

    async outboxPeers() {
      return (await db.outbox.orderBy('to').uniqueKeys()) as PeerId[];
    },

    async outgoing(id) {
      const [record, status] = await Promise.all([db.messages.get(id), db.statuses.get(id)]);
      if (record?.direction !== 'out' || !status) {
        return null;
      }
      return outgoingEntry(record.message, status.status, status.failure);
    },

    setStatus: (ids, status, failure) =>
      write(async () => {
        // An ID listed twice changes once (the second sight would see the record as it was).
        const current = await db.statuses.bulkGet([...new Set(ids)]);
        const changed = current.filter(
          (record): record is StatusRecord =>
            record !== undefined && STATUS_TRANSITIONS[record.status].includes(status),
        );
        if (changed.length === 0) {
          return [];
        }
        const messages = await db.messages.bulkGet(changed.map((record) => record.id));
        await db.statuses.bulkPut(
          changed.map(({ id }) =>
            status === 'failed' && failure ? { id, status, failure } : { id, status },
          ),
        );
        const places = messages.flatMap((record): [PeerId, number, MessageId][] =>
          record ? [[record.peer, record.seq, record.id]] : [],
        );
        if (IN_OUTBOX.has(status)) {
          await db.outbox.bulkPut(places.map(([to, seq, id]) => ({ to, seq, id })));
        } else {
          await db.outbox.bulkDelete(places.map(([to, seq]): [PeerId, number] => [to, seq]));
        }
        return changed.map((record) => record.id);
      }),

    receive: (message, receivedAt, request) =>
      write(async () => {
        const [stored, tombstone] = await Promise.all([
          db.messages.get(message.id),
          db.tombstones.get(message.id),
          markSeen(message.from, message.seq),
        ]);
        if (stored !== undefined || tombstone !== undefined) {
          return 'duplicate' as const;
        }
        await Promise.all([
          db.messages.add({
            ...recordOf(message, message.from),
            direction: 'in',
            receivedAt,
            request: request ? 1 : 0,
          }),
          touch(message, message.from),
          rememberDisplayName(message),
        ]);
        return 'stored' as const;
      }),

    markSeen: async (from, seq) => {
      await write(() => markSeen(from, seq));
    },

    async receivedSequence(from) {
      const seen = await db.received.get(from);
      return { upTo: seen?.upTo ?? 0, above: seen?.above ?? [] };
    },

    async incoming(id) {
      const record = await db.messages.get(id);
      if (record?.direction !== 'in' || record.receivedAt === undefined) {
        return null;
      }
      const entry: IncomingMessage = {
        message: record.message,
        receivedAt: record.receivedAt,
        request: record.request === 1,
      };
      return entry;
    },

    deleteMessages: (ids) =>
      write(async () => {
        const records = await db.messages.bulkGet([...ids]);
        const incoming = records.flatMap((record) => (record?.direction === 'in' ? [record.id] : []));
        await db.messages.bulkDelete(incoming);
        await db.tombstones.bulkPut(incoming.map((id) => ({ id, deletedAt: Date.now() })));
      }),

    async contactState(peer) {
      return (await db.contacts.get(peer))?.state ?? 'unknown';
    },

    async setContactState(peer, state) {
      await write(async () => {
        const current = await db.contacts.get(peer);
        await db.contacts.put({ ...current, peer, state });
      });
    },
  };
};
