// Which of many IDs a table already holds, for an import of up to a million messages. The IDs are sorted and
// taken in windows; each window's key range is read as keys alone (one getAllKeys request, no records), where a
// bulkGet costs a request per ID and reads every record whole. Only where the table is much denser than the
// window (it holds more keys in that range than `keysPerWindow`) does the window seek its IDs one by one.
import type { Table } from 'dexie';

export interface KnownIdsOptions {
  /** IDs looked up per key range. */
  readonly window: number;
  /** The most keys read from one range before that window is looked up ID by ID instead. */
  readonly keysPerWindow: number;
}

const DEFAULTS: KnownIdsOptions = { window: 2_000, keysPerWindow: 8_000 };

export const knownIds = async <T>(
  table: Table<T, string>,
  ids: readonly string[],
  { window, keysPerWindow }: KnownIdsOptions = DEFAULTS,
): Promise<Set<string>> => {
  // JavaScript's default sort and IndexedDB both order strings by UTF-16 code units.
  const sorted = [...ids].sort();
  const known = new Set<string>();
  const lookups: Promise<void>[] = [];
  for (let at = 0; at < sorted.length; at += window) {
    const wanted = sorted.slice(at, at + window);
    const [lowest, highest] = [wanted[0], wanted.at(-1)];
    if (lowest === undefined || highest === undefined) {
      continue;
    }
    lookups.push(
      (async () => {
        const keys = await table
          .where(':id')
          .between(lowest, highest, true, true)
          .limit(keysPerWindow)
          .primaryKeys();
        if (keys.length < keysPerWindow) {
          const inWindow = new Set(wanted);
          keys.forEach((key) => inWindow.has(key) && known.add(key));
          return;
        }
        // A key cursor that jumps from one wanted ID to the next: it never loads a record, which on a large
        // archive on disk is what a bulkGet spends its time on.
        (await table.where(':id').anyOf(wanted).primaryKeys()).forEach((key) => known.add(key));
      })(),
    );
  }
  await Promise.all(lookups);
  return known;
};
