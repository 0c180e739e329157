// Retention: messages past their own expiry (disappearing messages) and messages older than the conversation's
// retention (its own setting, else the default) leave the archive, with their search index entries (they live
// on the record). It works in small batches with a pause between them, so a large purge never blocks the UI.
// Deleted incoming messages leave tombstones, so a retransmission never brings them back.
import { Dexie } from 'dexie';
import type { PeerId } from '../../../shared/identity/peer-id';
import { directConversationId } from '../../../shared/messaging/message-format';
import type { ArchiveDb } from './archive-db';
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
  remove: (ids: readonly string[]) => Promise<void> = (ids) => deleteForMe(db, ids, options.now),
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

export const purgeArchive = async (db: ArchiveDb, options: PurgeOptions): Promise<number> => {
  const batch = options.batch ?? BATCH;
  let removed = await purgeExpired(db, options);
  const contacts = await db.contacts.toArray();
  for (const contact of contacts) {
    const days = contact.retentionDays === undefined ? options.defaultDays : contact.retentionDays;
    if (days === null) {
      continue;
    }
    const conversation = directConversationId(options.me, contact.peer);
    const cutoff = options.now - days * DAY_MS;
    removed += await drain(
      () =>
        db.messages
          .where('[conversation+sentAt+from+seq+id]')
          .between([conversation, Dexie.minKey], [conversation, cutoff], true, false)
          .limit(batch)
          .primaryKeys(),
      db,
      options,
    );
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
