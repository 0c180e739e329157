// Reading many records by ID in one or two requests instead of one each. IndexedDB has no multi-key get, so
// Dexie's bulkGet makes a request per key, and every request is a round trip to the browser's storage process:
// in a burst of messages those reads cost more than the writes. Message IDs are time-ordered (UUIDv7), so the
// IDs one batch touches (a burst of arrivals, the acks of a burst of sends) lie close together: one read of
// their span, capped at a few times their number, usually holds them all and little else. IDs beyond a full
// page (a span crowded with other records, such as an old message among new ones) are read key by key, so the
// answer is always exactly what bulkGet would give.
import { Dexie, type PromiseExtended, type Table } from 'dexie';

/**
 * A span read returns at most this many items per ID asked for (plus SPARE); the IDs past a denser span are read
 * key by key. Keys are cheap to read in passing, whole records (a message is kilobytes) less so.
 */
const KEYS_PER_ID = 4;
const RECORDS_PER_ID = 2;
const SPARE = 16;
/** Fewer IDs than this are read key by key: a span read would not save a request. */
const SPAN_FROM = 3;

/** Reads one page of the span [first, last] of a table's primary keys, `limit` items at most. */
type ReadSpan<K, R> = (first: K, last: K, limit: number) => PromiseExtended<R[]>;

/**
 * Finds which of `ids` a table holds: `found` receives every item of the span page, `rest` is read key by key
 * (all of `ids` when they are too few to be worth a span read). Dexie promises throughout, never an `async`
 * function: inside a transaction, awaiting any other kind of promise leaves the transaction, which commits early.
 */
const readBySpan = <K extends string, R>(
  ids: readonly K[],
  perId: number,
  readSpan: ReadSpan<K, R>,
  keyOf: (item: R) => K,
  readRest: (rest: K[]) => PromiseExtended<unknown>,
  found: (item: R) => void,
): PromiseExtended<unknown> => {
  // IndexedDB orders string keys by UTF-16 code units, as sort() does.
  const sorted = [...new Set(ids)].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (sorted.length < SPAN_FROM || first === undefined || last === undefined) {
    return readRest(sorted);
  }
  const limit = sorted.length * perId + SPARE;
  return readSpan(first, last, limit).then((page) => {
    page.forEach(found);
    const lastRead = page[page.length - 1];
    // A full page may have stopped short of `last`: the IDs beyond its last item are still unknown.
    const readUpTo = page.length < limit || lastRead === undefined ? last : keyOf(lastRead);
    const rest = sorted.filter((id) => id > readUpTo);
    return rest.length > 0 ? readRest(rest) : undefined;
  });
};

/** The records with these IDs (primary keys), in the order of `ids`, undefined where there is none: bulkGet's answer. */
export const getBySpan = <T extends { readonly id: K }, K extends string, I>(
  table: Table<T, K, I>,
  ids: readonly K[],
): PromiseExtended<(T | undefined)[]> => {
  const records = new Map<K, T>();
  const keep = (record: T | undefined): void => {
    if (record !== undefined) {
      records.set(record.id, record);
    }
  };
  return readBySpan<K, T>(
    ids,
    RECORDS_PER_ID,
    (first, last, limit) => table.where(':id').between(first, last, true, true).limit(limit).toArray(),
    (record) => record.id,
    (rest) => table.bulkGet(rest).then((found) => found.forEach(keep)),
    keep,
  ).then(() => ids.map((id) => records.get(id)));
};

/**
 * Which of these IDs (primary keys) the table holds. Reads keys only, a request per span or per ID as bulkGet
 * makes, so large records cost nothing: a message arriving alone is checked without reading any message back.
 */
export const existingBySpan = <T, K extends string, I>(
  table: Table<T, K, I>,
  ids: readonly K[],
): PromiseExtended<Set<K>> => {
  const wanted = new Set(ids);
  const existing = new Set<K>();
  const keep = (key: K): void => {
    if (wanted.has(key)) {
      existing.add(key);
    }
  };
  return readBySpan<K, K>(
    ids,
    KEYS_PER_ID,
    (first, last, limit) => table.where(':id').between(first, last, true, true).limit(limit).primaryKeys(),
    (key) => key,
    (rest) =>
      Dexie.Promise.all(
        rest.map((id) =>
          table
            .where(':id')
            .equals(id)
            .primaryKeys()
            .then((keys) => keys.forEach(keep)),
        ),
      ),
    keep,
  ).then(() => existing);
};
