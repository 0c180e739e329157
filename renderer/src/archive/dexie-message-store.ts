// The MessageStore on the Dexie archive: each method is one IndexedDB transaction, so a received message, its
// sequence bookkeeping and its conversation's last activity are written together or not at all. Transactions
// use the browser's default durability: committed data survives a crash of the app or the browser (what an ack
// promises); like SQLite's synchronous=NORMAL, only an OS crash or power cut can lose the last moments.
import type { PeerId } from '../../../shared/identity/peer-id';
import { STATUS_TRANSITIONS } from '../../../shared/messaging/memory-message-store';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import type {
  DeliveryStatus,
  IncomingMessage,
  MessageStore,
  OutgoingMessage,
} from '../../../shared/messaging/message-store';
import type { ArchiveDb, ConversationRecord, MessageRecord } from './archive-db';
import { markSequenceSeen } from './received-sequence';

const IN_OUTBOX: ReadonlySet<DeliveryStatus> = new Set(['pending', 'sent']);

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

export const createDexieMessageStore = (db: ArchiveDb): MessageStore => {
  const touch = async (message: Message, peer: PeerId): Promise<void> => {
    const next = touchedConversation(await db.conversations.get(message.conversation), message, peer);
    if (next) {
      await db.conversations.put(next);
    }
  };

  const markSeen = async (from: PeerId, seq: number): Promise<void> => {
    const seen = (await db.received.get(from)) ?? { peer: from, upTo: 0, above: [] };
    const next = markSequenceSeen(seen, seq);
    if (next !== seen) {
      await db.received.put({ peer: from, ...next });
    }
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
      db.transaction('rw', [db.counters, db.messages, db.outbox, db.conversations], async () => {
        const seq = ((await db.counters.get(to))?.lastSeq ?? 0) + 1;
        const message = build(seq);
        await db.counters.put({ peer: to, lastSeq: seq });
        await db.messages.add({ ...recordOf(message, to), direction: 'out', status: 'pending' });
        await db.outbox.put({ to, seq, id: message.id });
        await touch(message, to);
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
      const record = await db.messages.get(id);
      if (record?.direction !== 'out' || record.status === undefined) {
        return null;
      }
      const entry: OutgoingMessage = { message: record.message, status: record.status };
      return record.failure === undefined ? entry : { ...entry, failure: record.failure };
    },

    setStatus: (ids, status, failure) =>
      db.transaction('rw', [db.messages, db.outbox], async () => {
        // An ID listed twice changes once (the second sight would see the record as it was).
        const records = await db.messages.bulkGet([...new Set(ids)]);
        const changed: MessageId[] = [];
        for (const record of records) {
          if (record?.direction !== 'out' || record.status === undefined) {
            continue;
          }
          if (!STATUS_TRANSITIONS[record.status].includes(status)) {
            continue;
          }
          const { failure: _previous, ...rest } = record;
          await db.messages.put(
            status === 'failed' && failure ? { ...rest, status, failure } : { ...rest, status },
          );
          if (IN_OUTBOX.has(status)) {
            await db.outbox.put({ to: record.peer, seq: record.seq, id: record.id });
          } else {
            await db.outbox.delete([record.peer, record.seq]);
          }
          changed.push(record.id);
        }
        return changed;
      }),

    receive: (message, receivedAt, request) =>
      db.transaction(
        'rw',
        [db.messages, db.tombstones, db.received, db.conversations, db.contacts],
        async () => {
          await markSeen(message.from, message.seq);
          const known =
            (await db.messages.get(message.id)) !== undefined ||
            (await db.tombstones.get(message.id)) !== undefined;
          if (known) {
            return 'duplicate' as const;
          }
          await db.messages.add({
            ...recordOf(message, message.from),
            direction: 'in',
            receivedAt,
            request: request ? 1 : 0,
          });
          await touch(message, message.from);
          await rememberDisplayName(message);
          return 'stored' as const;
        },
      ),

    markSeen: (from, seq) => db.transaction('rw', [db.received], () => markSeen(from, seq)),

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
      db.transaction('rw', [db.messages, db.tombstones], async () => {
        const records = await db.messages.bulkGet([...ids]);
        const incoming = records.flatMap((record) => (record?.direction === 'in' ? [record.id] : []));
        await db.messages.bulkDelete(incoming);
        await db.tombstones.bulkPut(incoming.map((id) => ({ id, deletedAt: Date.now() })));
      }),

    async contactState(peer) {
      return (await db.contacts.get(peer))?.state ?? 'unknown';
    },

    async setContactState(peer, state) {
      await db.transaction('rw', [db.contacts], async () => {
        const current = await db.contacts.get(peer);
        await db.contacts.put({ ...current, peer, state });
      });
    },
  };
};
