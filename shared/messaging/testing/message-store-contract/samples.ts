// The peers and messages the MessageStore contract is written with; other tests borrow the message builders.
import type { PeerId } from '../../../identity/peer-id';
import { directConversationId, type Message, type MessageId } from '../../message-format';
import type { DeliveryStatus } from '../../message-store';

export const LOCAL = 'l'.repeat(32) as PeerId;
export const BOB = 'b'.repeat(32) as PeerId;
export const CAROL = 'c'.repeat(32) as PeerId;
export const DAVE = 'd'.repeat(32) as PeerId;
export const PEERS = [BOB, CAROL, DAVE] as const;

export const STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'delivered', 'read', 'failed'];

/** A valid UUIDv7, distinct for each `n`. */
export const messageId = (n: number): MessageId =>
  `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** A text message `n` (its ID derives from `n`), for stores to hold. */
export const textMessage = (
  n: number,
  from: PeerId,
  to: PeerId,
  seq: number,
  text = `message ${n}`,
): Message => ({
  id: messageId(n),
  from,
  to,
  conversation: directConversationId(from, to),
  sentAt: 1_700_000_000_000 + n,
  seq,
  t: 'text',
  body: { text },
});

export const inbound = (n: number, from: PeerId, seq: number): Message => textMessage(n, from, LOCAL, seq);

/** A disappearing-messages timer change `n` (its ID and time derive from `n`). */
export const timerMessage = (n: number, from: PeerId, to: PeerId, seq: number, seconds: number): Message => ({
  ...textMessage(n, from, to, seq),
  t: 'timer',
  body: { seconds },
});

/**
 * An edit `n` (its ID and time derive from `n`) of message `editOf`, giving it `text`. Sent `n` ms after the
 * samples' epoch, as every sample message is, so an edit with a higher `n` than its text is sent after it.
 */
export const editMessage = (
  n: number,
  from: PeerId,
  to: PeerId,
  seq: number,
  editOf: MessageId,
  text = `edit ${n}`,
): Message => ({
  ...textMessage(n, from, to, seq),
  t: 'edit',
  body: { text },
  meta: { editOf },
});

/** A reaction `n` (its ID and time derive from `n`) to message `of`: `emoji`, or '' to take one back. */
export const reactionMessage = (
  n: number,
  from: PeerId,
  to: PeerId,
  seq: number,
  of: MessageId,
  emoji: string,
): Extract<Message, { t: 'reaction' }> => ({
  ...textMessage(n, from, to, seq),
  t: 'reaction',
  body: { of, emoji },
});
