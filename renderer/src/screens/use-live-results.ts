// Search results as the archive holds them now. A search answers once, but a message it found may leave the archive
// while its results are shown (deleted for me or by its sender, cleared, purged by retention or expiry) or its
// disappearing timer may run out before the purge: such a result is no longer shown. One live query over the
// results' IDs (a page, at most 50 keys) answers each deletion without searching again, and a timer waits for the
// earliest expiry among them (use-expiry-now.ts).
import { useLiveQuery } from 'dexie-react-hooks';
import type { Clock } from '../../../shared/ports/clock';
import type { ArchiveDb } from '../archive/archive-db';
import type { SearchResult } from '../archive/search/search-archive';
import { useExpiryNow } from './use-expiry-now';

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
  const now = useExpiryNow(
    found.map((result) => result.expiresAt),
    clock,
    foundAt,
  );
  // Until the live query has answered for these results, the search's own read of them is the latest word.
  const ids = present?.found === found ? present.ids : null;
  const shown = found.filter(
    (result) =>
      (ids === null || ids.has(result.id)) && (result.expiresAt === undefined || result.expiresAt > now),
  );
  return { shown, lost: ids !== null && ids.size < found.length };
};
