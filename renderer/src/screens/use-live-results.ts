// Search results as the archive holds them now. A search answers once, but a message it found may leave the archive
// while its results are shown (deleted for me or by its sender, cleared, purged by retention or expiry) or its
// disappearing timer may run out before the purge: such a result is no longer shown. One live query over the
// results' IDs (a page, at most 50 keys) answers each deletion without searching again, and a timer waits for the
// earliest expiry among them.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { Clock } from '../../../shared/ports/clock';
import type { ArchiveDb } from '../archive/archive-db';
import type { SearchResult } from '../archive/search/search-archive';

/** Longest delay a JavaScript timer takes (longer ones fire at once). */
const MAX_DELAY_MS = 2 ** 31 - 1;

export interface LiveResults {
  /** The results whose messages are still in the archive and not expired, in the search's order. */
  readonly shown: readonly SearchResult[];
  /** Some result's message has left the archive since the search. */
  readonly lost: boolean;
}

/** `found` was answered at `foundAt` (by `clock`); results expire by the same clock. */
export const useLiveResults = (
  archive: ArchiveDb | null,
  found: readonly SearchResult[],
  foundAt: number,
  clock: Clock,
): LiveResults => {
  const present = useLiveQuery(
    async () => ({
      found,
      ids: new Set<string>(
        archive
          ? await archive.messages
              .where('id')
              .anyOf(found.map((result) => result.id))
              .primaryKeys()
          : [],
      ),
    }),
    [archive, found],
  );
  const [tick, setTick] = useState(() => clock.now());
  const now = Math.max(tick, foundAt);
  // Until the live query has answered for these results, the search's own read of them is the latest word.
  const ids = present?.found === found ? present.ids : null;
  const shown = found.filter(
    (result) =>
      (ids === null || ids.has(result.id)) && (result.expiresAt === undefined || result.expiresAt > now),
  );
  let nextExpiry = Infinity;
  for (const result of shown) {
    nextExpiry = Math.min(nextExpiry, result.expiresAt ?? Infinity);
  }

  useEffect(() => {
    if (nextExpiry === Infinity) {
      return;
    }
    const wait = nextExpiry - clock.now();
    const handle = clock.setTimeout(
      // The timer was set for that expiry: a clock a millisecond behind it must not keep the result. A wait
      // longer than a timer takes only moves the time on, and the next timer waits for the rest.
      () => setTick(wait > MAX_DELAY_MS ? clock.now() : Math.max(clock.now(), nextExpiry)),
      Math.min(MAX_DELAY_MS, Math.max(0, wait)),
    );
    return () => clock.clearTimeout(handle);
  }, [clock, nextExpiry, tick]);

  return { shown, lost: ids !== null && ids.size < found.length };
};
