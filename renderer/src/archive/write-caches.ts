// What the message store reads on every message, kept in memory (one Parley instance owns its archive, and
// contacts' trust states are written only through the store): the last sequence number per recipient, what has
// been received per sender, each conversation's summary and each contact's state. Writes then issue their
// requests without waiting on reads, and the engine's per-message checks cost no transaction, which is most of
// an IndexedDB operation's time in Chromium. Updated inside the writes, so they may run ahead of a commit in
// progress; reloaded from the database whenever a transaction aborts, so they never keep what failed.
import type { PeerId } from '../../../shared/identity/peer-id';
import { laterTimer, type TimerSetting } from '../../../shared/messaging/disappearing-timer';
import type { Message } from '../../../shared/messaging/message-format';
import type { ContactState, ReceivedSequence } from '../../../shared/messaging/message-store';
import type { ArchiveDb, ConversationRecord } from './archive-db';
import { markSequenceSeen } from '../../../shared/messaging/received-sequence';

export interface WriteCaches {
  readonly lastSeq: Map<PeerId, number>;
  readonly received: Map<PeerId, ReceivedSequence>;
  readonly conversations: Map<string, ConversationRecord>;
  readonly contactStates: Map<PeerId, ContactState>;
  readonly timers: Map<string, TimerSetting>;
}

export const loadWriteCaches = async (db: ArchiveDb): Promise<WriteCaches> => {
  const [counters, received, conversations, contacts, timers] = await Promise.all([
    db.counters.toArray(),
    db.received.toArray(),
    db.conversations.toArray(),
    db.contacts.toArray(),
    db.timers.toArray(),
  ]);
  return {
    lastSeq: new Map(counters.map((counter) => [counter.peer, counter.lastSeq])),
    received: new Map(received.map(({ peer, upTo, above }) => [peer, { upTo, above }])),
    conversations: new Map(conversations.map((conversation) => [conversation.id, conversation])),
    contactStates: new Map(contacts.map((contact) => [contact.peer, contact.state])),
    timers: new Map(timers.map((timer) => [timer.conversation, timer])),
  };
};

/** What counts as activity in a conversation: what the user reads, not receipts or deletions. */
export const SHOWN_TYPES: ReadonlySet<string> = new Set([
  'text',
  'contact-request',
  'contact-accept',
  'timer',
]);

/**
 * Records `message` as its conversation's latest activity if it is newer than what the summary shows; returns
 * the summary to write, or null when nothing changed.
 */
export const touchConversation = (
  caches: WriteCaches,
  message: Message,
  peer: PeerId,
): ConversationRecord | null => {
  const current = caches.conversations.get(message.conversation);
  if (!SHOWN_TYPES.has(message.t) || (current && current.lastActivityAt > message.sentAt)) {
    return null;
  }
  const next = { id: message.conversation, peer, lastActivityAt: message.sentAt, lastMessageId: message.id };
  caches.conversations.set(next.id, next);
  return next;
};

/** Records a timer message as its conversation's setting if it is the latest change; null when nothing changed. */
export const noteTimer = (caches: WriteCaches, message: Message): TimerSetting | null => {
  const current = caches.timers.get(message.conversation);
  const next = laterTimer(current, message);
  if (next === undefined || next === current) {
    return null;
  }
  caches.timers.set(next.conversation, next);
  return next;
};

/** Marks `seq` from `from` seen; returns the record to write, or null when it was seen already. */
export const markSeenCached = (
  caches: WriteCaches,
  from: PeerId,
  seq: number,
): (ReceivedSequence & { readonly peer: PeerId }) | null => {
  const seen = caches.received.get(from) ?? { upTo: 0, above: [] };
  const next = markSequenceSeen(seen, seq);
  if (next === seen) {
    return null;
  }
  caches.received.set(from, next);
  return { peer: from, ...next };
};
