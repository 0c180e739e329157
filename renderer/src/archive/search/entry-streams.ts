// The index entries a search walks, as streams newest first, read a step at a time: one word's entries, and
// several words' merged (a prefix stands for every word it begins). A search stops reading once its page is
// full, so a common word costs what a rare one does.
import { newerEntryFirst, readBackwards, type IndexEntry } from './word-index';
import { wordRange } from './word-keys';

export interface EntryStream {
  /** The next entries, newest first; null once none are left. */
  next(): Promise<readonly IndexEntry[] | null>;
}

/** The entries of `word` for messages sent in [after, before), newest first, `step` or so at a time. */
export const wordStream = (
  idb: IDBDatabase,
  word: string,
  bounds: { readonly after: number | null; readonly before: number | null },
  step: number,
  /** Where a step already read stopped: the stream starts below this key. */
  below?: string,
): EntryStream => {
  const range = wordRange(word, bounds.after, bounds.before);
  let upper = below ?? range.upper;
  let exhausted = false;
  return {
    async next() {
      if (exhausted) {
        return null;
      }
      const read = await readBackwards(idb, range.lower, upper, step);
      const last = read.entries[read.entries.length - 1];
      exhausted = read.exhausted || last === undefined;
      if (last === undefined) {
        return null;
      }
      // Whole key groups are read, so the next step starts just below the last key.
      upper = last.key;
      return read.entries;
    },
  };
};

/** A stream whose first step was already read (while choosing which word to walk). */
export const startingWith = (first: readonly IndexEntry[] | null, rest: EntryStream): EntryStream => {
  let pending = first;
  return {
    next() {
      if (pending === null) {
        return rest.next();
      }
      const chunk = pending;
      pending = null;
      return Promise.resolve(chunk.length > 0 ? chunk : rest.next());
    },
  };
};

/**
 * Several streams as one, newest first. An entry is let out only once every stream that is not finished has
 * something buffered, so nothing newer can still come from another.
 */
export const mergedStream = (sources: readonly EntryStream[], step: number): EntryStream => {
  const buffers = sources.map(() => ({ entries: [] as readonly IndexEntry[], at: 0, done: false }));
  const refill = () =>
    Promise.all(
      sources.map(async (source, index) => {
        const buffer = buffers[index];
        if (buffer && !buffer.done && buffer.at >= buffer.entries.length) {
          const chunk = await source.next();
          if (chunk === null) {
            buffer.done = true;
          } else {
            buffer.entries = chunk;
            buffer.at = 0;
          }
        }
      }),
    );
  return {
    async next() {
      const out: IndexEntry[] = [];
      while (out.length < step) {
        await refill();
        let newest: { readonly entry: IndexEntry; readonly buffer: (typeof buffers)[number] } | null = null;
        for (const buffer of buffers) {
          const entry = buffer.entries[buffer.at];
          if (
            buffer.at < buffer.entries.length &&
            entry &&
            (!newest || newerEntryFirst(entry, newest.entry) < 0)
          ) {
            newest = { entry, buffer };
          }
        }
        if (newest === null) {
          break;
        }
        newest.buffer.at += 1;
        out.push(newest.entry);
      }
      return out.length > 0 ? out : null;
    },
  };
};
