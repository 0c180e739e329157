// Forwarding a text to other contacts: pick them (a filter narrows a long list), then send. Each gets it as a
// new text of ours, under their conversation's own disappearing-messages timer; nothing says where it came from.
// The text is read live: an edit that comes meanwhile is what goes, and a text deleted meanwhile cannot go.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';
import { contactSummaries } from '../archive/archive-queries';
import { useAppStore } from '../state/use-app-store';
import { contactName } from './contact-name';
import { Dialog } from './Dialog';

export const ForwardDialog = (props: { readonly id: MessageId; readonly onClose: () => void }) => {
  const archive = useAppStore((state) => state.archive);
  const forwardText = useAppStore((state) => state.forwardText);
  const text = useLiveQuery(async () => {
    const record = archive ? await archive.messages.get(props.id) : undefined;
    return record?.message.t === 'text' ? record.message.body.text : null;
  }, [archive, props.id]);
  const contacts = useLiveQuery(
    async () =>
      archive ? (await contactSummaries(archive)).filter((contact) => contact.state === 'accepted') : [],
    [archive],
  );
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<PeerId>>(new Set());
  const [outcome, setOutcome] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const named = (contacts ?? []).map((contact) => ({
    peer: contact.peer,
    name: contactName(contact.peer, contact.displayName),
  }));
  const shown = named.filter(({ name }) => name.toLowerCase().includes(filter.trim().toLowerCase()));
  const toggle = (peer: PeerId) =>
    setChosen((current) => {
      const next = new Set(current);
      if (!next.delete(peer)) {
        next.add(peer);
      }
      return next;
    });
  const send = async () => {
    if (!text) {
      return;
    }
    setSending(true);
    const targets = named.filter(({ peer }) => chosen.has(peer));
    const sent = await forwardText(
      targets.map(({ peer }) => peer),
      text,
    );
    setSending(false);
    const names = (done: boolean) =>
      targets.filter(({ peer }) => sent.includes(peer) === done).map(({ name }) => name);
    setOutcome(
      [
        names(true).length > 0 ? `Forwarded to ${names(true).join(', ')}.` : '',
        names(false).length > 0 ? `Not sent to ${names(false).join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
    setChosen(new Set());
  };
  return (
    <Dialog title="Forward message" onClose={props.onClose} testId="forward-dialog">
      {text === null ? (
        <p className="muted">This message is no longer here.</p>
      ) : (
        <blockquote className="forward-quote">{text}</blockquote>
      )}
      <input
        type="search"
        aria-label="Find a contact"
        placeholder="Find a contact"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
      />
      <ul className="forward-contacts" aria-label="Contacts">
        {shown.map(({ peer, name }) => (
          <li key={peer}>
            <label className="choice">
              <input type="checkbox" checked={chosen.has(peer)} onChange={() => toggle(peer)} />
              {name}
            </label>
          </li>
        ))}
      </ul>
      {contacts !== undefined && shown.length === 0 && (
        <p className="muted small">
          {named.length === 0 ? 'No contact to forward to yet.' : 'No contact by that name.'}
        </p>
      )}
      <div className="dialog-actions">
        <p className="small muted" role="status">
          {outcome}
        </p>
        <button disabled={chosen.size === 0 || sending || !text} onClick={() => void send()}>
          {chosen.size > 1 ? `Send to ${String(chosen.size)}` : 'Send'}
        </button>
      </div>
    </Dialog>
  );
};
