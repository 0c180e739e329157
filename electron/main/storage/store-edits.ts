// The durable store's index of edits (message-edits.ts): the edit messages it holds, sent or received, by the ID of
// the text they edit, so a text that comes after its edits shows the latest. It holds exactly the edits held as
// messages, so it is rebuilt from them on open, and an edit deleted or expired leaves it with its message (as do
// the edits of a text deleted or expired, which go with it: store-state.ts).
import { isEdit, type EditMessage } from '../../../shared/messaging/message-edits';
import type { Message, MessageId } from '../../../shared/messaging/message-format';

export type EditIndex = Map<MessageId, Map<MessageId, EditMessage>>;

/** Notes `message` if it is an edit now held. */
export const indexEdit = (index: EditIndex, message: Message): void => {
  const of = isEdit(message) ? message.meta?.editOf : undefined;
  if (isEdit(message) && of !== undefined) {
    const edits = index.get(of) ?? new Map<MessageId, EditMessage>();
    edits.set(message.id, message);
    index.set(of, edits);
  }
};

/** Forgets `message` if it is an edit no longer held (deleted or expired). */
export const unindexEdit = (index: EditIndex, message: Message): void => {
  const of = isEdit(message) ? message.meta?.editOf : undefined;
  const edits = of === undefined ? undefined : index.get(of);
  if (of !== undefined && edits?.delete(message.id) && edits.size === 0) {
    index.delete(of);
  }
};

/** The edits held of the text `id` (for settleEdits). */
export const editsOf =
  (index: EditIndex) =>
  (id: MessageId): readonly EditMessage[] => [...(index.get(id)?.values() ?? [])];
