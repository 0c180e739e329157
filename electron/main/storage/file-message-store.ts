// A durable MessageStore for Node (the headless peer, possibly Electron main): an in-memory index rebuilt on open
// from a snapshot plus a journal (load-store.ts). Every change is appended to the journal as a checksummed JSON
// line and fsync'd before its promise resolves; concurrent calls share one write and one fsync (group commit,
// journal-writer.ts), one line per fsync, so a crash can tear only the last line, which replay drops. The journal
// is folded into a new snapshot, written atomically, once it outgrows the last one. Any other damage refuses to
// open rather than lose messages silently.
import { mkdir } from 'node:fs/promises';
import type { PeerId } from '../../../shared/identity/peer-id';
import {
  hangsOn,
  namesDeletedText,
  reactionsGoingWith,
  type TargetDeletion,
} from '../../../shared/messaging/deleted-targets';
import { isOvertaken, STATUS_TRANSITIONS } from '../../../shared/messaging/memory-message-store';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import type { MessageStore } from '../../../shared/messaging/message-store';
import { createJournalWriter } from './journal-writer';
import { loadStore, type LoadedStore } from './load-store';
import { editsOf } from './store-edits';
import { acquireLock } from './store-lock';
import {
  applyOperation,
  describeIssue,
  isSeen,
  knowsIncoming,
  type Operation,
  OperationSchema,
} from './store-state';
import { encodeSnapshot } from './store-snapshot';

export { MessageStoreCorruptError } from './store-state';

export interface FileMessageStore extends MessageStore {
  /**
   * Erases every message, sent or received, whose `expiresAt` is at or before `now` (disappearing messages; a
   * received one stays known by ID, so a copy is never stored again), and the edits of those, whatever their own
   * expiry (they hold its words), from the files too.
   */
  expire(now: number): Promise<void>;
  /** The earliest expiry of a message still held, if any (for expiry-schedule.ts). */
  nextExpiry(): Promise<number | undefined>;
  /** Waits for pending writes, then releases the directory; later calls reject. */
  close(): Promise<void>;
}

export interface FileMessageStoreOptions {
  /** The journal is folded into a snapshot once larger than this and than the last snapshot (bounds both). */
  readonly compactAtBytes?: number;
}

const DEFAULT_COMPACT_AT_BYTES = 1024 * 1024;

export const openFileMessageStore = async (
  directory: string,
  options: FileMessageStoreOptions = {},
): Promise<FileMessageStore> => {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const releaseLock = await acquireLock(directory);
  let loaded;
  try {
    loaded = await loadStore(directory);
  } catch (error) {
    await releaseLock();
    throw error;
  }
  return createFileMessageStore(
    directory,
    loaded,
    releaseLock,
    options.compactAtBytes ?? DEFAULT_COMPACT_AT_BYTES,
  );
};

