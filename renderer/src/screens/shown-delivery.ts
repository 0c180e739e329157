// What the status beside one of our own messages says. An edited text's new words reach the contact only with
// the edit, so until that edit is delivered its progress is shown (and a failed edit retried) in the text's place:
// the sender must not believe the contact sees words they never got. A text that failed itself comes first.
import type { DeliveryStatus } from '../../../shared/messaging/message-store';
import type { MessageView } from '../archive/conversation-window';

export interface ShownDelivery {
  readonly status: DeliveryStatus;
  /** What the status means, for its accessible name and tooltip. */
  readonly label: string;
  /** Why it failed, when it did. */
  readonly failure?: string;
  /** The message a retry sends again: the text, or the edit of it that was not delivered. */
  readonly retryId: string;
  /** What the retry button says: which of the two it sends. */
  readonly retryText: 'Retry' | 'Retry edit';
}

const TEXT_LABELS: Readonly<Record<DeliveryStatus, string>> = {
  pending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not delivered',
};

const EDIT_LABELS: Readonly<Partial<Record<DeliveryStatus, string>>> = {
  pending: 'Sending the edit',
  sent: 'Edit sent',
  failed: 'Edit not delivered',
};

/**
 * The delivery shown beside an outgoing message. With `showRead` false (the user sends no read receipts, so is
 * shown none), a message read is shown as delivered.
 */
export const shownDelivery = (message: MessageView, showRead = true): ShownDelivery => {
  const stored = message.status ?? 'pending';
  const status = stored === 'read' && !showRead ? 'delivered' : stored;
  const editLabel = message.edit && EDIT_LABELS[message.edit.status];
  if (status !== 'failed' && message.edit && editLabel !== undefined) {
    return {
      status: message.edit.status,
      label: editLabel,
      ...(message.edit.failure === undefined ? {} : { failure: message.edit.failure }),
      retryId: message.edit.id,
      retryText: 'Retry edit',
    };
  }
  return {
    status,
    label: TEXT_LABELS[status],
    ...(message.failure === undefined ? {} : { failure: message.failure }),
    retryId: message.id,
    retryText: 'Retry',
  };
};
