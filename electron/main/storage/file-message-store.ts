// A durable MessageStore for Node (the headless peer, possibly Electron main): an in-memory index rebuilt on open
// from a snapshot plus a journal. Every change is appended to the journal as a checksummed JSON line and fsync'd
// before its promise resolves; concurrent calls share one write and one fsync (group commit), one line per fsync,
// so a crash can tear only the last line, which replay drops. The journal is folded into a new snapshot, written
// atomically, once it outgrows the last one. Any other damage refuses to open rather than lose messages silently.
import { randomUUID } from 'node:crypto';
import {
  constants,
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rm,
  type FileHandle,
} from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { PeerIdSchema, type PeerId } from '../../../shared/identity/peer-id';
import { STATUS_TRANSITIONS } from '../../../shared/messaging/memory-message-store';
import {
  MessageIdSchema,
  MessageSchema,
  type Message,
  type MessageId,
} from '../../../shared/messaging/message-format';
import type {
  ContactState,
  DeliveryStatus,
  IncomingMessage,
  MessageStore,
  OutgoingMessage,
} from '../../../shared/messaging/message-store';
import { writeFileAtomically } from '../atomic-file';

export interface FileMessageStore extends MessageStore {
  /** Waits for pending writes, then releases the directory; later calls reject. */
  close(): Promise<void>;
}

export interface FileMessageStoreOptions {
  /** The journal is folded into a snapshot once larger than this and than the last snapshot (bounds both). */
  readonly compactAtBytes?: number;
}

/** The store's files are damaged; nothing was changed on disk. */
export class MessageStoreCorruptError extends Error {
  override readonly name = 'MessageStoreCorruptError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    detail: string,
  ) {
    super(
      `The message store is damaged: ${file}${line === null ? '' : ` line ${line}`}: ${detail}. ` +
        'Nothing was changed; restore the folder from a backup, or move it aside to start with no messages.',
    );
  }
}

const FORMAT_VERSION = 1;
const SNAPSHOT_FILE = 'snapshot.log';
const LOCK_FILE = 'LOCK';
const JOURNAL_NAME = /^journal-(\d+)\.log$/;
const journalFile = (generation: number): string => `journal-${generation}.log`;
const DEFAULT_COMPACT_AT_BYTES = 1024 * 1024;
const TOMBSTONES_PER_LINE = 512;
const IN_OUTBOX: ReadonlySet<DeliveryStatus> = new Set(['pending', 'sent']);
const CONTACT_STATES: Record<ContactState, true> = {
  accepted: true,
  blocked: true,
  'requested-by-me': true,
  'requested-by-them': true,
  unknown: true,
};

// The record schemas: every line read back is checked against them, and every record is checked before it is
// written, so nothing the store writes can stop it from opening.
const StoredMessageSchema = MessageSchema as unknown as z.ZodType<Message>;
const StatusSchema = z.enum(Object.keys(STATUS_TRANSITIONS) as [DeliveryStatus, ...DeliveryStatus[]]);
const ContactStateSchema = z.enum(Object.keys(CONTACT_STATES) as [ContactState, ...ContactState[]]);
const SeqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const Ids = z.array(MessageIdSchema).min(1);
const ContactRecord = z.strictObject({
  type: z.literal('contact'),
  peer: PeerIdSchema,
  state: ContactStateSchema,
});

const OperationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('created'), message: StoredMessageSchema }),
  z.strictObject({
    type: z.literal('status'),
    ids: Ids,
    status: StatusSchema,
    failure: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('received'),
    message: StoredMessageSchema,
    receivedAt: z.number(),
    request: z.boolean(),
  }),
  z.strictObject({ type: z.literal('seen'), from: PeerIdSchema, seq: SeqSchema }),
  z.strictObject({ type: z.literal('deleted'), ids: Ids }),
  ContactRecord,
]);
type Operation = z.infer<typeof OperationSchema>;

const JournalLineSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('journal'),
    v: z.literal(FORMAT_VERSION),
    generation: z.number().int().min(0),
  }),
  /** The operations of one group commit (usually one). */
  z.strictObject({ type: z.literal('commit'), ops: z.array(OperationSchema).min(1) }),
]);

const SnapshotLineSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('snapshot'),
    v: z.literal(FORMAT_VERSION),
    generation: z.number().int().min(1),
  }),
  z.strictObject({
    type: z.literal('outgoing'),
    message: StoredMessageSchema,
    status: StatusSchema,
    failure: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('incoming'),
    message: StoredMessageSchema,
    receivedAt: z.number(),
    request: z.boolean(),
  }),
  /** IDs of deleted incoming messages, still known so they are never stored again. */
  z.strictObject({ type: z.literal('tombstones'), ids: Ids }),
  z.strictObject({
    type: z.literal('sequence'),
    from: PeerIdSchema,
    upTo: z.number().int().min(0),
    above: z.array(SeqSchema),
  }),
  ContactRecord,
  z.strictObject({ type: z.literal('end'), records: z.number().int().min(0) }),
]);
type SnapshotLine = z.infer<typeof SnapshotLineSchema>;

