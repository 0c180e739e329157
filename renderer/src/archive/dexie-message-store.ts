// The MessageStore on the Dexie archive: each write is one IndexedDB transaction (shared with concurrent writes
// through the group writer), so a received message, its sequence bookkeeping and its conversation's last
// activity are written together or not at all. Transactions use the browser's default durability: committed
// data survives a crash of the app or the browser (what an ack promises); like SQLite's synchronous=NORMAL,
// only an OS crash or power cut can lose the last moments.
import { outgoingEntry } from '../../../shared/messaging/memory-message-store';
import { reactionsGoingWith } from '../../../shared/messaging/deleted-targets';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';
import type { IncomingMessage, MessageStore } from '../../../shared/messaging/message-store';
import type { ArchiveDb, ContactRecord } from './archive-db';
import { createGroupWriter } from './group-commit';
import { createMessageBatches } from './message-batches';
import { editsNaming, reactionsNaming, removeRecords } from './local-deletion';
import { COMPACTION, type CompactionOptions, type IndexCompactor } from './search/index-compaction';
import { startIndexUpkeep } from './search/index-upkeep';
import { outboxPeers, queuedTo } from './outbox-index';
import { getBySpan } from './span-reads';
import { loadWriteCaches, markSeenCached } from './write-caches';

export interface DexieMessageStore extends MessageStore {
  /**
   * Runs a write from outside the store (an import) in the store's own queue and transaction, then reads the
   * store's caches again, so they never lag what is stored.
   */
  exclusive<T>(write: () => Promise<T>): Promise<T>;
  /** Moves every message waiting for the search index into it (search/index-compaction.ts). */
  flushSearchIndex(): Promise<void>;
  /** Writes what is queued (a lingering status too) and stops compacting the search index; call before closing the database. */
  stop(): Promise<void>;
}

export interface DexieMessageStoreOptions {
  /** When compacting the search index fails (what is queued stays queued and searchable). */
  readonly onIndexError?: (error: unknown) => void;
  readonly compaction?: Partial<Omit<CompactionOptions, 'onError'>>;
  /**
   * Where compaction runs: on this thread by default; the app passes one that runs it in a Worker
   * (search/worker-compactor.ts).
   */
  readonly startCompactor?: (
    options: CompactionOptions,
    alreadyQueued: number,
  ) => IndexCompactor | Promise<IndexCompactor>;
}

