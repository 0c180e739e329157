// How a query with words finds its newest matches: it goes back through time in windows. In each window it reads,
// straight from the index, the IDs of the messages that have each of its sparse terms (a word, or any word a
// prefix begins) and keeps those that have them all; only those messages are read and checked against the rest
// of the query (a term so common that listing it would cost more is checked there too). Windows are sized from
// how far back the sparsest term's newest entries reach, and grow while they find little, so a page costs a few
// index reads whether its words are rare or common.
import type { MessageRecord } from '../archive-db';
import { idsInRanges, oldestIn, readBackwards } from './word-index';
import { timeOf, wordRange } from './word-keys';

/** A query term: one word, or every word a prefix begins (a message needs one of them). */
export type Term = readonly string[];

interface Bounds {
  readonly after: number | null;
  readonly before: number | null;
}

export interface WindowsOptions {
  readonly limit: number;
  /** Entries read from each word to judge how common it is. */
  readonly probe: number;
  /** Entries of the sparsest term a window aims at; windows grow or shrink towards it. */
  readonly windowTarget: number;
  readonly readRecords: (ids: readonly string[]) => Promise<readonly (MessageRecord | undefined)[]>;
  readonly matches: (record: MessageRecord) => boolean;
}

/** A term this many times denser than the sparsest is checked on the messages rather than listed. */
const LISTED_DENSITY_RATIO = 20;

/** A term's words' newest `probe` entries each (within the bounds): how common it is, and where it starts. */
const probeTerm = (idb: IDBDatabase, term: Term, bounds: Bounds, probe: number) =>
  Promise.all(
    term.map((word) => {
      const range = wordRange(word, bounds.after, bounds.before);
      // A prefix's words share the probe: their sum is what matters, and a few entries each tell it.
      return readBackwards(idb, range.lower, range.upper, Math.max(8, Math.ceil(probe / term.length)));
    }),
  );

/** Entries per millisecond of a term below `top`, judged from its words' probes. */
const densityOf = (reads: Awaited<ReturnType<typeof probeTerm>>, top: number): number => {
  let density = 0;
  for (const read of reads) {
    const last = read.entries[read.entries.length - 1];
    if (last !== undefined) {
      // The span its entries cover: down to its oldest when it ran out, else as far as the probe reached.
      const span = top - timeOf(last.key);
      density += read.entries.length / Math.max(1, span);
    }
  }
  return density;
};

const intersect = (sets: readonly ReadonlySet<string>[]): string[] => {
  const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  return smallest ? [...smallest].filter((id) => rest.every((set) => set.has(id))) : [];
};

export const searchByWindows = async (
  idb: IDBDatabase,
  terms: readonly Term[],
  bounds: Bounds,
  options: WindowsOptions,
): Promise<MessageRecord[]> => {
  const probes = await Promise.all(terms.map((term) => probeTerm(idb, term, bounds, options.probe)));
  // The first window starts just above the newest entry of any term's words.
  const newest = Math.max(
    ...probes.flat().map((read) => (read.entries[0] === undefined ? -1 : timeOf(read.entries[0].key))),
  );
  if (newest < 0) {
    return [];
  }
  const top = newest + 1;
  const densities = probes.map((reads) => densityOf(reads, top));
  const sparsest = Math.min(...densities);
  if (sparsest === 0) {
    // A term none of whose words is here: nothing matches.
    return [];
  }
  const listed = terms.filter((_, at) => (densities[at] ?? 0) <= sparsest * LISTED_DENSITY_RATIO);
  const driver = terms[densities.indexOf(sparsest)] ?? [];
  const oldestTimes = await Promise.all(
    driver.map((word) => {
      const range = wordRange(word, bounds.after, bounds.before);
      return oldestIn(idb, range.lower, range.upper);
    }),
  );
  const floor = Math.max(bounds.after ?? 0, Math.min(...oldestTimes.map((time) => time ?? Infinity)));

  const found: MessageRecord[] = [];
  const seen = new Set<string>();
  let upper = top;
  let width = Math.max(1, Math.ceil(options.windowTarget / sparsest));
  while (found.length < options.limit && upper > floor) {
    const lower = Math.max(floor, upper - width);
    const window = { after: lower, before: upper };
    const ranges = listed.flatMap((term) => term.map((word) => wordRange(word, window.after, window.before)));
    const lists = await idsInRanges(idb, ranges);
    let at = 0;
    const sets = listed.map((term) => {
      const ids = new Set<string>();
      for (let i = 0; i < term.length; i += 1) {
        (lists[at] ?? []).forEach((id) => ids.add(id));
        at += 1;
      }
      return ids;
    });
    const candidates = intersect(sets).filter((id) => !seen.has(id) && seen.add(id));
    const records = await options.readRecords(candidates);
    found.push(
      ...records.filter((record): record is MessageRecord => record !== undefined && options.matches(record)),
    );
    // Steer the next window towards the target by what the driving term held in this one.
    const driven = sets[listed.indexOf(driver)]?.size ?? 0;
    width =
      driven < options.windowTarget / 2
        ? width * 2
        : driven > options.windowTarget * 4
          ? Math.ceil(width / 2)
          : width;
    upper = lower;
  }
  return found;
};
