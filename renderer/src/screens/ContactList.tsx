// The sidebar lists, live from the archive: contact requests waiting for an answer, then conversations.
import { useLiveQuery } from 'dexie-react-hooks';
import { contactSummaries, type ContactSummary } from '../archive/archive-queries';
import { connectionOf } from '../state/app-store';
import { useAppStore } from '../state/use-app-store';
import { contactName } from './contact-name';

const ContactRow = ({ contact }: { contact: ContactSummary }) => {
  const active = useAppStore((state) => state.activePeerId === contact.peer);
  const connection = useAppStore((state) => connectionOf(state, contact.peer));
  const openConversation = useAppStore((state) => state.openConversation);
  const name = contactName(contact.peer, contact.displayName);
  return (
    <li>
      <button
        className={active ? 'contact active' : 'contact'}
        aria-current={active ? 'true' : undefined}
        data-peer={contact.peer}
        onClick={() => openConversation(contact.peer)}
      >
        <span className={`dot ${connection.status}`} aria-label={connection.status} />
        <span className="contact-text">
          <span className="contact-name">
            {name}
            {contact.verifiedSafetyNumber !== undefined && (
              <span className="verified-mark" role="img" aria-label="verified">
                ✓
              </span>
            )}
          </span>
          <span className="muted small preview">
            {contact.state === 'requested-by-me'
              ? 'Waiting for them to accept'
              : contact.state === 'blocked'
                ? 'Blocked'
                : (contact.lastText ?? '')}
          </span>
        </span>
      </button>
    </li>
  );
};

const ContactSection = (props: {
  readonly label: string;
  readonly title: string;
  readonly testId: string;
  readonly contacts: readonly ContactSummary[];
}) => (
  <section aria-label={props.label}>
    <h2 className="list-title">{props.title}</h2>
    <ul className="contacts" data-testid={props.testId}>
      {props.contacts.map((contact) => (
        <ContactRow key={contact.peer} contact={contact} />
      ))}
    </ul>
  </section>
);

export const ContactList = () => {
  const archive = useAppStore((state) => state.archive);
  const contacts = useLiveQuery(() => (archive ? contactSummaries(archive) : []), [archive]) ?? [];
  const requests = contacts.filter((contact) => contact.state === 'requested-by-them');
  const chats = contacts.filter(
    (contact) => contact.state === 'accepted' || contact.state === 'requested-by-me',
  );
  const blocked = contacts.filter((contact) => contact.state === 'blocked');
  return (
    <>
      {requests.length > 0 && (
        <ContactSection label="Contact requests" title="Requests" testId="requests" contacts={requests} />
      )}
      <ContactSection label="Conversations" title="Chats" testId="conversations" contacts={chats} />
      {blocked.length > 0 && (
        <ContactSection label="Blocked contacts" title="Blocked" testId="blocked" contacts={blocked} />
      )}
    </>
  );
};
