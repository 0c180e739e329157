// The conversation's settings, out of its header: the safety number, pinning and muting it, exporting it, how long it keeps
// messages, clearing it, deleting the contact, and blocking. Removing history asks once more, inline, before it acts; the
// rules (a blocked contact is never deleted, a deleted one's conversation closes) are the store's.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ContactState } from '../../../shared/messaging/message-store';
import type { ArchiveFileKind } from '../state/archive-slice';
import { useAppStore } from '../state/use-app-store';
import { Dialog } from './Dialog';
import { MuteSetting } from './MuteSetting';
import { RetentionSelect } from './RetentionSelect';
import { saveFile } from './save-file';

const EXPORTS: readonly { readonly kind: ArchiveFileKind; readonly label: string }[] = [
  { kind: 'markdown', label: 'Markdown' },
  { kind: 'html', label: 'HTML' },
  { kind: 'json', label: 'JSON' },
];

/** The second step of removing history: what will happen, Cancel (focused) and the action itself. */
const Confirm = (props: {
  readonly action: string;
  readonly children: ReactNode;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) => {
  const id = useId();
  return (
    <div className="confirm" role="group" aria-labelledby={id}>
      <p id={id}>{props.children}</p>
      <div className="dialog-actions">
        <button className="secondary" autoFocus onClick={props.onCancel}>
          Cancel
        </button>
        <button className="danger-fill" onClick={props.onConfirm}>
          {props.action}
        </button>
      </div>
    </div>
  );
};

export const ConversationSettingsDialog = (props: {
  readonly peer: PeerId;
  readonly name: string;
  readonly conversation: string;
  readonly state: ContactState;
  readonly retentionDays: number | null | undefined;
  readonly mutedUntil: number | undefined;
  readonly pinned: boolean;
  /** Settings that belong above all others (the disappearing-messages timer), in their own section. */
  readonly timer?: ReactNode;
  readonly onSafetyNumber: () => void;
  readonly onClose: () => void;
}) => {
  const { peer, name } = props;
  const exportArchiveFile = useAppStore((state) => state.exportArchiveFile);
  const setRetention = useAppStore((state) => state.setConversationRetention);
  const setPinned = useAppStore((state) => state.setConversationPinned);
  const markUnread = useAppStore((state) => state.markConversationUnread);
  const clearConversation = useAppStore((state) => state.clearConversation);
  const deleteContact = useAppStore((state) => state.deleteContact);
  const decide = useAppStore((state) => state.decide);
  const removing = useAppStore((state) => state.removingHistory[peer]);
  const [confirming, setConfirming] = useState<'clear' | 'delete' | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const blocked = props.state === 'blocked';
  const ids = useId();
  const clearButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  // A confirm step that closes hands focus back to the button that opened it, not to the page.
  const lastConfirming = useRef(confirming);
  useEffect(() => {
    const closed = lastConfirming.current;
    lastConfirming.current = confirming;
    if (confirming === null && closed !== null) {
      (closed === 'clear' ? clearButton : deleteButton).current?.focus();
    }
  }, [confirming]);

  const exportAs = async (kind: ArchiveFileKind) => {
    const file = await exportArchiveFile(kind, props.conversation);
    if (file) {
      saveFile(file);
      setOutcome(`Saved ${file.name}.`);
    }
  };
  const clear = async () => {
    setConfirming(null);
    if (await clearConversation(peer)) {
      setOutcome(`Your conversation with ${name} is cleared on this device.`);
    }
  };

  return (
    <Dialog
      title="Conversation settings"
      onClose={props.onClose}
      testId="conversation-settings"
      className="conversation-settings"
    >
      {/* First, apart from the rest: the disappearing-messages timer, when the conversation offers one. */}
      {props.timer && <section className="settings-group timer-slot">{props.timer}</section>}

      <section className="settings-group" aria-labelledby={`${ids}-privacy`}>
        <h3 id={`${ids}-privacy`}>Verification</h3>
        <div className="settings-row">
          <span className="muted small">Check that no one is between you and {name}.</span>
          <button className="secondary" onClick={props.onSafetyNumber}>
            Safety number
          </button>
        </div>
      </section>

      <section className="settings-group" aria-labelledby={`${ids}-notifications`}>
        <h3 id={`${ids}-notifications`}>List and notifications</h3>
        <div className="settings-row">
          <span className="muted small">
            {props.pinned ? 'Pinned to the top of your chats.' : 'Keep it at the top of your chats.'}
          </span>
          <button className="secondary" onClick={() => void setPinned(peer, !props.pinned)}>
            {props.pinned ? 'Unpin' : 'Pin to top'}
          </button>
        </div>
        <div className="settings-row">
          <span className="muted small">Come back to it later: it shows as unread until you open it.</span>
          <button className="secondary" onClick={() => void markUnread(peer)}>
            Mark as unread
          </button>
        </div>
        <MuteSetting peer={peer} mutedUntil={props.mutedUntil} />
      </section>

      <section className="settings-group" aria-labelledby={`${ids}-messages`}>
        <h3 id={`${ids}-messages`}>Messages</h3>
        <div className="settings-row" role="group" aria-label="Export this conversation">
          <span>Export</span>
          <span className="header-actions">
            {EXPORTS.map(({ kind, label }) => (
              <button key={kind} className="secondary" onClick={() => void exportAs(kind)}>
                {label}
              </button>
            ))}
          </span>
        </div>
        <label className="settings-row">
          Keep messages
          <RetentionSelect
            label="Keep messages in this conversation"
            value={props.retentionDays}
            defaultLabel="Default"
            onChange={(days) => void setRetention(peer, days)}
          />
        </label>
        {confirming === 'clear' ? (
          <Confirm
            action="Clear conversation"
            onConfirm={() => void clear()}
            onCancel={() => setConfirming(null)}
          >
            Delete every message with {name} from this device? {name} keeps their copy. This cannot be undone.
          </Confirm>
        ) : (
          <div className="settings-row">
            <span className="muted small">Deletes its messages here; {name} stays a contact.</span>
            <button
              ref={clearButton}
              className="secondary danger"
              disabled={removing !== undefined}
              onClick={() => setConfirming('clear')}
            >
              Clear conversation…
            </button>
          </div>
        )}
      </section>

      <section className="settings-group" aria-labelledby={`${ids}-contact`}>
        <h3 id={`${ids}-contact`}>Contact</h3>
        <div className="settings-row">
          <span className="muted small">
            {blocked ? `Nothing ${name} sends reaches you.` : `Refuse everything ${name} sends.`}
          </span>
          {blocked ? (
            <button className="secondary" onClick={() => void decide(peer, 'unblock')}>
              Unblock
            </button>
          ) : (
            <button className="secondary danger" onClick={() => void decide(peer, 'block')}>
              Block
            </button>
          )}
        </div>
        {confirming === 'delete' ? (
          <Confirm
            action="Delete contact"
            onConfirm={() => void deleteContact(peer)}
            onCancel={() => setConfirming(null)}
          >
            Delete {name} and your whole history with them from this device? Messages not yet sent to them are
            dropped. To talk again, one of you will have to send a new contact request. {name} keeps their
            copy.
          </Confirm>
        ) : (
          <div className="settings-row">
            <span className="muted small">
              {blocked
                ? `${name} stays blocked: unblock them first, or clear the conversation.`
                : 'Deletes the contact and your history with them.'}
            </span>
            <button
              ref={deleteButton}
              className="secondary danger"
              disabled={blocked || removing !== undefined}
              onClick={() => setConfirming('delete')}
            >
              Delete contact…
            </button>
          </div>
        )}
      </section>

      <p className="small muted" role="status" data-testid="conversation-settings-status">
        {removing === 'clearing'
          ? 'Clearing the conversation…'
          : removing === 'deleting'
            ? 'Deleting the contact…'
            : outcome}
      </p>
    </Dialog>
  );
};
