// One conversation: who it is with, how the connection stands and whether they are verified (everything else
// about it behind one button, in the conversation settings dialog); the request to answer if there is one; the
// messages; and the composer.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ConnectionState } from '../../../shared/messaging/connection-manager';
import { directConversationId } from '../../../shared/messaging/message-format';
import {
  CONVERSATION_PAGE,
  conversationFrom,
  windowAround,
  windowStart,
  type ConversationKey,
} from '../archive/conversation-window';
import { hasNamesake, verificationOf } from '../archive/contact-verification';
import { openingStart } from '../archive/conversation-opening';
import { connectionOf } from '../state/app-store';
import { useAppStore } from '../state/use-app-store';
import { useClock } from './clock-context';
import { Composer } from './Composer';
import { contactName } from './contact-name';
import { ContactBanner } from './ContactBanner';
import { MessageList } from './MessageList';
import { ConversationSettingsDialog } from './ConversationSettingsDialog';
import { ForwardDialog } from './ForwardDialog';
import { MessageInfoDialog } from './MessageInfoDialog';
import { DisappearingTimerBadge, DisappearingTimerSelect } from './DisappearingTimerSelect';
import { lastOwnText } from './editable-text';
import { FindBar } from './FindBar';
import { ReactionPickerDialog } from './ReactionPickerDialog';
import { SafetyNumberDialog } from './SafetyNumberDialog';
import { expiriesOf, unexpiredMessages } from './unexpired-messages';
import { useExpiryNow } from './use-expiry-now';

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
  const messageDialog = useAppStore((state) => state.messageDialog);
  const openMessageDialog = useAppStore((state) => state.openMessageDialog);
  // A dialog about one of its messages closes with the conversation (another opened, or Settings).
  useEffect(() => () => openMessageDialog(null), [openMessageDialog]);
  const typing = useAppStore(
    (state) => (state.typing[peer] ?? false) && state.settings?.typingIndicators !== false,
  );
  const safetyNumber = useAppStore((state) => state.safetyNumbers[peer]);
  const loadSafetyNumber = useAppStore((state) => state.loadSafetyNumber);
  const findOpen = useAppStore((state) => state.findOpen);
  const setFindOpen = useAppStore((state) => state.setFindOpen);
  const [verifying, setVerifying] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const contact = useLiveQuery(() => archive?.contacts.get(peer), [archive, peer]);
  const conversation = me ? directConversationId(me, peer) : null;
  // Where the view starts: a page back from the newest when it opens, further back as the user scrolls up, or
  // around a focused message; `aroundFocus` names the request to show it (null once scrolling moved the start back).
  const [start, setStart] = useState<{ key: ConversationKey | null; aroundFocus: number | null } | null>(
    null,
  );
  const focused = useAppStore((state) => (state.focusedMessage?.peer === peer ? state.focusedMessage : null));
  const focus = focused?.id ?? null;
  // Each request to show a message moves the view, even to the message it showed last.
  const focusRequest = focused?.request ?? null;
  useEffect(() => {
    if (!archive || !conversation) {
      return;
    }
    // A message to show in context: the view starts half a page before it; otherwise a page back from the newest,
    // or just before the first unread message when that is further back.
    const around = focus
      ? windowAround(archive, conversation, focus, CONVERSATION_PAGE / 2)
      : Promise.resolve(null);
    // Only the latest request places the view: an earlier one answering late (the opening reads more) is dropped.
    let superseded = false;
    void around.then(async (around) => {
      const next = around
        ? { key: around.key, aroundFocus: focusRequest }
        : { key: await openingStart(archive, conversation), aroundFocus: null };
      if (!superseded) {
        setStart(next);
      }
    });
    return () => {
      superseded = true;
    };
  }, [archive, conversation, focus, focusRequest]);
  const shown = useLiveQuery(
    () => (archive && conversation && start ? conversationFrom(archive, conversation, start.key) : undefined),
    [archive, conversation, start],
  );
  // Disappearing messages leave the view when they expire, before the archive's purge takes them.
  const now = useExpiryNow(expiriesOf(shown?.messages ?? []), useClock());
  const messages = useMemo(() => (shown ? unexpiredMessages(shown.messages, now) : []), [shown, now]);
  const lastOwn = useMemo(() => lastOwnText(messages), [messages]);
  const loadOlder = () => {
    if (archive && conversation && start?.key) {
      void windowStart(archive, conversation, CONVERSATION_PAGE, start.key).then((key) =>
        setStart({ key, aroundFocus: null }),
      );
    }
  };
  const state = contact?.state ?? 'unknown';
  const namesake =
    useLiveQuery(
      () => (archive && contact?.displayName ? hasNamesake(archive, peer, contact.displayName) : false),
      [archive, peer, contact?.displayName],
    ) ?? false;
  const name = contactName(peer, contact?.displayName);
  const verification = verificationOf(
    contact,
    safetyNumber?.status === 'ready' ? safetyNumber.number.digits : null,
  );

  // The number is checked whenever a session proves their key again, so a change shows at once.
  useEffect(() => {
    if (contact?.verifiedSafetyNumber !== undefined || connection.status === 'connected') {
      void loadSafetyNumber(peer);
    }
  }, [contact?.verifiedSafetyNumber, connection.status, loadSafetyNumber, peer]);

  return (
    <div className="conversation">
      <header className="conversation-header">
        <div className="conversation-title">
          <span className="title-row">
            <strong data-testid="conversation-name">{name}</strong>
            {verification === 'verified' && (
              <span className="badge verified" data-testid="verified-badge">
                ✓ Verified
              </span>
            )}
            {conversation && <DisappearingTimerBadge conversation={conversation} />}
          </span>
          <span className="mono muted small">{peer}</span>
          <span className="status" data-testid="link-status" data-status={connection.status}>
            {connectionLabel(connection)}
          </span>
        </div>
        <div className="header-actions">
          <button
            className="secondary"
            aria-haspopup="dialog"
            data-testid="conversation-settings-button"
            onClick={() => setSettingsOpen(true)}
          >
            Conversation settings
          </button>
        </div>
      </header>
      {findOpen && conversation && (
        <FindBar peer={peer} conversation={conversation} onClose={() => setFindOpen(false)} />
      )}
      <ContactBanner
        peer={peer}
        name={name}
        state={state}
        verification={verification}
        namesake={namesake}
        onReview={() => setVerifying(true)}
      />
      {connection.status === 'failed' && state === 'accepted' && (
        <p className="banner muted small" data-testid="unreachable-note">
          {name} cannot be reached right now ({connection.reason}). Your messages wait and go out when they
          are back.
        </p>
      )}
      {shown ? (
        <MessageList
          focusId={focus}
          focusRequest={focusRequest}
          takeFocus={focused?.takeFocus === true}
          // Only the window placed for this very request: the previous one's window may hold the message too.
          focusReady={
            focusRequest !== null && start?.aroundFocus === focusRequest && shown.start === start.key
          }
          peer={peer}
          name={name}
          messages={messages}
          hasOlder={shown.hasOlder}
          onLoadOlder={loadOlder}
        />
      ) : (
        <div className="message-list" aria-busy="true" />
      )}
      <p className="typing muted small" aria-live="polite">
        {typing ? `${name} is typing…` : ''}
      </p>
      <Composer
        peer={peer}
        name={name}
        lastOwnText={lastOwn}
        enabled={state === 'accepted' && verification !== 'changed'}
        placeholder={
          verification === 'changed'
            ? 'Review the new safety number first'
            : state === 'accepted'
              ? 'Write a message'
              : state === 'blocked'
                ? 'You blocked this contact'
                : 'Waiting for the contact request…'
        }
      />
      {messageDialog?.kind === 'forward' && (
        <ForwardDialog id={messageDialog.id} onClose={() => openMessageDialog(null)} />
      )}
      {messageDialog?.kind === 'react' && (
        <ReactionPickerDialog
          id={messageDialog.id}
          {...(messageDialog.mine === undefined ? {} : { mine: messageDialog.mine })}
          onClose={() => openMessageDialog(null)}
        />
      )}
      {messageDialog?.kind === 'info' && (
        <MessageInfoDialog id={messageDialog.id} name={name} onClose={() => openMessageDialog(null)} />
      )}
      {settingsOpen && conversation && (
        <ConversationSettingsDialog
          peer={peer}
          name={name}
          conversation={conversation}
          state={state}
          retentionDays={contact?.retentionDays}
          mutedUntil={contact?.mutedUntil}
          pinned={contact?.pinnedAt !== undefined}
          timer={
            <DisappearingTimerSelect peer={peer} conversation={conversation} enabled={state === 'accepted'} />
          }
          onSafetyNumber={() => {
            setSettingsOpen(false);
            setVerifying(true);
          }}
          onClose={() => setSettingsOpen(false)}
        />
      )}
      {verifying && (
        <SafetyNumberDialog
          peer={peer}
          name={name}
          verification={verification}
          onClose={() => setVerifying(false)}
        />
      )}
    </div>
  );
};
