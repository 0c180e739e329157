// Find in this conversation (Ctrl/Cmd+F with a conversation open): the same search, limited to it, newest match
// first; Enter or the arrows step to older and newer matches, each shown in context and highlighted.
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import { searchArchive, type SearchResult } from '../archive/search/search-archive';
import { isEmptyQuery, parseSearchQuery } from '../archive/search/search-query';
import { useAppStore } from '../state/use-app-store';
import { useClock } from './clock-context';
import { useExpiryNow } from './use-expiry-now';

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
  // What the latest search found, and when (by the clock disappearing messages expire by).
  const [found, setFound] = useState<{ readonly results: readonly SearchResult[]; readonly at: number }>({
    results: [],
    at: -Infinity,
  });
  // By ID, not place: matches newer than it may expire while it is shown.
  const [currentId, setCurrentId] = useState<string | null>(null);
  const clock = useClock();
  const now = useExpiryNow(
    found.results.map((result) => result.expiresAt),
    clock,
    found.at,
  );
  // A match whose disappearing message expired is no match: stepping to it would show nothing.
  const matches = useMemo(
    () =>
      found.results
        .filter((result) => result.expiresAt === undefined || result.expiresAt > now)
        .map((result) => result.id),
    [found, now],
  );
  const [failure, setFailure] = useState<string | null>(null);
  const { peer, conversation } = props;

  useEffect(() => {
    const query = parseSearchQuery(`${text} `);
    // Only the latest search answers, and only while the bar is open: one overtaken by more typing may finish
    // after it, and one finishing after Escape or after the user left the conversation must not bring it back.
    let live = true;
    const timer = window.setTimeout(() => {
      if (!archive || isEmptyQuery(query)) {
        setFound({ results: [], at: clock.now() });
        setFailure(null);
        return;
      }
      void searchArchive(archive, query, { limit: MAX_MATCHES, names: new Map(), conversation }).then(
        (answer) => {
          if (!live) {
            return;
          }
          const at = clock.now();
          const results = answer.filter((result) => result.expiresAt === undefined || result.expiresAt > at);
          setFound({ results, at });
          setCurrentId(results[0]?.id ?? null);
          setFailure(null);
          if (results[0]) {
            showMessage(peer, results[0].id);
          }
        },
        (error: unknown) => {
          if (live) {
            setFound({ results: [], at: clock.now() });
            setFailure(String(error));
          }
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [archive, clock, conversation, peer, showMessage, text]);

  // When the current match expires, the bar stands on the next older match still there (else the newer one), as
  // stepping from it would have, and shows it.
  const standing = useMemo(() => {
    if (currentId === null || matches.includes(currentId)) {
      return currentId;
    }
    const place = found.results.findIndex((result) => result.id === currentId);
    const older = found.results.slice(place + 1).find((result) => matches.includes(result.id));
    return older?.id ?? matches.at(-1) ?? null;
  }, [currentId, found, matches]);
  useEffect(() => {
    if (standing !== null && standing !== currentId) {
      showMessage(peer, standing);
    }
  }, [currentId, peer, showMessage, standing]);
  const at = Math.max(0, standing === null ? 0 : matches.indexOf(standing));
  const step = (by: number) => {
    if (matches.length === 0) {
      return;
    }
    const next = (at + by + matches.length) % matches.length;
    const id = matches[next];
    if (id) {
      setCurrentId(id);
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
              : `${String(at + 1)} of ${matches.length >= MAX_MATCHES ? `${String(MAX_MATCHES)}+` : String(matches.length)}`}
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
