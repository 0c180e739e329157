// What the UI reads from the archive, as plain async functions over the database (components run them under
// Dexie's liveQuery, so every write shows up without being told).
import type { PeerId } from '../../../shared/identity/peer-id';
import { timerNotice } from '../../../shared/messaging/disappearing-timer';
import type { ContactState } from '../../../shared/messaging/message-store';
import type { MessageId } from '../../../shared/messaging/message-format';
import type { ArchiveDb, ConversationRecord, MessageRecord } from './archive-db';
import { listOrder } from './conversation-pins';
import { outboxPeers } from './outbox-index';

export interface ContactSummary {
  readonly peer: PeerId;
  readonly state: ContactState;
  readonly displayName?: string;
  readonly lastActivityAt?: number;
  readonly lastText?: string;
  /** When the last message disappears, if it is a disappearing one: its text is no longer shown from then. */
  readonly lastTextExpiresAt?: number;
  /** Set once the user verified the safety number (which number: see contact-verification.ts). */
  readonly verifiedSafetyNumber?: string;
  /** Incoming texts not seen yet, as the archive holds them: an expired one counts until the purge takes it. */
  readonly unread: number;
  /** When each disappearing one of those `unread` texts expires (none: absent); from then on it no longer counts. */
  readonly unreadExpiries?: readonly number[];
  /** Muted until then (conversation-mute.ts): it still holds after that time, until the summary is read again. */
  readonly mutedUntil?: number;
  /** Pinned to the top of the list then (conversation-pins.ts). */
  readonly pinnedAt?: number;
  /** Marked unread by the user (unread-mark.ts): shown and counted as one unread while nothing else is. */
  readonly markedUnread?: true;
}

/** Peers whose presence to follow: everyone with a relationship, and anyone with messages waiting. */
export const watchedPeers = async (db: ArchiveDb): Promise<readonly PeerId[]> => {
  const related = await db.contacts
    .where('state')
    .anyOf('accepted', 'requested-by-me', 'requested-by-them')
    .primaryKeys();
  const waiting = await outboxPeers(db);
  return [...new Set([...related, ...waiting])];
};

/** The text a message shows in lists, or undefined for types that are not shown. */
export const textOf = (record: MessageRecord): string | undefined => {
  const { message } = record;
  switch (message.t) {
    case 'text':
      return message.body.text;
    case 'contact-request':
      return message.body.note ?? '';
    case 'contact-accept':
      return '';
    case 'timer':
      return timerNotice(message.body.seconds);
    default:
      return undefined;
  }
};

interface Unread {
  readonly count: number;
  /** When each disappearing one of them expires. */
  readonly expiries: readonly number[];
}

const NONE_UNREAD: Unread = { count: 0, expiries: [] };

/**
 * Each conversation's unread texts, without reading a message record: this runs again on every message sent or
 * received (the sidebar's live query; the quick switcher), and thousands may be unread after a time offline.
 * Cost: a key cursor over the `expiresAt` index (an index key and an ID per disappearing message held, read or
 * not); then per conversation, when none is held (the common case), a count on `[conversation+unread]`, else that
 * index's IDs (no records), which give the count and, matched against the cursor's, the expiries.
 */
const unreadOf = async (
  db: ArchiveDb,
  conversations: readonly ConversationRecord[],
): Promise<Map<PeerId, Unread>> => {
  const disappearing = new Map<MessageId, number>();
  await db.messages.orderBy('expiresAt').eachKey((expiresAt, cursor) => {
    if (typeof expiresAt === 'number') {
      disappearing.set(cursor.primaryKey, expiresAt);
    }
  });
  return new Map(
    await Promise.all(
      conversations.map(async (conversation): Promise<readonly [PeerId, Unread]> => {
        const unread = db.messages.where('[conversation+unread]').equals([conversation.id, 1]);
        if (disappearing.size === 0) {
          return [conversation.peer, { count: await unread.count(), expiries: [] }];
        }
        const ids = await unread.primaryKeys();
        const expiries = ids.flatMap((id) => {
          const expiresAt = disappearing.get(id);
          return expiresAt === undefined ? [] : [expiresAt];
        });
        return [conversation.peer, { count: ids.length, expiries }];
      }),
    ),
  );
};

/** Everyone the user has a relationship with, pinned first, then the most recently active. */
export const contactSummaries = async (db: ArchiveDb): Promise<ContactSummary[]> => {
  const [contacts, conversations] = await Promise.all([db.contacts.toArray(), db.conversations.toArray()]);
  const byPeer = new Map(conversations.map((conversation) => [conversation.peer, conversation]));
  const lastMessages = await db.messages.bulkGet(
    conversations.map((conversation) => conversation.lastMessageId),
  );
  const lastTexts = new Map(
    lastMessages.flatMap((record) => {
      const text = record ? textOf(record) : undefined;
      return record && text ? [[record.peer, { text, expiresAt: record.expiresAt }] as const] : [];
    }),
  );
  const unreadByPeer = await unreadOf(db, conversations);
  return contacts
    .filter((contact) => contact.state !== 'unknown')
    .map((contact) => {
      const conversation = byPeer.get(contact.peer);
      const lastText = lastTexts.get(contact.peer);
      const { count: unread, expiries: unreadExpiries } = unreadByPeer.get(contact.peer) ?? NONE_UNREAD;
      return {
        peer: contact.peer,
        state: contact.state,
        ...(contact.displayName === undefined ? {} : { displayName: contact.displayName }),
        ...(contact.verifiedSafetyNumber === undefined
          ? {}
          : { verifiedSafetyNumber: contact.verifiedSafetyNumber }),
        ...(conversation ? { lastActivityAt: conversation.lastActivityAt } : {}),
        unread,
        ...(unreadExpiries.length === 0 ? {} : { unreadExpiries }),
        ...(lastText === undefined ? {} : { lastText: lastText.text }),
        ...(lastText?.expiresAt === undefined ? {} : { lastTextExpiresAt: lastText.expiresAt }),
        ...(contact.mutedUntil === undefined ? {} : { mutedUntil: contact.mutedUntil }),
        ...(contact.pinnedAt === undefined ? {} : { pinnedAt: contact.pinnedAt }),
        ...(contact.markedUnread === 1 ? { markedUnread: true as const } : {}),
      };
    })
    .sort(listOrder);
};
