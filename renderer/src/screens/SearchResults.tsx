// Search results in the sidebar, newest first: the conversation, who wrote it, when, and a snippet with the
// matching words marked. Choosing one opens its conversation at that message, with its neighbours. A result whose
// message is deleted or expires while it is shown goes (use-live-results.ts).
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { Clock } from '../../../shared/ports/clock';
import type { ArchiveDb } from '../archive/archive-db';
import { searchArchive, type SearchResult } from '../archive/search/search-archive';
import { isEmptyQuery, parseSearchQuery } from '../archive/search/search-query';
import type { Snippet } from '../archive/search/snippet';
import { foldedWords } from '../archive/search/text-folding';
import { useClock } from './clock-context';
import { useAppStore } from '../state/use-app-store';
import { contactName, listTime } from './contact-name';
import { useLiveResults } from './use-live-results';

/** Results shown at once (the first page). */
const PAGE = 50;
/** Typing pauses this long before the archive is searched. */
const DEBOUNCE_MS = 120;
const NONE: readonly SearchResult[] = [];

const Marked = ({ snippet }: { snippet: Snippet }) => {
  const parts: React.ReactNode[] = [];
  let at = 0;
  snippet.marks.forEach(([from, to], index) => {
    parts.push(snippet.text.slice(at, from), <mark key={index}>{snippet.text.slice(from, to)}</mark>);
    at = to;
  });
  parts.push(snippet.text.slice(at));
  return (
    <span className="snippet">
      {snippet.cutStart ? '…' : ''}
      {parts}
      {snippet.cutEnd ? '…' : ''}
    </span>
  );
};

const contactNames = async (db: ArchiveDb) => {
  const contacts = await db.contacts.toArray();
  return new Map<PeerId, string | undefined>(contacts.map((contact) => [contact.peer, contact.displayName]));
};

/** `clock` judges disappearing messages' expiry: the screens' (ClockContext) unless given. */
export const SearchResults = ({ text, clock: given }: { text: string; clock?: Clock }) => {
  const screenClock = useClock();
  const clock = given ?? screenClock;
  const archive = useAppStore((state) => state.archive);
  const showMessage = useAppStore((state) => state.showMessage);
  const names = useLiveQuery(
    () => (archive ? contactNames(archive) : new Map<PeerId, string | undefined>()),
    [archive],
  );
  const [results, setResults] = useState<{
    text: string;
    found: readonly SearchResult[];
    /** When the search answered. */
    at: number;
    failure?: string;
  } | null>(null);
  const [now] = useState(() => clock.now());
  const found = results?.found ?? NONE;
  const { shown, lost } = useLiveResults(archive, found, results?.at ?? 0, clock);
  // A full page may have more matches behind it: when one of its messages leaves the archive, the search runs
  // again to fill the page (once per answer; a page that was not full just loses the result).
  const full = found.length === PAGE;
  const [refilled, setRefilled] = useState<readonly SearchResult[] | null>(null);
  if (lost && full && refilled !== found) {
    setRefilled(found);
  }

  useEffect(() => {
    if (!archive || !names) {
      return;
    }
    const query = parseSearchQuery(text);
    // Only the latest search answers: one overtaken by more typing may finish after it, and is dropped.
    let live = true;
    const timer = window.setTimeout(() => {
      if (isEmptyQuery(query)) {
        setResults({ text, found: [], at: clock.now() });
        return;
      }
      const folded = new Map(
        [...names].flatMap(([peer, name]) => (name ? [[peer, foldedWords(name).join(' ')]] : [])),
      );
      void searchArchive(archive, query, { limit: PAGE, names: folded }).then(
        (found) => {
          if (live) {
            setResults({ text, found, at: clock.now() });
          }
        },
        (error: unknown) => {
          if (live) {
            setResults({ text, found: [], at: clock.now(), failure: String(error) });
          }
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [archive, names, text, clock, refilled]);

  const nameOf = (peer: PeerId) => contactName(peer, names?.get(peer));
  return (
    <section aria-label="Search results" className="search-results">
      <p className="muted small" role="status" data-testid="search-status">
        {results === null || results.text !== text
          ? 'Searching…'
          : results.failure !== undefined
            ? `The archive could not be searched: ${results.failure}`
            : shown.length === 0 && !full
              ? 'No messages match.'
              : `${String(shown.length)}${full ? '+' : ''} ${shown.length === 1 && !full ? 'message' : 'messages'}`}
      </p>
      {results?.text === text && shown.length === 0 && !full && results.failure === undefined && (
        // The filters are otherwise only in the field's placeholder, which is too short to hold them.
        <p className="muted small" data-testid="search-hint">
          Words or "a phrase", narrowed with from:name, in:name, before:2026-01-31, after:2025-12-01 or
          has:link.
        </p>
      )}
      <ul className="contacts" data-testid="search-results">
        {shown.map((result) => (
          <li key={result.id}>
            <button className="contact result" onClick={() => showMessage(result.peer, result.id)}>
              <span className="contact-text">
                <span className="contact-line">
                  <span className="contact-name">{nameOf(result.peer)}</span>
                  <time className="muted small" dateTime={new Date(result.sentAt).toISOString()}>
                    {listTime(result.sentAt, now)}
                  </time>
                </span>
                <span className="small">
                  <span className="muted">{result.fromMe ? 'You: ' : ''}</span>
                  <Marked snippet={result.snippet} />
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
};
