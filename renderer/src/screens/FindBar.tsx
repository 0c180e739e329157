// Find in this conversation (Ctrl/Cmd+F with a conversation open): the same search, limited to it, newest match
// first; Enter or the arrows step to older and newer matches, each shown in context and highlighted.
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import { searchArchive } from '../archive/search/search-archive';
import { isEmptyQuery, parseSearchQuery } from '../archive/search/search-query';
import { useAppStore } from '../state/use-app-store';

/** Matches found at most (the count says "500+" beyond). */
const MAX_MATCHES = 500;
const DEBOUNCE_MS = 120;

export const FindBar = (props: {
  readonly peer: PeerId;
  readonly conversation: string;
  readonly onClose: () => void;
}) => {
  const archive = useAppStore((state) => state.archive);
  const showMessage = useAppStore((state) => state.showMessage);
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<readonly string[]>([]);
  const [current, setCurrent] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);
  const { peer, conversation } = props;

  useEffect(() => {
    const query = parseSearchQuery(`${text} `);
    // Only the latest search answers, and only while the bar is open: one overtaken by more typing may finish
    // after it, and one finishing after Escape or after the user left the conversation must not bring it back.
    let live = true;
    const timer = window.setTimeout(() => {
      if (!archive || isEmptyQuery(query)) {
        setMatches([]);
        setFailure(null);
        return;
      }
      void searchArchive(archive, query, { limit: MAX_MATCHES, names: new Map(), conversation }).then(
        (found) => {
          if (!live) {
            return;
          }
          const ids = found.map((result) => result.id);
          setMatches(ids);
          setCurrent(0);
          setFailure(null);
          if (ids[0]) {
            showMessage(peer, ids[0]);
          }
        },
        (error: unknown) => {
          if (live) {
            setMatches([]);
            setFailure(String(error));
          }
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [archive, conversation, peer, showMessage, text]);

  const step = (by: number) => {
    if (matches.length === 0) {
      return;
    }
    const next = (current + by + matches.length) % matches.length;
    setCurrent(next);
    const id = matches[next];
    if (id) {
      showMessage(peer, id);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      props.onClose();
    }
  };

  return (
    <div className="find-bar" role="search" aria-label="Find in this conversation">
      <input
        autoFocus
        aria-label="Find in this conversation"
        placeholder="Find in this conversation"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span className="muted small" role="status" data-testid="find-count" title={failure ?? undefined}>
        {text.trim() === ''
          ? ''
          : failure !== null
            ? 'Search failed'
            : matches.length === 0
              ? 'No matches'
              : `${String(current + 1)} of ${matches.length >= MAX_MATCHES ? `${String(MAX_MATCHES)}+` : String(matches.length)}`}
      </span>
      <button
        className="secondary"
        aria-label="Older match"
        onClick={() => step(1)}
        disabled={matches.length === 0}
      >
        ↑
      </button>
      <button
        className="secondary"
        aria-label="Newer match"
        onClick={() => step(-1)}
        disabled={matches.length === 0}
      >
        ↓
      </button>
      <button className="icon-button" aria-label="Close find" onClick={props.onClose}>
        ×
      </button>
    </div>
  );
};
