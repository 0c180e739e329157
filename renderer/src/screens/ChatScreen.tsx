// The main window: who I am, my contacts with their connection state, and the open conversation.
import { useState, type SubmitEvent } from 'react';
import { PeerIdSchema } from '../../../shared/identity/peer-id';
import { useAppStore } from '../state/use-app-store';
import { ErrorAlert } from './ErrorAlert';
import { Conversation } from './Conversation';

const SIGNALING_LABELS = {
  idle: 'Offline',
  connecting: 'Connecting to signaling server…',
  authenticating: 'Signing in…',
  ready: 'Online',
  closed: 'Signaling server unreachable',
} as const;

export const ChatScreen = () => {
  const identity = useAppStore((state) => state.identity);
  const signaling = useAppStore((state) => state.signaling);
  const contacts = useAppStore((state) => state.contacts);
  const activePeerId = useAppStore((state) => state.activePeerId);
  const error = useAppStore((state) => state.error);
  const openConversation = useAppStore((state) => state.openConversation);
  const [contactInput, setContactInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);

  const addContact = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = PeerIdSchema.safeParse(contactInput.trim().toLowerCase());
    if (!parsed.success) {
      setInputError('A peer ID is 32 letters and digits (a–z, 2–7).');
      return;
    }
    setInputError(null);
    setContactInput('');
    openConversation(parsed.data);
  };

  return (
    <div className="layout">
      <aside className="sidebar">
        <header className="me">
          <strong>{identity?.displayName}</strong>
          <span className="status" data-testid="signaling-status" data-status={signaling.status}>
            {SIGNALING_LABELS[signaling.status]}
          </span>
          <label className="muted small" htmlFor="my-peer-id">
            Your peer ID
          </label>
          <input id="my-peer-id" data-testid="my-peer-id" readOnly value={identity?.peerId ?? ''} />
        </header>
        <form className="add-contact" onSubmit={addContact}>
          <input
            aria-label="Contact's peer ID"
            data-testid="contact-peer-id"
            placeholder="Paste a contact's peer ID"
            value={contactInput}
            onChange={(event) => setContactInput(event.target.value)}
          />
          <button type="submit">Chat</button>
        </form>
        {inputError && <p className="error small">{inputError}</p>}
        <ul className="contacts" aria-label="Conversations">
          {Object.values(contacts).map((contact) => (
            <li key={contact.peerId}>
              <button
                className={contact.peerId === activePeerId ? 'contact active' : 'contact'}
                onClick={() => openConversation(contact.peerId)}
              >
                <span className={`dot ${contact.link}`} aria-hidden="true" />
                <span className="mono">{contact.peerId.slice(0, 12)}…</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="main">
        <ErrorAlert message={error} banner />
        {activePeerId && contacts[activePeerId] ? (
          <Conversation contact={contacts[activePeerId]} />
        ) : (
          <div className="center muted">
            Share your peer ID, or paste a contact's to start a conversation.
          </div>
        )}
      </section>
    </div>
  );
};
