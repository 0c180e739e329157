// A durable MessageStore for Node (the headless peer, possibly Electron main): an in-memory index rebuilt on open
// from a snapshot plus a journal. Every change is appended to the journal as a checksummed JSON line and fsync'd
// before its promise resolves; concurrent calls share one write and one fsync (group commit), one line per fsync,
// so a crash can tear only the last line, which replay drops. The journal is folded into a new snapshot, written
// atomically, once it outgrows the last one. Any other damage refuses to open rather than lose messages silently.
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { STATUS_TRANSITIONS } from '../../../shared/messaging/memory-message-store';
import type { MessageStore } from '../../../shared/messaging/message-store';
import { writeFileAtomically } from '../atomic-file';
import { readIfPresent, syncDirectory } from './durable-files';
import { encodeLine, readLines, splitLines } from './journal-lines';
import { acquireLock } from './store-lock';
import {
  applyOperation,
  describeIssue,
  emptyState,
  encodeSnapshot,
  FORMAT_VERSION,
  Inconsistent,
  isSeen,
  JournalLineSchema,
  knowsIncoming,
  loadSnapshot,
  MessageStoreCorruptError,
  type Operation,
  OperationSchema,
  type State,
} from './store-state';

export { MessageStoreCorruptError } from './store-state';

export interface FileMessageStore extends MessageStore {
  /** Waits for pending writes, then releases the directory; later calls reject. */
  close(): Promise<void>;
}

export interface FileMessageStoreOptions {
  /** The journal is folded into a snapshot once larger than this and than the last snapshot (bounds both). */
  readonly compactAtBytes?: number;
}

const SNAPSHOT_FILE = 'snapshot.log';
const JOURNAL_NAME = /^journal-(\d+)\.log$/;
const journalFile = (generation: number): string => `journal-${generation}.log`;
const DEFAULT_COMPACT_AT_BYTES = 1024 * 1024;

interface ReplayedJournal {
  /** Bytes of the journal that hold complete lines; a torn last line past them is cut off. */
  readonly goodBytes: number;
  readonly hasHeader: boolean;
}

/** Replays a journal into `state`. Only its last line may be damaged (a torn write); it is then left out. */
const replayJournal = (bytes: Buffer, state: State, generation: number, file: string): ReplayedJournal => {
  let goodBytes = bytes.length;
  let hasHeader = false;
  for (const { number, start, last, decoded } of readLines(bytes)) {
    const index = number - 1;
    if (!decoded.ok) {
      if (last) {
        goodBytes = start;
        break;
      }
      throw new MessageStoreCorruptError(file, number, decoded.reason);
    }
    const parsed = JournalLineSchema.safeParse(decoded.value);
    if (!parsed.success) {
      throw new MessageStoreCorruptError(file, number, describeIssue(parsed.error));
    }
    const line = parsed.data;
    if (line.type === 'journal') {
      if (index !== 0 || line.generation !== generation) {
        throw new MessageStoreCorruptError(file, number, `a header for generation ${line.generation}`);
      }
      hasHeader = true;
      continue;
    }
    if (!hasHeader) {
      throw new MessageStoreCorruptError(file, number, 'operations before the journal header');
    }
    try {
      line.ops.forEach((op) => applyOperation(state, op));
    } catch (error) {
      throw error instanceof Inconsistent ? new MessageStoreCorruptError(file, number, error.message) : error;
    }
  }
  return { goodBytes, hasHeader };
};

