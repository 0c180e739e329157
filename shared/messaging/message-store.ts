// What the messaging engine needs from storage (the archive in Dexie in the app, a file in the headless peer,
// memory in tests). Each method is one atomic step: a received message, its sequence bookkeeping and its
// conversation's activity are written together or not at all, so a crash never leaves half a message.
import type { PeerId } from '../identity/peer-id';
import type { EditMark } from './message-edits';
import type { Message, MessageId } from './message-format';

export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface OutgoingMessage {
  readonly message: Message;
  readonly status: DeliveryStatus;
  /** Why it failed, for the user; set with status 'failed'. */
  readonly failure?: string;
  /**
   * When the user last retried it (`MessageStore.retry`), kept through later status changes: its delivery window
   * counts from then rather than from when it was written.
   */
  readonly retriedAt?: number;
  /** The edit it shows, if its text was edited (message-edits.ts): `message` holds the edited text. */
  readonly edited?: EditMark;
}

export interface IncomingMessage {
  readonly message: Message;
  readonly receivedAt: number;
  /** From a peer who is not (yet) a contact: held apart, like a message-requests inbox. */
  readonly request: boolean;
  /** The edit it shows, if its text was edited (message-edits.ts): `message` holds the edited text. */
  readonly edited?: EditMark;
}

/**
 * What `MessageStore.receive` did: stored the message as it came; stored a text showing an edit of it that came
 * before it (`incoming(id)` holds the text as shown); or nothing, as its ID was known.
 */
export type ReceiveOutcome = 'stored' | 'edited' | 'duplicate';

/** Trust in a peer, as the user decided it. */
export type ContactState = 'accepted' | 'blocked' | 'requested-by-me' | 'requested-by-them' | 'unknown';

/** What a recipient knows about one sender's sequence numbers. */
export interface ReceivedSequence {
  /** Every sequence number from 1 up to this one has been seen. */
  readonly upTo: number;
  /** Seen numbers above `upTo` (a gap precedes the lowest). */
  readonly above: readonly number[];
}

/**
 * Every store applies edits itself (message-edits.ts): storing an `edit` (sent or received) changes the text it
 * names, held in the same direction, when the edit applies and is later than the one the text shows; a text stored
 * after edits of it (they overtook it) shows the latest that applies. The edit is stored too, as any message.
 */
export interface MessageStore {
  /**
   * Allocates the next sequence number towards `to` and stores the message `build` makes with it, in the outbox,
   * status pending. Durable before it resolves: the message survives a restart from then on.
   */
  createOutgoing(to: PeerId, build: (seq: number) => Message): Promise<Message>;
  /**
   * Outbox messages to `to` (pending or sent, not acknowledged, not failed) above `afterSeq`, lowest sequence
   * first: `limit` of them, fewer only when there are no more. A read begun after `createOutgoing` resolved sees
   * that message (the engine's outbox window relies on both to know when its copy is complete).
   */
  outbox(to: PeerId, limit: number, afterSeq?: number): Promise<readonly Message[]>;
  /** Peers with anything in their outbox. */
  outboxPeers(): Promise<readonly PeerId[]>;
  outgoing(id: MessageId): Promise<OutgoingMessage | null>;
  /**
   * Moves outgoing messages to `status`; delivered, read and failed leave the outbox, pending re-enters it.
   * Never moves a message backwards (read stays read when a late ack arrives). Returns the IDs that changed.
   */
  setStatus(
    ids: readonly MessageId[],
    status: DeliveryStatus,
    failure?: string,
  ): Promise<readonly MessageId[]>;
  /**
   * Puts a failed message back in the outbox (pending) because the user retried it at `at`, and keeps that time
   * with it (`OutgoingMessage.retriedAt`), so a restart still counts its delivery window from the retry. False,
   * changing nothing, unless the message is outgoing and failed.
   */
  retry(id: MessageId, at: number): Promise<boolean>;
  /**
   * Stores an incoming message and marks its sequence number seen, unless its ID is already stored (then it only
   * marks the number). Idempotent by message ID. A text that edits stored before it change comes back 'edited'.
   */
  receive(message: Message, receivedAt: number, request: boolean): Promise<ReceiveOutcome>;
  /** Marks a sequence number seen without storing anything (a refused or unknown-type message). */
  markSeen(from: PeerId, seq: number): Promise<void>;
  receivedSequence(from: PeerId): Promise<ReceivedSequence>;
  incoming(id: MessageId): Promise<IncomingMessage | null>;
  /**
   * Removes the incoming messages among `ids` (a delete-for-everyone from their sender); their IDs stay known so
   * they never come back. With `sender` (whose delete-for-everyone it is), an ID of no message stored in either
   * direction, nor deleted before, is held against that sender: a deletion can overtake the text it names (lost
   * on the way, resent later), and a text from `sender` under that ID is then never stored. Anything else that
   * comes under that ID (another sender's message, or not a text) is stored as usual, so no peer can keep out
   * messages that are not its own texts: the user's own, from a restored backup, say.
   */
  deleteMessages(ids: readonly MessageId[], sender?: PeerId): Promise<void>;
  /**
   * The disappearing-messages timer in force in a conversation, in seconds (0: off): that of its latest stored
   * timer message in conversation order (disappearing-timer.ts), sent or received. Deleting messages keeps it.
   */
  disappearingTimer(conversation: string): Promise<number>;
  contactState(peer: PeerId): Promise<ContactState>;
  setContactState(peer: PeerId, state: ContactState): Promise<void>;
}
