// What deleting a text does to the edits and reactions that name it, decided once for every MessageStore (memory,
// file, Dexie). An edit holds the text's words and a reaction means nothing without its text, so neither is kept
// once the text is gone; only the text's sender could have edited it, and only the sender's reactions go with a
// delete-for-everyone (ours may still wait in the outbox, and only the engine's caller can withdraw them).
import type { PeerId } from '../identity/peer-id';
import type { Message, MessageId } from './message-format';

/** The text an edit or a reaction names. */
export const hangsOn = (message: Message): MessageId | undefined =>
  message.t === 'edit' ? message.meta?.editOf : message.t === 'reaction' ? message.body.of : undefined;

/** How the text a message names was deleted, if it was. */
export type TargetDeletion =
  /** Deleted here (by us, by its sender, or by expiry), after it came. */
  | { readonly here: true }
  /** Deleted by `by` before it came (isOvertaken): it is kept out if it ever comes from them. */
  | { readonly here: false; readonly by: PeerId };

/**
 * Whether an arriving edit or reaction is taken (its ID remembered) but not kept, because the text it names is
 * gone. A text deleted before it came is gone only from its deleter, so an edit from anyone else is kept; a
 * reaction never counts once its text is gone.
 */
export const namesDeletedText = (message: Message, deletion: TargetDeletion | undefined): boolean =>
  deletion !== undefined &&
  (deletion.here || message.t === 'reaction' || (message.t === 'edit' && deletion.by === message.from));

/**
 * The reactions among `held` that go with texts their sender deleted for everyone: `senders` gives each deleted
 * ID's sender (of a text held, or the deleter of one that has not come). A reaction deleted in the same step is not
 * listed twice.
 */
export const reactionsGoingWith = (
  senders: ReadonlyMap<MessageId, PeerId>,
  held: Iterable<Message>,
): MessageId[] => {
  const going: MessageId[] = [];
  for (const message of held) {
    if (
      message.t === 'reaction' &&
      senders.get(message.body.of) === message.from &&
      !senders.has(message.id)
    ) {
      going.push(message.id);
    }
  }
  return going;
};
