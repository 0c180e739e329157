// What the UI reads from the archive, as plain async functions over the database (components run them under
// Dexie's liveQuery, so every write shows up without being told).
import type { PeerId } from '../../../shared/identity/peer-id';
import { timerNotice } from '../../../shared/messaging/disappearing-timer';
import type { ContactState } from '../../../shared/messaging/message-store';
import type { ArchiveDb, MessageRecord } from './archive-db';
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

/** Everyone the user has a relationship with, most recently active first. */
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
  // The unread records themselves, not only their count, for their expiries: read through the index that holds
  // them with their conversation, so this costs as many records as are unread, never the whole conversation.
  const unreadByPeer = new Map(
    await Promise.all(
      conversations.map(
        async (conversation) =>
          [
            conversation.peer,
            await db.messages.where('[conversation+unread]').equals([conversation.id, 1]).toArray(),
          ] as const,
      ),
    ),
  );
  return contacts
    .filter((contact) => contact.state !== 'unknown')
    .map((contact) => {
      const conversation = byPeer.get(contact.peer);
      const lastText = lastTexts.get(contact.peer);
      const unread = unreadByPeer.get(contact.peer) ?? [];
      const unreadExpiries = unread.flatMap((record) =>
        record.expiresAt === undefined ? [] : [record.expiresAt],
      );
      return {
        peer: contact.peer,
        state: contact.state,
        ...(contact.displayName === undefined ? {} : { displayName: contact.displayName }),
        ...(contact.verifiedSafetyNumber === undefined
          ? {}
          : { verifiedSafetyNumber: contact.verifiedSafetyNumber }),
        ...(conversation ? { lastActivityAt: conversation.lastActivityAt } : {}),
        unread: unread.length,
        ...(unreadExpiries.length === 0 ? {} : { unreadExpiries }),
        ...(lastText === undefined ? {} : { lastText: lastText.text }),
        ...(lastText?.expiresAt === undefined ? {} : { lastTextExpiresAt: lastText.expiresAt }),
      };
    })
    .sort((a, b) => (b.lastActivityAt ?? 0) - (a.lastActivityAt ?? 0));
};
