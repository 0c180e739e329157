// Counts this page's IndexedDB work: transactions by mode and requests by table and method. In Chromium on disk
// a read-write transaction of one put cost the browser's storage threads 1.3-1.8 ms of CPU when transactions came
// 10 ms apart (0.4-0.6 ms back to back), and each further put 0.25-0.6 ms, so these counts follow the engine's
// storage cost per message more steadily than latency does on a shared machine (docs/SEARCH_INDEX.md). The
// compactor's Worker has IndexedDB objects of its own and is not counted (it runs only past 2,048 queued texts).

export type IdbRequestCounts = Record<string, number>;

const counts: IdbRequestCounts = {};

const bump = (key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

const REQUEST_METHODS = [
  'add',
  'put',
  'get',
  'getKey',
  'getAll',
  'getAllKeys',
  'count',
  'delete',
  'clear',
  'openCursor',
  'openKeyCursor',
] as const;

type Counted = Record<(typeof REQUEST_METHODS)[number], (...args: unknown[]) => unknown>;

/** Wraps each request method of a prototype so that a call is counted as `request:<table>:<method>`. */
const countRequests = (prototype: object, tableOf: (target: IDBObjectStore | IDBIndex) => string): void => {
  const methods = prototype as Partial<Counted>;
  for (const method of REQUEST_METHODS) {
    const original = methods[method];
    if (original === undefined) {
      continue;
    }
    methods[method] = function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
      bump(`request:${tableOf(this)}:${method}`);
      return original.apply(this, args);
    };
  }
};

countRequests(IDBObjectStore.prototype, (store) => store.name);
countRequests(IDBIndex.prototype, (index) => ('objectStore' in index ? index.objectStore.name : index.name));

// Taken unbound on purpose: the wrapper calls it with the database it is called on.
// eslint-disable-next-line @typescript-eslint/unbound-method
const openTransaction = IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction = function (
  this: IDBDatabase,
  ...args: Parameters<IDBDatabase['transaction']>
): IDBTransaction {
  bump(`transaction:${args[1] ?? 'readonly'}`);
  return openTransaction.apply(this, args);
};

/** A copy of the counts so far. */
export const idbRequestCounts = (): IdbRequestCounts => ({ ...counts });
