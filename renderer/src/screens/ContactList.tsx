// The sidebar lists (the chat screen reads the contacts live from the archive, and judges their disappearing
// messages by its clock: unexpired-summaries.ts): contact requests waiting for an answer, then conversations.
import type { ContactSummary } from '../archive/archive-queries';
import { connectionOf } from '../state/app-store';
import { useAppStore } from '../state/use-app-store';
import { useState, type CSSProperties, type KeyboardEvent } from 'react';
import { avatarHue, contactName, initials, listTime } from './contact-name';
import { MutedIcon } from './MutedIcon';
import { PinnedIcon } from './PinnedIcon';
import { timeInRange } from '../../../shared/messaging/message-format';
import { plainText } from '../text/text-format';

const ContactRow = ({ contact, now }: { contact: ContactSummary; now: number }) => {
  const active = useAppStore((state) => state.activePeerId === contact.peer);
  const connection = useAppStore((state) => connectionOf(state, contact.peer));
  const openConversation = useAppStore((state) => state.openConversation);
  // An unsent draft shows in place of the last message, as a reminder, except where it is being typed (and not
  // while the composer there holds a text of ours being edited).
  const draft = useAppStore((state) =>
    active || contact.state !== 'accepted' || state.editing[contact.peer]
      ? undefined
      : state.drafts[contact.peer],
  );
  const name = contactName(contact.peer, contact.displayName);
  const preview =
    contact.state === 'requested-by-me'
      ? 'Waiting for them to accept'
      : contact.state === 'blocked'
        ? 'Blocked'
        : // As it reads, without the markers that format it.
          plainText(contact.lastText ?? '');
  return (
    <li>
      <button
        className={active ? 'contact active' : 'contact'}
        aria-current={active ? 'true' : undefined}
        data-peer={contact.peer}
        onClick={() => openConversation(contact.peer)}
      >
        <span
          className="avatar"
          style={{ '--hue': avatarHue(contact.peer) } as CSSProperties}
          aria-hidden="true"
        >
          {initials(name)}
          <span className={`dot ${connection.status}`} />
        </span>
        <span className="contact-text">
          <span className="contact-line">
            <span className="contact-name">
              {name}
              {contact.verifiedSafetyNumber !== undefined && (
                <span className="verified-mark" role="img" aria-label="verified">
                  ✓
                </span>
              )}
              {/* The summaries are as they stand now (unexpired-summaries.ts): a mute that ended is gone. */}
              {contact.mutedUntil !== undefined && <MutedIcon label="muted" />}
              {contact.pinnedAt !== undefined && <PinnedIcon label="pinned" />}
            </span>
            {contact.lastActivityAt !== undefined && (
              <time
                className="muted small"
                dateTime={new Date(timeInRange(contact.lastActivityAt)).toISOString()}
              >
                {listTime(contact.lastActivityAt, now)}
              </time>
            )}
          </span>
          <span className="contact-line">
            {draft ? (
              <span className="muted small preview" data-testid="draft-preview">
                <span className="draft-label">Draft:</span> {draft}
              </span>
            ) : (
              <span className="muted small preview">{preview}</span>
            )}
            {contact.unread > 0 && (
              <span
                className={contact.mutedUntil === undefined ? 'unread-count' : 'unread-count muted'}
                data-testid="unread-count"
                aria-label={`${String(contact.unread)} unread`}
              >
                {contact.unread}
              </span>
            )}
            {contact.unread === 0 && contact.markedUnread && (
              <span
                className={contact.mutedUntil === undefined ? 'unread-count' : 'unread-count muted'}
                data-testid="unread-mark"
                role="img"
                aria-label="marked unread"
              >
                •
              </span>
            )}
          </span>
        </span>
        <span className="visually-hidden">{connection.status === 'connected' ? ', online' : ''}</span>
      </button>
    </li>
  );
};

/** Up and down arrows move between the rows of a list of buttons (Tab still leaves the list). */
const moveFocus = (event: KeyboardEvent<HTMLUListElement>) => {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') {
    return;
  }
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button.contact')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = buttons[at + (event.key === 'ArrowDown' ? 1 : -1)];
  if (next) {
    event.preventDefault();
    next.focus();
  }
};

const ContactSection = (props: {
  readonly label: string;
  readonly title: string;
  readonly testId: string;
  readonly contacts: readonly ContactSummary[];
  readonly now: number;
}) => (
  <section aria-label={props.label}>
    <h2 className="list-title">{props.title}</h2>
    <ul className="contacts" data-testid={props.testId} onKeyDown={moveFocus}>
      {props.contacts.map((contact) => (
        <ContactRow key={contact.peer} contact={contact} now={props.now} />
      ))}
    </ul>
  </section>
);

export const ContactList = ({ contacts }: { readonly contacts: readonly ContactSummary[] }) => {
  const requests = contacts.filter((contact) => contact.state === 'requested-by-them');
  const chats = contacts.filter(
    (contact) => contact.state === 'accepted' || contact.state === 'requested-by-me',
  );
  const blocked = contacts.filter((contact) => contact.state === 'blocked');
  // Times show "today" relative to when the list mounted; the sidebar lives as long as the window.
  const [now] = useState(() => Date.now());
  return (
    <>
      {requests.length > 0 && (
        <ContactSection
          label="Contact requests"
          title="Requests"
          testId="requests"
          contacts={requests}
          now={now}
        />
      )}
      <ContactSection label="Conversations" title="Chats" testId="conversations" contacts={chats} now={now} />
      {blocked.length > 0 && (
        <ContactSection
          label="Blocked contacts"
          title="Blocked"
          testId="blocked"
          contacts={blocked}
          now={now}
        />
      )}
    </>
  );
};