interface Batch {
  readonly ops: string[];
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const newBatch = (): Batch => {
  let resolve = (): void => undefined;
  let reject = (_error: unknown): void => undefined;
  const done = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  // Callers await it; this only keeps a failure nobody waits for from being reported as unhandled.
  done.catch(() => undefined);
  return { ops: [], done, resolve, reject };
};

interface Journal {
  readonly handle: FileHandle;
  readonly generation: number;
  bytes: number;
}

const journalHeader = (generation: number): string =>
  encodeLine(JSON.stringify({ type: 'journal', v: FORMAT_VERSION, generation }));

/** Reads the snapshot and journal, checks them whole, and only then tidies up and opens the journal for appends. */
const load = async (
  directory: string,
): Promise<{ state: State; journal: Journal; snapshotBytes: number }> => {
  const names = await readdir(directory);
  const state = emptyState();
  const snapshot = await readIfPresent(path.join(directory, SNAPSHOT_FILE));
  const generation = snapshot ? loadSnapshot(snapshot, state, SNAPSHOT_FILE) : 0;

  const journalName = journalFile(generation);
  const journalPath = path.join(directory, journalName);
  // Left by a snapshot write that was interrupted.
  const stale = names.filter((name) => name.startsWith(`${SNAPSHOT_FILE}.`) && name.endsWith('.tmp'));
  for (const name of names) {
    const match = JOURNAL_NAME.exec(name);
    const other = match ? Number(match[1]) : generation;
    if (other < generation) {
      stale.push(name);
    } else if (other > generation) {
      // Only an interrupted compaction leaves a newer journal, holding at most its header.
      const bytes = (await readIfPresent(path.join(directory, name))) ?? Buffer.alloc(0);
      if (splitLines(bytes).length > 1) {
        throw new MessageStoreCorruptError(
          name,
          null,
          `it is newer than ${snapshot ? 'the snapshot' : 'any snapshot'}`,
        );
      }
      stale.push(name);
    }
  }
  const bytes = await readIfPresent(journalPath);
  if (!bytes && generation > 0) {
    throw new MessageStoreCorruptError(journalName, null, `it is missing, though ${SNAPSHOT_FILE} names it`);
  }
  const replayed = bytes
    ? replayJournal(bytes, state, generation, journalName)
    : { goodBytes: 0, hasHeader: false };

  await Promise.all(stale.map((name) => rm(path.join(directory, name), { force: true })));
  const handle = await open(journalPath, 'a', 0o600);
  try {
    let size = replayed.goodBytes;
    if (bytes && size < bytes.length) {
      await handle.truncate(size);
    }
    if (!replayed.hasHeader) {
      const header = journalHeader(generation);
      await handle.appendFile(header);
      size = Buffer.byteLength(header);
    }
    await handle.datasync();
    await syncDirectory(directory);
    return { state, journal: { handle, generation, bytes: size }, snapshotBytes: snapshot?.length ?? 0 };
  } catch (error) {
    await handle.close();
    throw error;
  }
};

export const openFileMessageStore = async (
  directory: string,
  options: FileMessageStoreOptions = {},
): Promise<FileMessageStore> => {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const releaseLock = await acquireLock(directory);
  let loaded;
  try {
    loaded = await load(directory);
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
  loaded: { state: State; journal: Journal; snapshotBytes: number },
  releaseLock: () => Promise<void>,
  compactAtBytes: number,
): FileMessageStore => {
  const { state } = loaded;
  let journal = loaded.journal;
  let snapshotBytes = loaded.snapshotBytes;
  /** Operations applied in memory, waiting for the next write. */
  let queued: Batch | null = null;
  /** Settles once everything applied so far is durable (or failed). */
  let lastBatch: Promise<void> = Promise.resolve();
  let writer: Promise<void> | null = null;
  let failure: Error | null = null;
  let closing: Promise<void> | null = null;

  const checkUsable = (): void => {
    if (closing) {
      throw new Error('The message store is closed.');
    }
    if (failure) {
      throw new Error(`The message store could not write (${failure.message}); reopen it.`, {
        cause: failure,
      });
    }
  };

  /** Answers `value` once everything before it is durable, so no caller sees what a crash could still undo. */
  const settled = async <T>(value: T): Promise<T> => {
    await lastBatch;
    return value;
  };

  const compact = async (): Promise<void> => {
    const generation = journal.generation + 1;
    // Taken synchronously while nothing is queued: exactly what the current journal holds.
    const snapshot = encodeSnapshot(state, generation);
    const header = journalHeader(generation);
    const handle = await open(path.join(directory, journalFile(generation)), 'ax', 0o600);
    try {
      // The new journal exists (durably) before the snapshot that names it.
      await handle.appendFile(header);
      await handle.datasync();
      await syncDirectory(directory);
      await writeFileAtomically(path.join(directory, SNAPSHOT_FILE), snapshot, { mode: 0o600 });
      await syncDirectory(directory);
    } catch (error) {
      await handle.close();
      throw error;
    }
    const previous = journal;
    journal = { handle, generation, bytes: Buffer.byteLength(header) };
    snapshotBytes = Buffer.byteLength(snapshot);
    await previous.handle.close();
    // Superseded now; if this fails, the next open removes it.
    await rm(path.join(directory, journalFile(previous.generation)), { force: true }).catch(() => undefined);
  };

  const write = async (): Promise<void> => {
    let batch: Batch | null = null;
    try {
      for (;;) {
        batch = queued;
        queued = null;
        if (batch) {
          const line = encodeLine(`{"type":"commit","ops":[${batch.ops.join(',')}]}`);
          await journal.handle.appendFile(line);
          await journal.handle.datasync();
          journal.bytes += Buffer.byteLength(line);
          batch.resolve();
        } else if (!closing && journal.bytes > Math.max(compactAtBytes, snapshotBytes)) {
          await compact();
        } else {
          return;
        }
      }
    } catch (error) {
      // After a failed write or fsync the file's state is unknown: stop here, and let a reopen replay what is there.
      failure = error instanceof Error ? error : new Error(String(error));
      batch?.reject(failure);
      queued?.reject(failure);
      queued = null;
    } finally {
      writer = null;
    }
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
    if (!queued) {
      queued = newBatch();
      lastBatch = queued.done;
    }
    queued.ops.push(json);
    // Started on a later tick, so calls made together share one write and one fsync.
    writer ??= Promise.resolve().then(write);
    return queued.done;
  };

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
    async receive(message, receivedAt, request) {
      checkUsable();
      if (!knowsIncoming(state, message.id)) {
        await commit({ type: 'received', message, receivedAt, request });
        return 'stored';
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
    async deleteMessages(ids) {
      checkUsable();
      const present = [...new Set(ids)].filter((id) => state.incoming.has(id));
      await (present.length === 0 ? settled(undefined) : commit({ type: 'deleted', ids: present }));
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
        await lastBatch.catch(() => undefined);
        await writer;
        try {
          await journal.handle.close();
        } finally {
          await releaseLock();
        }
      })();
      return closing;
    },
  };
};
