// The main window: who I am, my requests and conversations, and the open conversation.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { contactSummaries } from '../archive/archive-queries';
import { useAppStore } from '../state/use-app-store';
import { AddContactForm, focusNewChat } from './AddContactForm';
import { useClock } from './clock-context';
import { ContactList } from './ContactList';
import { Conversation } from './Conversation';
import { ConnectionBanner } from './ConnectionBanner';
import { ErrorAlert } from './ErrorAlert';
import { InviteConfirmDialog } from './InviteConfirmDialog';
import { InviteDialog } from './InviteDialog';
import { QuickSwitcher } from './QuickSwitcher';
import { focusSearch, SearchBox } from './SearchBox';
import { SearchResults } from './SearchResults';
import { SettingsScreen } from './SettingsScreen';
import { summaryExpiriesOf, unexpiredSummaries } from './unexpired-summaries';
import { useExpiryNow } from './use-expiry-now';
import { useShortcuts } from './use-shortcuts';
import { useUnreadReport } from './use-unread-report';

const SIGNALING_LABELS = {
  idle: 'Offline',
  connecting: 'Connecting to signaling server…',
  authenticating: 'Signing in…',
  ready: 'Online',
  closed: 'Signaling server unreachable',
} as const;

/** Search results while the search field holds a query, else the contacts; and the unread count all along. */
const SidebarLists = () => {
  const archive = useAppStore((state) => state.archive);
  const searchText = useAppStore((state) => state.searchText);
  // Read here rather than in the list, which search results replace: the unread count must not stop meanwhile.
  const stored = useLiveQuery(() => (archive ? contactSummaries(archive) : []), [archive]);
  // A disappearing message stops counting as unread, and leaves the preview, when it expires, before the
  // archive's purge takes it.
  const now = useExpiryNow(summaryExpiriesOf(stored ?? []), useClock());
  const contacts = useMemo(() => stored && unexpiredSummaries(stored, now), [stored, now]);
  useUnreadReport(contacts);
  return searchText.trim() !== '' ? (
    <SearchResults text={searchText} />
  ) : (
    <ContactList contacts={contacts ?? []} />
  );
};

export const ChatScreen = () => {
  const identity = useAppStore((state) => state.identity);
  const signaling = useAppStore((state) => state.signaling);
  const activePeerId = useAppStore((state) => state.activePeerId);
  const error = useAppStore((state) => state.error);
  const [inviting, setInviting] = useState(false);
  const switching = useAppStore((state) => state.quickSwitcherOpen);
  const setSwitching = useAppStore((state) => state.setQuickSwitcherOpen);
  const view = useAppStore((state) => state.view);
  const openSettings = useAppStore((state) => state.openSettings);
  const setFindOpen = useAppStore((state) => state.setFindOpen);
  const shortcuts = useMemo(
    () => ({
      quickSwitcher: () => setSwitching(true),
      newChat: focusNewChat,
      // With a conversation open, find in it; otherwise search everything.
      search: () => (activePeerId && view === 'chats' ? setFindOpen(true) : focusSearch()),
      settings: openSettings,
    }),
    [openSettings, setSwitching, activePeerId, view, setFindOpen],
  );
  useShortcuts(shortcuts);

  return (
    <div className="layout">
      <aside className="sidebar">
        <header className="me">
          <strong>{identity?.displayName}</strong>
          <span className="status" data-testid="signaling-status" data-status={signaling.status}>
            {signaling.status === 'closed' && signaling.replaced
              ? 'Online elsewhere'
              : SIGNALING_LABELS[signaling.status]}
          </span>
          <label className="muted small" htmlFor="my-peer-id">
            Your peer ID
          </label>
          <input id="my-peer-id" data-testid="my-peer-id" readOnly value={identity?.peerId ?? ''} />
          <div className="header-actions">
            <button className="secondary" onClick={() => setInviting(true)}>
              Invite someone
            </button>
            <button className="secondary" onClick={openSettings}>
              Settings
            </button>
          </div>
        </header>
        <SearchBox />
        <AddContactForm />
        <SidebarLists />
      </aside>
      <section className="main">
        <ConnectionBanner />
        <ErrorAlert message={error} banner />
        {view === 'settings' ? (
          <SettingsScreen />
        ) : activePeerId ? (
          <Conversation key={activePeerId} peer={activePeerId} />
        ) : (
          <div className="center muted">
            Invite someone, or paste an invite link or peer ID to send a request.
          </div>
        )}
      </section>
      {inviting && <InviteDialog onClose={() => setInviting(false)} />}
      {switching && <QuickSwitcher onClose={() => setSwitching(false)} />}
      <InviteConfirmDialog />
    </div>
  );
};
