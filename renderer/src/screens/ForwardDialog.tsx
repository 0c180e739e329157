// Forwarding a text to other contacts: pick them (a filter narrows a long list), then send. Each gets it as a
// new text of ours, under their conversation's own disappearing-messages timer; nothing says where it came from.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import { contactSummaries } from '../archive/archive-queries';
import { useAppStore } from '../state/use-app-store';
import { contactName } from './contact-name';
import { Dialog } from './Dialog';

export const ForwardDialog = (props: { readonly text: string; readonly onClose: () => void }) => {
  const archive = useAppStore((state) => state.archive);
  const forwardText = useAppStore((state) => state.forwardText);
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
    setSending(true);
    const sent = await forwardText([...chosen], props.text);
    setSending(false);
    const names = named.filter(({ peer }) => sent.includes(peer)).map(({ name }) => name);
    setOutcome(names.length > 0 ? `Forwarded to ${names.join(', ')}.` : 'Nothing was forwarded.');
    setChosen(new Set());
  };
  return (
    <Dialog title="Forward message" onClose={props.onClose} testId="forward-dialog">
      <blockquote className="forward-quote">{props.text}</blockquote>
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
        <p className="muted small">No contact by that name.</p>
      )}
      <div className="dialog-actions">
        <p className="small muted" role="status">
          {outcome}
        </p>
        <button disabled={chosen.size === 0 || sending} onClick={() => void send()}>
          {chosen.size > 1 ? `Send to ${String(chosen.size)}` : 'Send'}
        </button>
      </div>
    </Dialog>
  );
};
