// The main window: who I am, my requests and conversations, and the open conversation.
import { useAppStore } from '../state/use-app-store';
import { AddContactForm } from './AddContactForm';
import { ContactList } from './ContactList';
import { Conversation } from './Conversation';
import { ErrorAlert } from './ErrorAlert';

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
  const activePeerId = useAppStore((state) => state.activePeerId);
  const error = useAppStore((state) => state.error);

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
        <AddContactForm />
        <ContactList />
      </aside>
      <section className="main">
        <ErrorAlert message={error} banner />
        {activePeerId ? (
          <Conversation key={activePeerId} peer={activePeerId} />
        ) : (
          <div className="center muted">Share your peer ID, or paste a contact's to send them a request.</div>
        )}
      </section>
    </div>
  );
};
