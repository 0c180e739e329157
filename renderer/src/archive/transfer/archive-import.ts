// Importing an archive file (archive-export.ts, JSON): the whole file is checked before anything is written,
// and refused with the reason if any part is wrong — another identity's archive, a message that does not belong
// to its conversation, an unknown format. Then one transaction merges it: messages already here (by ID), once
// deleted (a tombstone, or a `delete` of their sender's, here or in the file) or past their expiry are skipped;
// outgoing ones that were never confirmed come in as failed (they can be retried); sequence counters move past
// every number of ours in the file, so new messages never reuse one; contacts unknown here are added
// (contact-transfer.ts: as they were from a full backup; from a plain file, which anyone can write, without
// verifications, and none made a contact the user did not accept here).
import { z } from 'zod';
import { PeerIdSchema, type PeerId } from '../../../../shared/identity/peer-id';
import { isOvertaken } from '../../../../shared/messaging/memory-message-store';
import { EDIT_WINDOW_MS } from '../../../../shared/messaging/message-edits';
import {
  directConversationId,
  type Message,
  MessageIdSchema,
  StoredMessageSchema,
} from '../../../../shared/messaging/message-format';
import { fail, ok, type Result } from '../../../../shared/result';
import { laterTimer } from '../../../../shared/messaging/disappearing-timer';
import type { ArchiveDb, ConversationRecord, MessageRecord, StatusRecord, TimerRecord } from '../archive-db';
import {
  applySettledEdits,
  expiringWith,
  type HeldMessage,
  NOTHING_STORED,
  readsStoredEdits,
  readStoredEdits,
  settleEdits,
  withEdit,
  writeEditedRecords,
  type ShownEdit,
} from '../edit-writes';
import { recordOf } from '../message-batches';
import { updateSearchIndex } from '../search/index-writes';
import { SHOWN_TYPES } from '../write-caches';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION } from './archive-export';
import { ContactEntrySchema, importedContacts } from './contact-transfer';
import { deletedBySender } from './deleted-by-sender';
import { knownIds } from './known-ids';

/**
 * Larger files are refused before they are read (about a million chat messages). The file is read into one string
 * and parsed whole: V8 holds strings of at most 2^29 - 24 characters, and parsing takes several times the file in
 * memory, so a larger file would fail on the way or take the page down instead of getting an answer.
 */
export const MAX_ARCHIVE_BYTES = 384 * 1024 * 1024;

const Time = z.number().int().min(0).max(8.64e15);
// Times past a Date's range (exports of older versions may hold them) are clamped, not a reason to refuse.
const ImportedMessageSchema = StoredMessageSchema;
const ArchiveFileSchema = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  owner: PeerIdSchema,
  exportedAt: Time,
  contacts: z.array(ContactEntrySchema).max(100_000),
  messages: z.array(
    z.strictObject({
      message: ImportedMessageSchema,
      direction: z.enum(['in', 'out']),
      status: z.enum(['pending', 'sent', 'delivered', 'read', 'failed']).optional(),
      failure: z.string().max(1_000).optional(),
      receivedAt: Time.optional(),
      readAt: Time.optional(),
      deliveredAt: Time.optional(),
      edited: z
        .strictObject({
          id: MessageIdSchema,
          sentAt: Time,
          seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
        })
        .optional(),
    }),
  ),
});
/** An archive file that passed validation, ready for importArchive. */
export type ArchiveFileInput = z.infer<typeof ArchiveFileSchema>;

export interface ImportOutcome {
  readonly imported: number;
  /** Already here, deleted before, or expired. */
  readonly skipped: number;
  readonly contactsAdded: number;
  /** Of those, the ones a plain file listed as contacts, added as requests to accept (importedState). */
  readonly contactsToAccept: number;
}

/** Checks the parsed file as a whole; the first problem found is the reason it is refused. */
const problemIn = (file: ArchiveFileInput, owner: PeerId): string | null => {
  if (file.owner !== owner) {
    return 'this archive belongs to another identity';
  }
  const peers = new Set(file.contacts.map((contact) => contact.peer));
  if (peers.size !== file.contacts.length) {
    return 'a contact is listed twice';
  }
  if (peers.has(owner)) {
    return 'it lists this identity as its own contact';
  }
  const seen = new Set<string>();
  for (const [index, { message, direction }] of file.messages.entries()) {
    const where = `message ${String(index + 1)}`;
    const mine = direction === 'out' ? message.from : message.to;
    if (mine !== owner || message.from === message.to) {
      return `${where} is not to or from this identity as its direction says`;
    }
    if (message.conversation !== directConversationId(message.from, message.to)) {
      return `${where} names a conversation that is not its sender's and recipient's`;
    }
    if (seen.has(message.id)) {
      return `${where} repeats the ID of an earlier one`;
    }
    seen.add(message.id);
  }
  return null;
};

