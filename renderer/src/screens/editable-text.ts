// Which messages the screens offer to edit: our own texts still within the edit window by the screens' clock (the
// engine's rule, shared/messaging/message-edits.ts, which refuses any other edit anyway).
import { EDIT_WINDOW_MS } from '../../../shared/messaging/message-edits';
import type { MessageView } from '../archive/conversation-window';

export const editableAt = (message: MessageView, now: number): boolean =>
  message.direction === 'out' && message.kind === 'text' && now - message.sentAt <= EDIT_WINDOW_MS;

/** The newest of `messages` (oldest first) that is a text of ours: the one ArrowUp edits. */
export const lastOwnText = (messages: readonly MessageView[]): MessageView | undefined =>
  messages.findLast((message) => message.direction === 'out' && message.kind === 'text');
