// What the UI reads from the archive, as plain async functions over the database (components run them under
// Dexie's liveQuery, so every write shows up without being told).
import { Dexie } from 'dexie';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ContactState, DeliveryStatus } from '../../../shared/messaging/message-store';
import type { ArchiveDb, MessageRecord, StatusRecord } from './archive-db';

export interface ContactSummary {
  readonly peer: PeerId;
  readonly state: ContactState;
  readonly displayName?: string;
  readonly lastActivityAt?: number;
  readonly lastText?: string;
  /** Set once the user verified the safety number (which number: see contact-verification.ts). */
  readonly verifiedSafetyNumber?: string;
}

export interface MessageView {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly kind: 'text' | 'contact-request' | 'contact-accept';
  readonly text: string;
  readonly sentAt: number;
  readonly status?: DeliveryStatus;
  readonly failure?: string;
  readonly readByMe: boolean;
}

/** Most recent messages of a conversation shown at once (the virtualized list of the chat UI lifts this). */
export const CONVERSATION_WINDOW = 500;

/** Peers whose presence to follow: everyone with a relationship, and anyone with messages waiting. */
export const watchedPeers = async (db: ArchiveDb): Promise<readonly PeerId[]> => {
  const related = await db.contacts
    .where('state')
    .anyOf('accepted', 'requested-by-me', 'requested-by-them')
    .primaryKeys();
  const waiting = await db.outbox.orderBy('to').uniqueKeys();
  return [...new Set([...related, ...waiting] as PeerId[])];
};

const textOf = (record: MessageRecord): string | undefined => {
  const { message } = record;
  switch (message.t) {
    case 'text':
      return message.body.text;
    case 'contact-request':
      return message.body.note ?? '';
    case 'contact-accept':
      return '';
    default:
      return undefined;
  }
};

const viewOf = (record: MessageRecord, delivery: StatusRecord | undefined): MessageView | null => {
  const text = textOf(record);
  const { t } = record.message;
  if (text === undefined || (t !== 'text' && t !== 'contact-request' && t !== 'contact-accept')) {
    return null;
  }
  return {
    id: record.id,
    direction: record.direction,
    kind: t,
    text,
    sentAt: record.sentAt,
    ...(delivery ? { status: delivery.status } : {}),
    ...(delivery?.failure === undefined ? {} : { failure: delivery.failure }),
    readByMe: record.direction === 'out' || record.readAt !== undefined,
  };
};

/** The conversation's latest messages in display order (compareMessages, through the compound index). */
export const conversationMessages = async (db: ArchiveDb, conversation: string): Promise<MessageView[]> => {
  const latest = await db.messages
    .where('[conversation+sentAt+from+seq+id]')
    .between([conversation, Dexie.minKey], [conversation, Dexie.maxKey])
    .reverse()
    .limit(CONVERSATION_WINDOW)
    .toArray();
  latest.reverse();
  const statuses = await db.statuses.bulkGet(
    latest.map((record) => (record.direction === 'out' ? record.id : '')),
  );
  return latest.flatMap((record, index) => viewOf(record, statuses[index]) ?? []);
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
      return record && text ? [[record.peer, text] as const] : [];
    }),
  );
  return contacts
    .filter((contact) => contact.state !== 'unknown')
    .map((contact) => {
      const conversation = byPeer.get(contact.peer);
      const lastText = lastTexts.get(contact.peer);
      return {
        peer: contact.peer,
        state: contact.state,
        ...(contact.displayName === undefined ? {} : { displayName: contact.displayName }),
        ...(contact.verifiedSafetyNumber === undefined
          ? {}
          : { verifiedSafetyNumber: contact.verifiedSafetyNumber }),
        ...(conversation ? { lastActivityAt: conversation.lastActivityAt } : {}),
        ...(lastText === undefined ? {} : { lastText }),
      };
    })
    .sort((a, b) => (b.lastActivityAt ?? 0) - (a.lastActivityAt ?? 0));
};