const createFileMessageStore = (
  directory: string,
  loaded: LoadedStore,
  releaseLock: () => Promise<void>,
  compactAtBytes: number,
): FileMessageStore => {
  const { state } = loaded;
  const journal = createJournalWriter({
    directory,
    journal: loaded.journal,
    snapshotBytes: loaded.snapshotBytes,
    compactAtBytes,
    snapshot: (generation) => encodeSnapshot(state, generation),
  });
  let closing: Promise<void> | null = null;

  const checkUsable = (): void => {
    if (closing) {
      throw new Error('The message store is closed.');
    }
    if (journal.failure) {
      throw new Error(`The message store could not write (${journal.failure.message}); reopen it.`, {
        cause: journal.failure,
      });
    }
  };

  /** Answers `value` once everything before it is durable, so no caller sees what a crash could still undo. */
  const settled = async <T>(value: T): Promise<T> => {
    await journal.durable;
    return value;
  };

  /** Checks and applies an operation now, and resolves once it is durable. */
  const commit = (op: Operation): Promise<void> => {
    // Round-tripped and checked exactly as replay will see it, so live state and replayed state cannot differ.
    const json = JSON.stringify(op);
    const parsed = OperationSchema.safeParse(JSON.parse(json));
    if (!parsed.success) {
      throw new Error(`The message store refuses a ${op.type} record: ${describeIssue(parsed.error)}`);
    }
    applyOperation(state, parsed.data);
    return journal.append(json);
  };

  const deletionOf = (id: MessageId | undefined): TargetDeletion | undefined => {
    const by = id === undefined ? undefined : state.overtaken.get(id);
    if (by !== undefined) {
      return { here: false, by };
    }
    return id !== undefined && (state.tombstones.has(id) || state.expiredOutgoing.has(id))
      ? { here: true }
      : undefined;
  };

  const heldMessages = (): Message[] => [
    ...[...state.outgoing.values()].map((entry) => entry.message),
    ...[...state.incoming.values()].map((entry) => entry.message),
  ];

  return {
    async createOutgoing(to, build) {
      checkUsable();
      const seq = (state.lastSeq.get(to) ?? 0) + 1;
      const message = build(seq);
      if (message.seq !== seq || message.to !== to) {
        throw new Error('createOutgoing: the message must go to `to` with the sequence number it was given');
      }
      await commit({ type: 'created', message });
      return message;
    },
    async outbox(to, limit, afterSeq = 0) {
      checkUsable();
      const messages = [...(state.outboxes.get(to)?.values() ?? [])]
        .filter((message) => message.seq > afterSeq)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit);
      return await settled(messages);
    },
    async outboxPeers() {
      checkUsable();
      return await settled([...state.outboxes.keys()]);
    },
    async outgoing(id) {
      checkUsable();
      return await settled(state.outgoing.get(id) ?? null);
    },
    async setStatus(ids, status, failureReason) {
      checkUsable();
      const changed = [...new Set(ids)].filter((id) => {
        const entry = state.outgoing.get(id);
        return entry !== undefined && STATUS_TRANSITIONS[entry.status].includes(status);
      });
      if (changed.length === 0) {
        return await settled(changed);
      }
      await commit(
        status === 'failed' && failureReason
          ? { type: 'status', ids: changed, status, failure: failureReason }
          : { type: 'status', ids: changed, status },
      );
      return changed;
    },
    async retry(id, at) {
      checkUsable();
      if (state.outgoing.get(id)?.status !== 'failed') {
        return await settled(false);
      }
      await commit({ type: 'retried', id, at });
      return true;
    },
    async receive(message, receivedAt, request) {
      checkUsable();
      if (!knowsIncoming(state, message.id) && !isOvertaken(state.overtaken.get(message.id), message)) {
        // An edit or reaction of a text that is gone is taken (its ID known) but not kept: an edit's words go as
        // the text's did, and a reaction means nothing without it.
        const ofDeleted = namesDeletedText(message, deletionOf(hangsOn(message)));
        const durable = Promise.all([
          commit({ type: 'received', message, receivedAt, request }),
          ofDeleted ? commit({ type: 'deleted', ids: [message.id] }) : undefined,
        ]);
        // Applied already: only edits stored before it can have changed it.
        const edited = state.incoming.get(message.id)?.edited !== undefined;
        await durable;
        return edited ? 'edited' : 'stored';
      }
      if (!isSeen(state, message.from, message.seq)) {
        await commit({ type: 'seen', from: message.from, seq: message.seq });
      }
      await settled(undefined);
      return 'duplicate';
    },
    async markSeen(from, seq) {
      checkUsable();
      await (isSeen(state, from, seq) ? settled(undefined) : commit({ type: 'seen', from, seq }));
    },
    async receivedSequence(from) {
      checkUsable();
      const seen = state.received.get(from);
      return await settled({ upTo: seen?.upTo ?? 0, above: [...(seen?.above ?? [])].sort((a, b) => a - b) });
    },
    async incoming(id) {
      checkUsable();
      return await settled(state.incoming.get(id) ?? null);
    },
    async deleteMessages(ids, sender) {
      checkUsable();
      const listed = [...new Set(ids)];
      const present = listed.filter((id) => state.incoming.has(id));
      const notHere =
        sender === undefined
          ? []
          : listed.filter(
              (id) => !knowsIncoming(state, id) && !state.outgoing.has(id) && !state.overtaken.has(id),
            );
      if (present.length === 0 && notHere.length === 0) {
        await settled(undefined);
        return;
      }
      // Who sent each text deleted (or deleted it before it came): their reactions go with it, and so do the
      // edits of theirs that came before it (it never will come; a held text's edits go with it in any case).
      const senders = new Map<MessageId, PeerId>();
      for (const id of present) {
        const from = state.incoming.get(id)?.message.from;
        if (from !== undefined) {
          senders.set(id, from);
        }
      }
      if (sender !== undefined) {
        for (const id of notHere) {
          senders.set(id, sender);
        }
      }
      const earlyEdits = notHere.flatMap((id) =>
        editsOf(state.edits)(id).flatMap((edit) =>
          edit.from === sender && state.incoming.has(edit.id) ? [edit.id] : [],
        ),
      );
      const incoming = [...state.incoming.values()].map((entry) => entry.message);
      // Each once: an early edit or a reaction may be listed beside its text.
      const deleted = [...new Set([...present, ...earlyEdits, ...reactionsGoingWith(senders, incoming)])];
      // Both applied now, with nothing in between: a message arriving meanwhile must not make `notHere` stale.
      await Promise.all([
        deleted.length > 0 ? commit({ type: 'deleted', ids: deleted }) : undefined,
        sender !== undefined && notHere.length > 0
          ? commit({ type: 'overtaken', by: sender, ids: notHere })
          : undefined,
      ]);
    },
    async expire(now) {
      checkUsable();
      const expired = heldMessages()
        .filter((message) => (message.meta?.expiresAt ?? Infinity) <= now)
        .map((message) => message.id);
      if (expired.length === 0) {
        await settled(undefined);
        return;
      }
      await commit({ type: 'expired', ids: expired });
      // Erased from the files too, not only from what the store answers: the journal still holds their text.
      await journal.compactSoon();
    },
    async nextExpiry() {
      checkUsable();
      let next: number | undefined;
      for (const message of heldMessages()) {
        const expiresAt = message.meta?.expiresAt;
        if (expiresAt !== undefined && (next === undefined || expiresAt < next)) {
          next = expiresAt;
        }
      }
      return await settled(next);
    },
    async disappearingTimer(conversation) {
      checkUsable();
      return await settled(state.timers.get(conversation)?.seconds ?? 0);
    },
    async contactState(peer) {
      checkUsable();
      return await settled(state.contacts.get(peer) ?? 'unknown');
    },
    async setContactState(peer, contactState) {
      checkUsable();
      await ((state.contacts.get(peer) ?? 'unknown') === contactState
        ? settled(undefined)
        : commit({ type: 'contact', peer, state: contactState }));
    },
    close() {
      closing ??= (async () => {
        try {
          await journal.close();
        } finally {
          await releaseLock();
        }
      })();
      return closing;
    },
  };
};
