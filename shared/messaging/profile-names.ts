// The name a contact goes by, as they say it: in their contact request or acceptance, then in a `profile` message
// each time they change it. Messages arrive out of order (retransmitted after an offline spell, imported from a
// file), so the name in force is that of the latest such message in conversation order (compareMessages),
// whatever order they arrive in: the same rule as the disappearing-messages timer.
import { compareMessages, type Message, type MessageId } from './message-format';

/** Where the message that gave a contact's name sits in conversation order (its sender is the contact). */
export interface NamePosition {
  readonly sentAt: number;
  readonly seq: number;
  readonly id: MessageId;
}

/** A contact's name and where it came from; a name kept without a position was given before positions were. */
export interface ContactName {
  readonly displayName?: string;
  readonly displayNameAt?: NamePosition;
}

/** The name a message introduces its sender by, or undefined for the types that carry none. */
export const introducedName = (message: Message): string | undefined => {
  switch (message.t) {
    case 'contact-request':
    case 'contact-accept':
    case 'profile':
      return message.body.displayName;
    default:
      return undefined;
  }
};

/**
 * The contact's name once `message` from them is stored beside `current`: that message's name if it carries one
 * and comes later in conversation order than the one that gave the current name; null when nothing changes.
 */
export const laterName = (
  current: ContactName | undefined,
  message: Message,
): Required<ContactName> | null => {
  const displayName = introducedName(message);
  if (displayName === undefined) {
    return null;
  }
  const at = current?.displayNameAt;
  if (at !== undefined && compareMessages({ ...at, from: message.from }, message) >= 0) {
    return null;
  }
  return { displayName, displayNameAt: { sentAt: message.sentAt, seq: message.seq, id: message.id } };
};
