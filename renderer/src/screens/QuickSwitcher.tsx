// Ctrl/Cmd+K: jump to a conversation by typing part of a name. Arrow keys choose, Enter opens, Escape closes.
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type KeyboardEvent } from 'react';
import { contactSummaries } from '../archive/archive-queries';
import { foldWordFully } from '../archive/search/text-folding';
import { useAppStore } from '../state/use-app-store';
import { contactName } from './contact-name';
import { Dialog } from './Dialog';

// As search folds words, so "lodz" finds Łódź and "soren" Søren.
const fold = foldWordFully;

export const QuickSwitcher = ({ onClose }: { onClose: () => void }) => {
  const archive = useAppStore((state) => state.archive);
  const openConversation = useAppStore((state) => state.openConversation);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const listId = useId();
  const contacts = useLiveQuery(() => (archive ? contactSummaries(archive) : []), [archive]) ?? [];
  const matches = contacts
    .filter((contact) => contact.state !== 'blocked')
    .map((contact) => ({ peer: contact.peer, name: contactName(contact.peer, contact.displayName) }))
    .filter(
      (contact) => fold(contact.name).includes(fold(query.trim())) || contact.peer.startsWith(query.trim()),
    );
  const current = Math.min(selected, Math.max(0, matches.length - 1));

  const open = (index: number) => {
    const match = matches[index];
    if (match) {
      openConversation(match.peer);
      onClose();
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setSelected((current + step + matches.length) % Math.max(1, matches.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(current);
    }
  };

  return (
    <Dialog title="Go to conversation" onClose={onClose} testId="quick-switcher">
      <input
        autoFocus
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={matches[current] ? `${listId}-${String(current)}` : undefined}
        aria-label="Contact name"
        placeholder="Type a name"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setSelected(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Conversations" className="switcher-list">
        {matches.map((match, index) => (
          <li
            key={match.peer}
            id={`${listId}-${String(index)}`}
            role="option"
            aria-selected={index === current}
            className={index === current ? 'selected' : undefined}
            onClick={() => open(index)}
          >
            {match.name}
          </li>
        ))}
        {matches.length === 0 && <li className="muted small">No conversation matches.</li>}
      </ul>
    </Dialog>
  );
};
