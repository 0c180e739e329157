// One conversation: who it is with and how the connection stands, the request to answer if there is one,
// the messages, and the composer.
import { useLiveQuery } from 'dexie-react-hooks';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ConnectionState } from '../../../shared/messaging/connection-manager';
import { directConversationId } from '../../../shared/messaging/message-format';
import { conversationMessages } from '../archive/archive-queries';
import { connectionOf } from '../state/app-store';
import { useAppStore } from '../state/use-app-store';
import { Composer } from './Composer';
import { contactName } from './contact-name';
import { MessageList } from './MessageList';

const connectionLabel = (connection: ConnectionState): string => {
  switch (connection.status) {
    case 'offline':
      return 'Not connected';
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected, end-to-end encrypted';
    case 'failed':
      return `Unreachable (${connection.reason})`;
  }
};

export const Conversation = ({ peer }: { peer: PeerId }) => {
  const archive = useAppStore((state) => state.archive);
  const me = useAppStore((state) => state.identity?.peerId);
  const connection = useAppStore((state) => connectionOf(state, peer));
  const typing = useAppStore((state) => state.typing[peer] ?? false);
  const acceptContact = useAppStore((state) => state.acceptContact);
  const contact = useLiveQuery(() => archive?.contacts.get(peer), [archive, peer]);
  const conversation = me ? directConversationId(me, peer) : null;
  const messages =
    useLiveQuery(
      () => (archive && conversation ? conversationMessages(archive, conversation) : []),
      [archive, conversation],
    ) ?? [];
  const state = contact?.state ?? 'unknown';
  const name = contactName(peer, contact?.displayName);

  return (
    <div className="conversation">
      <header className="conversation-header">
        <div className="conversation-title">
          <strong data-testid="conversation-name">{name}</strong>
          <span className="mono muted small">{peer}</span>
        </div>
        <span className="status" data-testid="link-status" data-status={connection.status}>
          {connectionLabel(connection)}
        </span>
      </header>
      {state === 'requested-by-them' && (
        <div className="request-banner" role="region" aria-label="Contact request">
          <span>{name} wants to chat with you.</span>
          <button onClick={() => void acceptContact(peer)}>Accept</button>
        </div>
      )}
      {state === 'requested-by-me' && (
        <p className="request-banner muted">Request sent. You can write once {name} accepts.</p>
      )}
      <MessageList peer={peer} messages={messages} />
      <p className="typing muted small" aria-live="polite">
        {typing ? `${name} is typing…` : ''}
      </p>
      <Composer
        enabled={state === 'accepted'}
        placeholder={state === 'accepted' ? 'Write a message' : 'Waiting for the contact request…'}
      />
    </div>
  );
};
