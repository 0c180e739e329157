// Retention: messages past their own expiry (disappearing messages) and messages older than the conversation's
// retention (its own setting, else the default) leave the archive, with their search index entries (they live
// on the record) and the edits naming them (local-deletion.ts). It works in small batches with a pause between them, so a large purge never blocks the UI.
// Deleted messages leave tombstones, so neither a retransmission nor an import brings them back. Retention never
// takes a message still waiting in the outbox (nor a text whose edit waits there), and counts an incoming one from
// when it arrived if that was later than its sender's clock says it was sent.
import { Dexie } from 'dexie';
import type { PeerId } from '../../../shared/identity/peer-id';
import { directConversationId, type MessageId } from '../../../shared/messaging/message-format';
import type { ArchiveDb, MessageRecord } from './archive-db';
import { deleteForMe } from './local-deletion';

const DAY_MS = 86_400_000;

export interface PurgeOptions {
  readonly me: PeerId;
  readonly now: number;
  /** Days to keep when a conversation has no setting of its own; null keeps forever. */
  readonly defaultDays: number | null;
  readonly batch?: number;
  /** Lets the UI breathe between batches (a macrotask in the app; nothing in tests). */
  readonly pause?: () => Promise<void>;
}

const BATCH = 500;

/**
 * Deletes batch after batch of what `next` finds, until it finds nothing; returns how many went. Each batch is
 * `remove`d (delete for me, by default) and followed by `pause`, so the UI runs between batches.
 */
export const drain = async (
  next: () => Promise<string[]>,
  db: ArchiveDb,
  options: Pick<PurgeOptions, 'now' | 'pause'>,
  remove: (ids: readonly string[]) => Promise<unknown> = (ids) => deleteForMe(db, ids, options.now),
): Promise<number> => {
  let removed = 0;
  for (;;) {
    const ids = await next();
    if (ids.length === 0) {
      return removed;
    }
    await remove(ids);
    removed += ids.length;
    await (options.pause ?? (() => Promise.resolve()))();
  }
};

/** Deletes the messages whose own expiry has passed (disappearing messages); returns how many went. */
export const purgeExpired = (
  db: ArchiveDb,
  options: Pick<PurgeOptions, 'now' | 'pause' | 'batch'>,
): Promise<number> =>
  drain(
    () =>
      db.messages
        .where('expiresAt')
        .belowOrEqual(options.now)
        .limit(options.batch ?? BATCH)
        .primaryKeys(),
    db,
    options,
  );

/** When the next message expires, if any does. */
export const nextExpiry = async (db: ArchiveDb): Promise<number | undefined> =>
  (await db.messages.orderBy('expiresAt').first())?.expiresAt;

const CONVERSATION_ORDER = '[conversation+sentAt+from+seq+id]';

/**
 * Of messages sent before `cutoff`, those that may go: not one waiting in the outbox (a contact offline for longer
 * than the retention would otherwise never get it), nor a text whose edit or our reaction to it waits there
 * (deleting the text takes them: the contact would keep the old words, or a reaction we took back), and not an
 * incoming one that arrived after the cutoff (held up for days, or sent by a clock that is behind).
 */
const pastRetention = async (
  db: ArchiveDb,
  records: readonly MessageRecord[],
  cutoff: number,
): Promise<MessageId[]> => {
  const outgoing = records.filter((record) => record.direction === 'out').map((record) => record.id);
  const texts = records.filter((record) => record.message.t === 'text').map((record) => record.id);
  const [edits, reactions] = await Promise.all([
    outgoing.length === 0 ? [] : db.messages.where('editOf').anyOf(outgoing).toArray(),
    texts.length === 0 ? [] : db.messages.where('reactionOf').anyOf(texts).toArray(),
  ]);
  // What hangs on a text and may still be waiting to go: our edits of it, our reactions to it.
  const dependents = [...edits, ...reactions].flatMap((record) => {
    const of = record.editOf ?? record.reactionOf;
    return record.direction === 'out' && of !== undefined ? [{ id: record.id, of }] : [];
  });
  const statuses = await db.statuses.bulkGet([...outgoing, ...dependents.map((dependent) => dependent.id)]);
  const queued = new Set(statuses.flatMap((status) => (status?.queued === 1 ? [status.id] : [])));
  dependents.forEach((dependent) => {
    if (queued.has(dependent.id)) {
      queued.add(dependent.of);
    }
  });
  return records
    .filter(
      (record) =>
        !queued.has(record.id) &&
        (record.direction === 'out' || (record.receivedAt ?? record.sentAt) < cutoff),
    )
    .map((record) => record.id);
};

/** Walks a conversation's messages sent before `cutoff`, in order and in batches, deleting those past retention. */
const purgeConversation = async (
  db: ArchiveDb,
  conversation: string,
  cutoff: number,
  options: PurgeOptions,
): Promise<number> => {
  let removed = 0;
  // Where the next batch starts: after the last message looked at, since a kept one stays in the range.
  let after: [string, ...unknown[]] = [conversation, Dexie.minKey];
  for (;;) {
    const records = await db.messages
      .where(CONVERSATION_ORDER)
      .between(after, [conversation, cutoff], after.length === 2, false)
      .limit(options.batch ?? BATCH)
      .toArray();
    const last = records.at(-1);
    if (!last) {
      return removed;
    }
    after = [conversation, last.sentAt, last.from, last.seq, last.id];
    const ids = await pastRetention(db, records, cutoff);
    if (ids.length > 0) {
      await deleteForMe(db, ids, options.now);
      removed += ids.length;
    }
    await (options.pause ?? (() => Promise.resolve()))();
  }
};

export const purgeArchive = async (db: ArchiveDb, options: PurgeOptions): Promise<number> => {
  let removed = await purgeExpired(db, options);
  const contacts = await db.contacts.toArray();
  for (const contact of contacts) {
    const days = contact.retentionDays === undefined ? options.defaultDays : contact.retentionDays;
    if (days === null) {
      continue;
    }
    const conversation = directConversationId(options.me, contact.peer);
    removed += await purgeConversation(db, conversation, options.now - days * DAY_MS, options);
  }
  return removed;
};

export const setConversationRetention = async (
  db: ArchiveDb,
  peer: PeerId,
  days: number | null | undefined,
) => {
  await db.contacts.update(peer, { retentionDays: days });
};
