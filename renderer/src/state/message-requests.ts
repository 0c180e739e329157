// What the user asked of one message of the open conversation, as the app store holds it: to see it in its
// place, to edit it, or a dialog about it.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';

/** A dialog about one message: forwarding its text, its details (message-info), or any emoji to react with. */
export type MessageDialog =
  | { readonly kind: 'forward'; readonly id: MessageId }
  | { readonly kind: 'info'; readonly id: MessageId }
  /** `mine`: our reaction on it when the dialog opened. */
  | { readonly kind: 'react'; readonly id: MessageId; readonly mine?: string };

/** A message to show in its context; each request has a number of its own, so asking again moves the view again. */
export interface FocusedMessage {
  readonly peer: PeerId;
  readonly id: MessageId;
  readonly request: number;
  readonly takeFocus: boolean;
}

/** A text of ours being edited: its ID and the text it had when the edit began. */
export interface EditingMessage {
  readonly id: MessageId;
  readonly text: string;
}
