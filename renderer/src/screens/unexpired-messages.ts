// What a conversation view shows of its messages at a given time: a disappearing message is gone once it expires,
// and so is its text where a reply quotes it, whether or not the archive's purge has run yet.
import type { MessageView } from '../archive/conversation-window';

/** Every time at which something the view shows expires. */
export function* expiriesOf(messages: readonly MessageView[]): Generator<number | undefined> {
  for (const message of messages) {
    yield message.expiresAt;
    yield message.replyTo?.expiresAt;
  }
}

const expired = (expiresAt: number | undefined, now: number): boolean =>
  expiresAt !== undefined && expiresAt <= now;

/** `messages` as they stand at `now`; the same array when nothing in it has expired. */
export const unexpiredMessages = (messages: readonly MessageView[], now: number): readonly MessageView[] => {
  if (
    !messages.some((message) => expired(message.expiresAt, now) || expired(message.replyTo?.expiresAt, now))
  ) {
    return messages;
  }
  return messages.flatMap((message): MessageView[] => {
    if (expired(message.expiresAt, now)) {
      return [];
    }
    const quote = message.replyTo;
    if (quote !== undefined && expired(quote.expiresAt, now)) {
      // As if the quoted message had left the archive: the list then says it is no longer here.
      return [{ ...message, replyTo: { id: quote.id, fromMe: quote.fromMe } }];
    }
    return [message];
  });
};
