// A conversation's messages, live from the archive, with each outgoing message's delivery status; marks what
// the user sees as read (which sends the read receipts).
import { useEffect } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { DeliveryStatus } from '../../../shared/messaging/message-store';
import type { MessageView } from '../archive/archive-queries';
import { useAppStore } from '../state/use-app-store';
import { MessageText } from './MessageText';

const STATUS_LABELS: Readonly<Record<DeliveryStatus, string>> = {
  pending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not delivered',
};
const STATUS_ICONS: Readonly<Record<DeliveryStatus, string>> = {
  pending: '◷',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
};

const OutgoingStatus = ({ message }: { message: MessageView }) => {
  const retry = useAppStore((state) => state.retry);
  const status = message.status ?? 'pending';
  return (
    <span className={`message-status ${status}`} data-testid="message-status">
      <span role="img" aria-label={STATUS_LABELS[status]} title={message.failure ?? STATUS_LABELS[status]}>
        {STATUS_ICONS[status]}
      </span>
      {status === 'failed' && (
        <button className="link-button" onClick={() => void retry(message.id)}>
          Retry
        </button>
      )}
    </span>
  );
};

const messageText = (message: MessageView): string => {
  switch (message.kind) {
    case 'contact-request':
      return message.direction === 'out' ? 'You sent a contact request.' : 'Sent you a contact request.';
    case 'contact-accept':
      return message.direction === 'out' ? 'You accepted the request.' : 'Accepted your request.';
    case 'text':
      return message.text;
  }
};

export const MessageList = ({ peer, messages }: { peer: PeerId; messages: readonly MessageView[] }) => {
  const markRead = useAppStore((state) => state.markRead);
  const unread = messages.filter((message) => !message.readByMe).map((message) => message.id);
  const unreadKey = unread.join(',');

  useEffect(() => {
    // Read means seen: only while the window is visible (an open but hidden window has not been read).
    if (unreadKey === '' || document.visibilityState !== 'visible') {
      return;
    }
    void markRead(peer, unreadKey.split(','));
  }, [peer, unreadKey, markRead]);

  return (
    <ol className="messages" data-testid="messages" aria-label="Messages">
      {messages.map((message) => (
        <li
          key={message.id}
          className={`message ${message.direction}${message.kind === 'text' ? '' : ' notice'}`}
          data-direction={message.direction}
          data-kind={message.kind}
          data-status={message.status}
        >
          {message.kind === 'text' ? (
            <MessageText text={message.text} />
          ) : (
            <span className="message-text">{messageText(message)}</span>
          )}
          {message.direction === 'out' && message.kind === 'text' && <OutgoingStatus message={message} />}
        </li>
      ))}
    </ol>
  );
};
