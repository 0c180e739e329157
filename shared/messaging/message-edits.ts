// When an edit changes a text, decided in one place for every store: an edit is a message of type `edit` whose
// `meta.editOf` names a text of its own sender in the same conversation, sent within a day of that text. The
// latest edit in its sender's order wins, whichever arrives first, so both sides settle on the same text; an edit
// that arrives before its text is kept and applied when the text comes.
import type { Message, MessageId } from './message-format';

/** How long after sending a text its sender may still change it (what the UI offers, and all a recipient takes). */
export const EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

export type TextMessage = Extract<Message, { t: 'text' }>;
export type EditMessage = Extract<Message, { t: 'edit' }>;

/** The edit a stored text shows: which message made it, placed in its sender's order. */
export interface EditMark {
  readonly id: MessageId;
  readonly sentAt: number;
  readonly seq: number;
}

/** Whether a text may still be edited at `at` (its sender's clock). */
export const editableAt = (original: Message, at: number): original is TextMessage =>
  original.t === 'text' && at - original.sentAt <= EDIT_WINDOW_MS;

/** Whether `edit` may change `original`: its sender's own text, in that conversation, edited within the window. */
export const editApplies = (original: Message, edit: EditMessage): original is TextMessage =>
  edit.meta?.editOf === original.id &&
  edit.from === original.from &&
  edit.to === original.to &&
  edit.conversation === original.conversation &&
  edit.sentAt >= original.sentAt &&
  editableAt(original, edit.sentAt);

/** Whether `edit` comes after the edit a text shows now (if any), in its sender's order: only then does it win. */
export const laterThan = (current: EditMark | undefined, edit: EditMessage): boolean =>
  current === undefined ||
  edit.sentAt > current.sentAt ||
  (edit.sentAt === current.sentAt && edit.seq > current.seq);

export const markOf = (edit: EditMessage): EditMark => ({ id: edit.id, sentAt: edit.sentAt, seq: edit.seq });

/**
 * The text `original` shows once `edit` is applied, with the edit's mark; null when the edit does not apply or an
 * edit at least as late already did (`current`).
 */
export const applyEdit = (
  original: Message,
  current: EditMark | undefined,
  edit: EditMessage,
): { readonly message: TextMessage; readonly edited: EditMark } | null =>
  editApplies(original, edit) && laterThan(current, edit)
    ? { message: { ...original, body: { text: edit.body.text } }, edited: markOf(edit) }
    : null;

/** Among stored edits of one text, the one it shows: the latest that applies (null if none does). */
export const latestEdit = (original: Message, edits: readonly EditMessage[]): EditMessage | null => {
  let latest: EditMessage | null = null;
  for (const edit of edits) {
    if (editApplies(original, edit) && laterThan(latest ? markOf(latest) : undefined, edit)) {
      latest = edit;
    }
  }
  return latest;
};

export const isEdit = (message: Message): message is EditMessage => message.t === 'edit';