export const openDexieMessageStore = async (
  db: ArchiveDb,
  options: DexieMessageStoreOptions = {},
): Promise<DexieMessageStore> => {
  let caches = await loadWriteCaches(db);
  // Every write goes through one group writer: bursts of one kind (sends, arrivals, acks) share transactions,
  // and each write still sees the ones queued before it.
  const writer = createGroupWriter(
    db,
    [
      db.messages,
      db.statuses,
      db.counters,
      db.received,
      db.tombstones,
      db.contacts,
      db.conversations,
      db.timers,
      db.postingSegments,
      db.indexQueue,
    ],
    async () => {
      caches = await loadWriteCaches(db);
    },
  );
  const { write } = writer;
  // Sent and received texts wait in a queue for the search index, which the compactor moves in batches.
  const startCompactor =
    options.startCompactor ??
    ((compaction: CompactionOptions, queued: number) => startIndexUpkeep(db, compaction, queued));
  const compactor = await startCompactor(
    {
      ...COMPACTION,
      ...options.compaction,
      onError: options.onIndexError ?? (() => undefined),
    },
    await db.indexQueue.count(),
  );
  const batches = createMessageBatches(db, () => caches);
  const createOutgoing = writer.batched(batches.createOutgoing);
  const receive = writer.batched(batches.receive);
  // A message marked sent is usually acked within milliseconds: its status write waits for the delivered one
  // and shares its transaction, instead of costing one of its own for every message.
  const setStatus = writer.batched(batches.setStatus, (item) => item.status === 'sent');

  return {
    exclusive: (run) =>
      write(async () => {
        try {
          return await run();
        } finally {
          caches = await loadWriteCaches(db);
        }
      }),

    flushSearchIndex: () => compactor.flush(),

    async stop() {
      await writer.settle();
      await compactor.stop();
    },

    async createOutgoing(to, build) {
      const message = await createOutgoing({ to, build });
      compactor.queued(message.t === 'text' ? 1 : 0);
      return message;
    },

    async outbox(to, limit, afterSeq = 0) {
      return db.transaction('r', [db.statuses, db.messages], async () => {
        const entries = await queuedTo(db, to, afterSeq).limit(limit).toArray();
        const records = await getBySpan(
          db.messages,
          entries.map((entry) => entry.id),
        );
        return records.flatMap((record) => (record ? [record.message] : []));
      });
    },

    async outboxPeers() {
      return outboxPeers(db);
    },

    async outgoing(id) {
      const [record, status] = await Promise.all([db.messages.get(id), db.statuses.get(id)]);
      if (record?.direction !== 'out' || !status) {
        return null;
      }
      // The edit a text shows is on its record, apart from its status: a status change keeps it.
      return outgoingEntry(record.message, status.status, status.failure, status.retriedAt, record.edited);
    },

    setStatus: (ids, status, failure) =>
      setStatus(failure === undefined ? { ids, status } : { ids, status, failure }),

    async retry(id, at) {
      // Only a failed message can move to pending (STATUS_TRANSITIONS), so this changes nothing else.
      return (await setStatus({ ids: [id], status: 'pending', retriedAt: at })).length > 0;
    },

    async receive(message, receivedAt, request) {
      const outcome = await receive({ message, receivedAt, request });
      compactor.queued(outcome !== 'duplicate' && message.t === 'text' ? 1 : 0);
      return outcome;
    },

    markSeen: async (from, seq) => {
      await write(async () => {
        const record = markSeenCached(caches, from, seq);
        if (record) {
          await db.received.put(record);
        }
      });
    },

    receivedSequence: (from) => Promise.resolve(caches.received.get(from) ?? { upTo: 0, above: [] }),

    async incoming(id) {
      const record = await db.messages.get(id);
      if (record?.direction !== 'in' || record.receivedAt === undefined) {
        return null;
      }
      const entry: IncomingMessage = {
        message: record.message,
        receivedAt: record.receivedAt,
        request: record.request === 1,
        ...(record.edited === undefined ? {} : { edited: record.edited }),
      };
      return entry;
    },

    deleteMessages: (ids, sender) =>
      write(async () => {
        const listed = [...new Set(ids)];
        const [records, tombstones, edits, reactions] = await Promise.all([
          db.messages.bulkGet(listed),
          sender === undefined ? [] : db.tombstones.bulkGet(listed),
          editsNaming(db, listed),
          reactionsNaming(db, listed),
        ]);
        const incoming = records.flatMap((record) => (record?.direction === 'in' ? [record] : []));
        const deletedAt = Date.now();
        // Deleted before they arrived: held against a text from `sender` under these IDs (isOvertaken).
        const overtaken =
          sender === undefined
            ? []
            : listed.flatMap((id, at) =>
                records[at] === undefined && tombstones[at] === undefined
                  ? [{ id, deletedAt, by: sender }]
                  : [],
              );
        // The edits of a text hold its edited words: they go with it (and the edits of one deleted before it
        // came, from its sender), leaving tombstones. Only its sender's edits could change it; others stay.
        const senders = new Map<MessageId, PeerId>([
          ...incoming.map((record) => [record.id, record.from] as const),
          ...overtaken.map(({ id, by }) => [id, by] as const),
        ]);
        const withThem = edits.filter(
          (edit) =>
            edit.direction === 'in' &&
            edit.editOf !== undefined &&
            senders.get(edit.editOf) === edit.from &&
            !senders.has(edit.id),
        );
        // The sender's reactions to their text go with it (and to one deleted before it came). Ours stay until
        // retention takes them: one may still be in the outbox, and only the engine's caller can withdraw it
        // (they show nothing without the text).
        const going = new Set(
          reactionsGoingWith(
            senders,
            reactions.flatMap((reaction) => (reaction.direction === 'in' ? [reaction.message] : [])),
          ),
        );
        const theirReactions = reactions.filter((reaction) => going.has(reaction.id));
        await Promise.all([
          removeRecords(db, [...incoming, ...withThem, ...theirReactions], deletedAt),
          db.tombstones.bulkPut(overtaken),
        ]);
      }),

    disappearingTimer: (conversation) => Promise.resolve(caches.timers.get(conversation)?.seconds ?? 0),

    contactState: (peer) => Promise.resolve(caches.contactStates.get(peer) ?? 'unknown'),

    async setContactState(peer, state) {
      await write(async () => {
        const current = await db.contacts.get(peer);
        caches.contactStates.set(peer, state);
        // A new standing: a request notified under the old one is not news under it (request-notice.ts).
        const { requestNotified: _notified, ...unmarked } = current ?? { peer };
        const carried: Partial<ContactRecord> = current?.state === state ? current : unmarked;
        // Gone from the list (ignored, unblocked, forgotten): its place there (a pin, an unread mark) goes too,
        // so a new request from them does not come back pinned past the limit.
        const { pinnedAt: _pin, markedUnread: _mark, ...kept } = carried;
        await db.contacts.put(state === 'unknown' ? { ...kept, peer, state } : { ...carried, peer, state });
      });
    },
  };
};