export const parseArchiveFile = (text: string, owner: PeerId): Result<ArchiveFileInput> => {
  if (text.length > MAX_ARCHIVE_BYTES) {
    return fail('ARCHIVE_INVALID', 'the file is too large to be a Parley archive');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('ARCHIVE_INVALID', 'the file is not JSON');
  }
  const parsed = ArchiveFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      'ARCHIVE_INVALID',
      `not a Parley archive: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const problem = problemIn(parsed.data, owner);
  return problem ? fail('ARCHIVE_INVALID', problem) : ok(parsed.data);
};

/**
 * Messages per bulkAdd. Records are built a slice at a time while IndexedDB stores the slices before, so folding
 * words (this thread) and writing them (the browser's IndexedDB backend) overlap, and the records of a large
 * file never sit in memory all at once.
 */
const WRITE_SLICE = 1_000;

/** Messages per search index write: a large file's index changes are never held whole. */
const INDEX_SLICE = 10_000;

type ImportedEntry = ArchiveFileInput['messages'][number];

/** The other side of the conversation. */
const peerOf = ({ message, direction }: ImportedEntry): PeerId =>
  direction === 'out' ? message.to : message.from;

/**
 * The edit a text shows as the file has it, kept only on a text and only if an edit could have made it: sent no
 * earlier than the text and within the edit window of it. A mark placed past any real edit (a forged one) would
 * keep every later genuine edit out.
 */
const editedIn = ({ message, edited }: ImportedEntry) =>
  message.t === 'text' &&
  edited !== undefined &&
  edited.sentAt >= message.sentAt &&
  edited.sentAt - message.sentAt <= EDIT_WINDOW_MS
    ? { edited }
    : {};

/** The record to store, showing `shown` when an edit (in the file or stored here) changes its text. */
const recordFor = (entry: ImportedEntry, shown: ShownEdit | undefined): MessageRecord => {
  const { message, direction, receivedAt, readAt } = entry;
  const unread = direction === 'in' && message.t === 'text' && readAt === undefined;
  const record: MessageRecord = {
    ...recordOf(message, peerOf(entry)),
    direction,
    ...(direction === 'in' ? { receivedAt: receivedAt ?? message.sentAt, request: 0 as const } : {}),
    // Ours: when the contact read it, which the status record keeps (statusFor).
    ...(readAt === undefined || direction === 'out' ? {} : { readAt }),
    ...(unread ? { unread: 1 as const } : {}),
    ...editedIn(entry),
  };
  return shown ? withEdit(record, shown) : record;
};

const statusFor = ({
  message,
  direction,
  status,
  failure,
  deliveredAt,
  readAt,
}: ImportedEntry): StatusRecord[] => {
  if (direction !== 'out') {
    return [];
  }
  const settled = status === 'delivered' || status === 'read' || status === 'failed';
  return [
    settled
      ? {
          id: message.id,
          status,
          ...(status === 'failed' && failure !== undefined ? { failure } : {}),
          ...(status !== 'failed' && deliveredAt !== undefined ? { deliveredAt } : {}),
          ...(status === 'read' && readAt !== undefined ? { readAt } : {}),
          to: message.to,
          seq: message.seq,
        }
      : {
          id: message.id,
          status: 'failed' as const,
          failure: 'imported from an archive before it was delivered; retry to send it',
          to: message.to,
          seq: message.seq,
        },
  ];
};

export const importArchive = async (
  db: ArchiveDb,
  file: ArchiveFileInput,
  now: number,
  options: { readonly trusted?: boolean } = {},
): Promise<ImportOutcome> =>
  db.transaction(
    'rw',
    [
      db.messages,
      db.statuses,
      db.tombstones,
      db.counters,
      db.contacts,
      db.conversations,
      db.timers,
      db.postingSegments,
      db.indexQueue,
    ],
    async () => {
      const unexpired = file.messages.filter(
        ({ message }) => message.meta?.expiresAt === undefined || message.meta.expiresAt > now,
      );
      const ids = unexpired.map(({ message }) => message.id);
      const [stored, deleted] = await Promise.all([knownIds(db.messages, ids), knownIds(db.tombstones, ids)]);
      // A tombstone left by a peer's deletion that overtook its text keeps out only that peer's text
      // (isOvertaken): the user's own messages, or anyone else's, under such an ID come in, and it goes.
      const overtaken = new Map(
        (await db.tombstones.bulkGet([...deleted])).flatMap((tombstone) =>
          tombstone?.by === undefined ? [] : [[tombstone.id, tombstone.by] as const],
        ),
      );
      const keptOut = (message: Message): boolean =>
        deleted.has(message.id) &&
        (!overtaken.has(message.id) || isOvertaken(overtaken.get(message.id), message));
      const candidates = unexpired.filter(({ message }) => !stored.has(message.id) && !keptOut(message));
      const goneForEveryone = await deletedBySender(db, file.messages, candidates);
      const fresh = candidates.filter(({ message }) => !goneForEveryone.has(message.id));
      const claimed = fresh.flatMap(({ message }) => (overtaken.has(message.id) ? [message.id] : []));
      // Everything read is read before the messages are written, so no read waits behind those writes.
      // Counters move past every sequence number the file holds, imported or not (an expired message still used
      // its number, and the recipient saw it).
      const highest = new Map<PeerId, number>();
      file.messages.forEach(({ message, direction }) => {
        if (direction === 'out') {
          highest.set(message.to, Math.max(highest.get(message.to) ?? 0, message.seq));
        }
      });
      const counters = await db.counters.bulkGet([...highest.keys()]);
      const raised = [...highest].flatMap(([peer, seq], index) =>
        (counters[index]?.lastSeq ?? 0) < seq ? [{ peer, lastSeq: seq }] : [],
      );
      // Conversation summaries follow the newest shown message.
      const newest = new Map<string, ConversationRecord>();
      fresh.forEach((entry) => {
        const { message } = entry;
        const current = newest.get(message.conversation);
        if (SHOWN_TYPES.has(message.t) && (!current || current.lastActivityAt <= message.sentAt)) {
          newest.set(message.conversation, {
            id: message.conversation,
            peer: peerOf(entry),
            lastActivityAt: message.sentAt,
            lastMessageId: message.id,
          });
        }
      });
      const conversations = await db.conversations.bulkGet([...newest.keys()]);
      const moved = [...newest.values()].filter(
        (summary, index) => (conversations[index]?.lastActivityAt ?? -1) <= summary.lastActivityAt,
      );
      // An imported timer change is in force if it is later than the one here.
      const timers = new Map((await db.timers.toArray()).map((timer) => [timer.conversation, timer]));
      const changedTimers = new Map<string, TimerRecord>();
      fresh.forEach(({ message }) => {
        const current = timers.get(message.conversation);
        const next = laterTimer(current, message);
        if (next && next !== current) {
          timers.set(next.conversation, next);
          changedTimers.set(next.conversation, next);
        }
      });
      // Edits, as a store applies them (edit-writes.ts), except that a file never changes a text already here:
      // an imported edit changes only a text imported with it, and an imported text shows the latest edit of it,
      // imported or here. Every edit expires with the text it names, imported or here.
      const freshMessages = fresh.map(({ message }) => message);
      const storedEdits = readsStoredEdits(freshMessages, 'all')
        ? await readStoredEdits(db, freshMessages, 'all')
        : NOTHING_STORED;
      const held = fresh.map((entry): HeldMessage => ({
        message: entry.message,
        direction: entry.direction,
        ...editedIn(entry),
      }));
      const shown = settleEdits(held, { targets: new Map(), edits: storedEdits.edits });
      const named = new Set(
        [...freshMessages, ...storedEdits.edits.map((record) => record.message)].flatMap((message) =>
          message.t === 'edit' && message.meta?.editOf !== undefined ? [message.meta.editOf] : [],
        ),
      );
      const namedTexts = new Map(
        held.flatMap((entry) => (named.has(entry.message.id) ? [[entry.message.id, entry] as const] : [])),
      );
      const { edited } = applySettledEdits([], storedEdits, shown, namedTexts);
      const expiring = (record: MessageRecord): MessageRecord =>
        record.editOf === undefined
          ? record
          : expiringWith(record, namedTexts.get(record.editOf) ?? storedEdits.targets.get(record.editOf));
      const known = await db.contacts.bulkGet(file.contacts.map((contact) => contact.peer));
      const pinnedHere = await db.contacts
        .filter((contact) => contact.pinnedAt !== undefined && contact.state !== 'unknown')
        .count();
      const added = importedContacts(
        file.contacts.filter((_, index) => known[index] === undefined),
        { trusted: options.trusted === true, pinnedHere },
      );
      const writes: Promise<unknown>[] = [
        db.statuses.bulkPut(fresh.flatMap(statusFor)),
        db.counters.bulkPut(raised),
        db.conversations.bulkPut(moved),
        db.contacts.bulkAdd(added),
        db.timers.bulkPut([...changedTimers.values()]),
        db.tombstones.bulkDelete(claimed),
      ];
      // Index writes one after another (each reads and rewrites posting records a later one may share), each
      // for many slices at once, so a posting record is rewritten once per INDEX_SLICE messages, not per slice.
      let indexing = Promise.resolve();
      let pending: MessageRecord[] = [];
      for (let at = 0; at < fresh.length; at += WRITE_SLICE) {
        const records = fresh
          .slice(at, at + WRITE_SLICE)
          .map((entry) => expiring(recordFor(entry, shown.get(entry.message.id))));
        writes.push(db.messages.bulkAdd(records));
        pending.push(...records);
        if (pending.length >= INDEX_SLICE || at + WRITE_SLICE >= fresh.length) {
          const added = pending;
          pending = [];
          indexing = indexing.then(() => updateSearchIndex(db, { added }));
        }
      }
      writes.push(indexing.then(() => writeEditedRecords(db, edited)));
      await Promise.all(writes);
      return {
        imported: fresh.length,
        skipped: file.messages.length - fresh.length,
        contactsAdded: added.length,
        contactsToAccept: options.trusted
          ? 0
          : file.contacts.filter(
              (contact, index) => known[index] === undefined && contact.state === 'accepted',
            ).length,
      };
    },
  );
