// One conversation: its connection state, messages and the composer (Enter sends, Shift+Enter adds a line).
import { useState, type KeyboardEvent } from 'react';
import type { Contact } from '../state/app-store';
import { useAppStore } from '../state/use-app-store';

const LINK_LABELS = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected, end-to-end encrypted',
  closed: 'Disconnected',
  failed: 'Connection failed',
} as const;

export const Conversation = ({ contact }: { contact: Contact }) => {
  const sendText = useAppStore((state) => state.sendText);
  const [draft, setDraft] = useState('');

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      const text = draft;
      if (text.trim()) {
        void sendText(text).then((sent) => {
          if (sent) {
            setDraft((current) => (current === text ? '' : current));
          }
        });
      }
    }
  };

  return (
    <div className="conversation">
      <header className="conversation-header">
        <span className="mono">{contact.peerId}</span>
        <span className="status" data-testid="link-status" data-status={contact.link}>
          {LINK_LABELS[contact.link]}
          {contact.reason ? ` (${contact.reason})` : ''}
        </span>
      </header>
      <ol className="messages" data-testid="messages">
        {contact.messages.map((message) => (
          <li key={message.id} className={`message ${message.direction}`} data-direction={message.direction}>
            {message.text}
          </li>
        ))}
      </ol>
      <textarea
        className="composer"
        aria-label="Message"
        data-testid="composer"
        placeholder={contact.link === 'connected' ? 'Write a message' : 'Waiting for the connection…'}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        rows={2}
      />
    </div>
  );
};