// One line: CRC-32 of the JSON text's UTF-8 bytes as 8 hex digits, a space, the JSON text, a newline.
const checksum = (data: string | Uint8Array): string => crc32(data).toString(16).padStart(8, '0');
const encodeLine = (json: string): string => `${checksum(json)} ${json}\n`;

const decodeLine = (line: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } => {
  const sum = line.toString('latin1', 0, 8);
  if (line.length < 10 || line[8] !== 0x20 || !/^[0-9a-f]{8}$/.test(sum)) {
    return { ok: false, reason: 'not a checksummed line' };
  }
  const json = line.subarray(9);
  if (checksum(json) !== sum) {
    return { ok: false, reason: 'checksum mismatch' };
  }
  try {
    return { ok: true, value: JSON.parse(json.toString('utf8')) };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
};

/** Lines as byte ranges; the last has no newline if the file ends mid-line. */
const splitLines = (bytes: Buffer): { start: number; end: number; terminated: boolean }[] => {
  const lines = [];
  for (let at = 0; at < bytes.length;) {
    const newline = bytes.indexOf(0x0a, at);
    const end = newline === -1 ? bytes.length : newline;
    lines.push({ start: at, end, terminated: newline !== -1 });
    at = end + 1;
  }
  return lines;
};

const describeIssue = (error: z.ZodError): string => {
  const issue = error.issues[0];
  return `invalid record (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`;
};

interface State {
  readonly outgoing: Map<MessageId, OutgoingMessage>;
  /** Outgoing messages pending or sent, by recipient. */
  readonly outboxes: Map<PeerId, Map<MessageId, Message>>;
  /** The last sequence number given to each recipient. */
  readonly lastSeq: Map<PeerId, number>;
  readonly incoming: Map<MessageId, IncomingMessage>;
  readonly tombstones: Set<MessageId>;
  readonly received: Map<PeerId, { upTo: number; above: Set<number> }>;
  readonly contacts: Map<PeerId, ContactState>;
}

const emptyState = (): State => ({
  outgoing: new Map(),
  outboxes: new Map(),
  lastSeq: new Map(),
  incoming: new Map(),
  tombstones: new Set(),
  received: new Map(),
  contacts: new Map(),
});

/** A record that does not fit the state it is applied to: damage, or a bug. */
class Inconsistent extends Error {}

const isSeen = (state: State, from: PeerId, seq: number): boolean => {
  const seen = state.received.get(from);
  return seq <= (seen?.upTo ?? 0) || (seen?.above.has(seq) ?? false);
};

const knowsIncoming = (state: State, id: MessageId): boolean =>
  state.incoming.has(id) || state.tombstones.has(id);

const putOutgoing = (state: State, entry: OutgoingMessage): void => {
  const { message } = entry;
  state.outgoing.set(message.id, entry);
  const outbox = state.outboxes.get(message.to) ?? new Map<MessageId, Message>();
  if (IN_OUTBOX.has(entry.status)) {
    outbox.set(message.id, message);
  } else {
    outbox.delete(message.id);
  }
  if (outbox.size > 0) {
    state.outboxes.set(message.to, outbox);
  } else {
    state.outboxes.delete(message.to);
  }
};

const addOutgoing = (state: State, entry: OutgoingMessage): void => {
  const { message } = entry;
  if (state.outgoing.has(message.id)) {
    throw new Inconsistent(`outgoing message ${message.id} stored twice`);
  }
  const expected = (state.lastSeq.get(message.to) ?? 0) + 1;
  if (message.seq !== expected) {
    throw new Inconsistent(`outgoing sequence number ${message.seq} where ${expected} was next`);
  }
  state.lastSeq.set(message.to, message.seq);
  putOutgoing(state, entry);
};

const addIncoming = (state: State, entry: IncomingMessage): void => {
  if (knowsIncoming(state, entry.message.id)) {
    throw new Inconsistent(`incoming message ${entry.message.id} stored twice`);
  }
  state.incoming.set(entry.message.id, entry);
};

const markSeen = (state: State, from: PeerId, seq: number): void => {
  const seen = state.received.get(from) ?? { upTo: 0, above: new Set<number>() };
  if (seq > seen.upTo) {
    seen.above.add(seq);
    while (seen.above.delete(seen.upTo + 1)) {
      seen.upTo += 1;
    }
  }
  state.received.set(from, seen);
};

const setContact = (state: State, peer: PeerId, contactState: ContactState): void => {
  if (contactState === 'unknown') {
    state.contacts.delete(peer);
  } else {
    state.contacts.set(peer, contactState);
  }
};

/** Applies one journal operation: both live, right after it is queued, and on replay. */
const applyOperation = (state: State, op: Operation): void => {
  switch (op.type) {
    case 'created':
      addOutgoing(state, { message: op.message, status: 'pending' });
      return;
    case 'status':
      if (op.failure !== undefined && op.status !== 'failed') {
        throw new Inconsistent(`a failure reason with status ${op.status}`);
      }
      for (const id of op.ids) {
        const entry = state.outgoing.get(id);
        if (!entry || !STATUS_TRANSITIONS[entry.status].includes(op.status)) {
          throw new Inconsistent(
            `status ${op.status} for ${entry ? `a ${entry.status}` : 'an unknown'} message ${id}`,
          );
        }
        putOutgoing(
          state,
          op.failure === undefined
            ? { message: entry.message, status: op.status }
            : { message: entry.message, status: op.status, failure: op.failure },
        );
      }
      return;
    case 'received':
      addIncoming(state, { message: op.message, receivedAt: op.receivedAt, request: op.request });
      markSeen(state, op.message.from, op.message.seq);
      return;
    case 'seen':
      markSeen(state, op.from, op.seq);
      return;
    case 'deleted':
      for (const id of op.ids) {
        if (!state.incoming.delete(id)) {
          throw new Inconsistent(`deleting message ${id}, which is not stored`);
        }
        state.tombstones.add(id);
      }
      return;
    case 'contact':
      setContact(state, op.peer, op.state);
      return;
  }
};

const applySnapshotLine = (state: State, line: SnapshotLine): void => {
  switch (line.type) {
    case 'outgoing':
      if (line.failure !== undefined && line.status !== 'failed') {
        throw new Inconsistent(`a failure reason on a ${line.status} message`);
      }
      addOutgoing(
        state,
        line.failure === undefined
          ? { message: line.message, status: line.status }
          : { message: line.message, status: line.status, failure: line.failure },
      );
      return;
    case 'incoming':
      addIncoming(state, { message: line.message, receivedAt: line.receivedAt, request: line.request });
      return;
    case 'tombstones':
      for (const id of line.ids) {
        if (knowsIncoming(state, id)) {
          throw new Inconsistent(`message ${id} both stored and deleted`);
        }
        state.tombstones.add(id);
      }
      return;
    case 'sequence': {
      const above = new Set(line.above);
      const ordered = line.above.every(
        (seq, i) => seq > (i === 0 ? line.upTo + 1 : (line.above[i - 1] ?? 0)),
      );
      if (state.received.has(line.from) || !ordered) {
        throw new Inconsistent(`sequence numbers of ${line.from} repeated or out of order`);
      }
      state.received.set(line.from, { upTo: line.upTo, above });
      return;
    }
    case 'contact':
      if (state.contacts.has(line.peer)) {
        throw new Inconsistent(`contact ${line.peer} repeated`);
      }
      setContact(state, line.peer, line.state);
      return;
    case 'snapshot':
    case 'end':
      throw new Inconsistent(`a ${line.type} line in the middle`);
  }
};

const encodeSnapshot = (state: State, generation: number): string => {
  const lines = [encodeLine(JSON.stringify({ type: 'snapshot', v: FORMAT_VERSION, generation }))];
  const add = (line: SnapshotLine): void => {
    lines.push(encodeLine(JSON.stringify(line)));
  };
  // Insertion order is creation order, so each recipient's messages come lowest sequence first.
  for (const entry of state.outgoing.values()) {
    add({ type: 'outgoing', ...entry });
  }
  for (const entry of state.incoming.values()) {
    add({ type: 'incoming', ...entry });
  }
  const tombstones = [...state.tombstones];
  for (let at = 0; at < tombstones.length; at += TOMBSTONES_PER_LINE) {
    add({ type: 'tombstones', ids: tombstones.slice(at, at + TOMBSTONES_PER_LINE) });
  }
  for (const [from, seen] of state.received) {
    add({ type: 'sequence', from, upTo: seen.upTo, above: [...seen.above].sort((a, b) => a - b) });
  }
  for (const [peer, contactState] of state.contacts) {
    add({ type: 'contact', peer, state: contactState });
  }
  lines.push(encodeLine(JSON.stringify({ type: 'end', records: lines.length - 1 })));
  return lines.join('');
};

/** Reads the snapshot into `state`; returns its generation. Written atomically, so any flaw is damage. */
const loadSnapshot = (bytes: Buffer, state: State, file: string): number => {
  const lines = splitLines(bytes);
  let generation = 0;
  let ended = false;
  for (const [index, range] of lines.entries()) {
    const number = index + 1;
    const decoded = range.terminated
      ? decodeLine(bytes.subarray(range.start, range.end))
      : { ok: false as const, reason: 'no line end' };
    if (!decoded.ok) {
      throw new MessageStoreCorruptError(file, number, decoded.reason);
    }
    const parsed = SnapshotLineSchema.safeParse(decoded.value);
    if (!parsed.success) {
      throw new MessageStoreCorruptError(file, number, describeIssue(parsed.error));
    }
    const line = parsed.data;
    if (index === 0 || line.type === 'snapshot') {
      if (index !== 0 || line.type !== 'snapshot') {
        throw new MessageStoreCorruptError(
          file,
          number,
          'expected the snapshot header first, and only there',
        );
      }
      generation = line.generation;
    } else if (line.type === 'end') {
      if (index !== lines.length - 1 || line.records !== index - 1) {
        throw new MessageStoreCorruptError(file, number, 'records missing before the end line');
      }
      ended = true;
    } else {
      try {
        applySnapshotLine(state, line);
      } catch (error) {
        throw error instanceof Inconsistent
          ? new MessageStoreCorruptError(file, number, error.message)
          : error;
      }
    }
  }
  if (!ended) {
    throw new MessageStoreCorruptError(file, null, 'it ends before its end line');
  }
  return generation;
};

interface ReplayedJournal {
  /** Bytes of the journal that hold complete lines; a torn last line past them is cut off. */
  readonly goodBytes: number;
  readonly hasHeader: boolean;
}

/** Replays a journal into `state`. Only its last line may be damaged (a torn write); it is then left out. */
const replayJournal = (bytes: Buffer, state: State, generation: number, file: string): ReplayedJournal => {
  const lines = splitLines(bytes);
  let goodBytes = bytes.length;
  let hasHeader = false;
  for (const [index, range] of lines.entries()) {
    const number = index + 1;
    const decoded = range.terminated
      ? decodeLine(bytes.subarray(range.start, range.end))
      : { ok: false as const, reason: 'no line end' };
    if (!decoded.ok) {
      if (index === lines.length - 1) {
        goodBytes = range.start;
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

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : undefined;

const readIfPresent = async (file: string): Promise<Buffer | null> => {
  try {
    return await readFile(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return null;
    }
    throw error;
  }
};

/** Makes created, renamed and removed names durable. Windows cannot open a folder to flush it (NTFS logs them). */
const syncDirectory = async (directory: string): Promise<void> => {
  if (process.platform === 'win32') {
    return;
  }
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

// One process owns a store folder: a second would replay a journal mid-write and cut "torn" lines from under
// the first. The lock names its owner; it is stale after a reboot (Linux boot ID), once its process is gone, or
// when it names this process ID with another token (a restarted container reusing the ID).
const PROCESS_TOKEN = randomUUID();
const LockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  token: z.string(),
  bootId: z.string().nullable(),
});
type LockOwner = z.infer<typeof LockOwnerSchema>;

const bootId = async (): Promise<string | null> =>
  process.platform === 'linux'
    ? ((await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => null))?.trim() ?? null)
    : null;

const readLockOwner = async (file: string): Promise<LockOwner | null> => {
  const text = (await readIfPresent(file))?.toString('utf8');
  try {
    return LockOwnerSchema.parse(JSON.parse(text ?? '') as unknown);
  } catch {
    return null;
  }
};

/** Creates `file` as a copy of `source` unless it exists: a hard link when the file system has them. */
const createExclusively = async (source: string, file: string): Promise<void> => {
  try {
    await link(source, file);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      throw error;
    }
    await copyFile(source, file, constants.COPYFILE_EXCL);
  }
};

const isRunning = (owner: LockOwner, currentBootId: string | null): boolean => {
  if (owner.bootId !== null && currentBootId !== null && owner.bootId !== currentBootId) {
    return false;
  }
  if (owner.pid === process.pid) {
    return owner.token === PROCESS_TOKEN;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
};

const acquireLock = async (directory: string): Promise<() => Promise<void>> => {
  const file = path.join(directory, LOCK_FILE);
  const currentBootId = await bootId();
  const owner: LockOwner = { pid: process.pid, token: PROCESS_TOKEN, bootId: currentBootId };
  // Written aside and linked into place, so the lock never exists without its owner in it.
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFileAtomically(temporary, JSON.stringify(owner), { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await createExclusively(temporary, file);
        return () => rm(file, { force: true });
      } catch (error) {
        if (errorCode(error) !== 'EEXIST' || attempt > 0) {
          throw error;
        }
      }
      const held = await readLockOwner(file);
      if (held && isRunning(held, currentBootId)) {
        throw new Error(
          `The message store ${directory} is in use by process ${held.pid}` +
            (held.pid === process.pid ? ' (this one)' : '') +
            `. If no Parley process is running, delete ${file}.`,
        );
      }
      await rm(file, { force: true });
    }
  } finally {
    await rm(temporary, { force: true });
  }
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
