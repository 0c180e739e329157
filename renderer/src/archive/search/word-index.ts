// Reading the full-text index (word-keys.ts) the way a search walks it: one word's entries newest first, a step
// at a time, and the distinct words under a prefix. Raw IndexedDB key cursors, because these need what Dexie's
// collections do not offer: a key cursor's primary keys in reverse, and jumping past a whole word at once.
import { timeOf, wordOf } from './word-keys';

/** One entry of the index: a word-time key and the message that has it. */
export interface IndexEntry {
  readonly key: string;
  readonly id: string;
}

const STORE = 'messages';
const INDEX = 'wordKeys';

/** Newest first: by the key's time, then message ID, both descending (the search's order of results). */
export const newerEntryFirst = (a: IndexEntry, b: IndexEntry): number =>
  timeOf(b.key) - timeOf(a.key) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const keyCursor = (
  idb: IDBDatabase,
  range: IDBKeyRange,
  direction: IDBCursorDirection,
  visit: (cursor: IDBCursor) => boolean,
): Promise<void> =>
  new Promise((resolve, reject) => {
    const request = idb
      .transaction(STORE, 'readonly')
      .objectStore(STORE)
      .index(INDEX)
      .openKeyCursor(range, direction);
    request.onerror = () => reject(request.error ?? new Error('index read failed'));
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor === null || !visit(cursor)) {
        resolve();
      }
    };
  });

/**
 * Entries in [lower, upper) from the highest key down: at least `max` unless the range runs out, and never half
 * of one key's entries, so the next step may start below the last key.
 */
export const readBackwards = async (
  idb: IDBDatabase,
  lower: string,
  upper: string,
  max: number,
): Promise<{ readonly entries: IndexEntry[]; readonly exhausted: boolean }> => {
  const entries: IndexEntry[] = [];
  let exhausted = true;
  if (lower >= upper) {
    return { entries, exhausted };
  }
  await keyCursor(idb, IDBKeyRange.bound(lower, upper, false, true), 'prev', (cursor) => {
    const key = cursor.key as string;
    if (entries.length >= max && entries[entries.length - 1]?.key !== key) {
      exhausted = false;
      return false;
    }
    entries.push({ key, id: cursor.primaryKey as string });
    cursor.continue();
    return true;
  });
  return { entries, exhausted };
};

/** The distinct words in [lower, upper), at most `max` (null when there are more). */
export const distinctWords = async (
  idb: IDBDatabase,
  lower: string,
  upper: string,
  max: number,
): Promise<string[] | null> => {
  const words: string[] = [];
  // Set inside the cursor callback (an object, so the type checker does not take it for a constant).
  const found = { tooMany: false };
  await keyCursor(idb, IDBKeyRange.bound(lower, upper, false, true), 'next', (cursor) => {
    const word = wordOf(cursor.key as string);
    if (words.length === max) {
      found.tooMany = true;
      return false;
    }
    words.push(word);
    // Past every key of this word: its keys are `word \0 time`, and \u0001 sorts above the NUL.
    const next = `${word}\u0001`;
    if (next >= upper) {
      return false;
    }
    cursor.continue(next);
    return true;
  });
  return found.tooMany ? null : words;
};

/** The message IDs under each range [lower, upper) of the index, all read in one transaction. */
export const idsInRanges = (
  idb: IDBDatabase,
  ranges: readonly { readonly lower: string; readonly upper: string }[],
): Promise<string[][]> =>
  new Promise((resolve, reject) => {
    const index = idb.transaction(STORE, 'readonly').objectStore(STORE).index(INDEX);
    const results: string[][] = ranges.map(() => []);
    let pending = 0;
    ranges.forEach(({ lower, upper }, at) => {
      if (lower >= upper) {
        return;
      }
      pending += 1;
      const request = index.getAllKeys(IDBKeyRange.bound(lower, upper, false, true));
      request.onerror = () => reject(request.error ?? new Error('index read failed'));
      request.onsuccess = () => {
        results[at] = request.result as string[];
        pending -= 1;
        if (pending === 0) {
          resolve(results);
        }
      };
    });
    if (pending === 0) {
      resolve(results);
    }
  });

/** The time of the oldest entry in [lower, upper), if any. */
export const oldestIn = async (
  idb: IDBDatabase,
  lower: string,
  upper: string,
): Promise<number | undefined> => {
  let oldest: number | undefined;
  if (lower < upper) {
    await keyCursor(idb, IDBKeyRange.bound(lower, upper, false, true), 'next', (cursor) => {
      oldest = timeOf(cursor.key as string);
      return false;
    });
  }
  return oldest;
};
