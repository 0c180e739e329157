// Group commit for IndexedDB: writes are queued and run one after another, each seeing the ones before it. A
// kind of write that comes in bursts (a message stored, a status changed) is declared `batched`: consecutive
// queued items of that kind run as one call over all of them, in one transaction, with one bulk request per
// table instead of a round trip per item, so a burst of N costs a few commits instead of N (an IndexedDB
// commit costs about 1.5 ms in Chromium). Each caller gets its result only once its transaction has committed,
// so nothing is reported stored before it is. A write whose result nobody waits on closely (a message marked
// sent) may linger briefly for the next write, so that at a steady stream it does not cost a commit of its own.
import type { Dexie, Table } from 'dexie';

/** Runs a batch of items, in order, as if each ran alone after the ones before it; one result per item. */
export type BatchRun<I, R> = (items: readonly I[]) => Promise<readonly R[]>;

type Work =
  | { readonly kind: 'single'; readonly write: () => Promise<unknown> }
  | {
      readonly kind: 'batched';
      readonly run: BatchRun<unknown, unknown>;
      readonly item: unknown;
      /** It may wait a little for other writes to share its transaction (see `batched`). */
      readonly lingers: boolean;
    };

type Pending = Work & {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
};

/** Writes queued beyond this many wait for the next transaction (keeps one commit's work bounded). */
const MAX_WRITES_PER_TRANSACTION = 512;

/** The longest a lingering write waits for company before it is written alone. */
export const LINGER_MS = 50;

export interface GroupWriter {
  /** Writes what is queued now, lingering writes too; resolves when the queue is empty (before a close). */
  readonly settle: () => Promise<void>;
  /** One write, run after every write queued before it. */
  readonly write: <T>(write: () => Promise<T>) => Promise<T>;
  /**
   * A kind of write whose consecutive queued items run as one call to `run`. An item for which `lingers` holds
   * does not start a transaction of its own at once: it waits up to LINGER_MS for the next write, and runs
   * with it (in one transaction, if that write is of its kind).
   */
  readonly batched: <I, R>(run: BatchRun<I, R>, lingers?: (item: I) => boolean) => (item: I) => Promise<R>;
}

/** Runs the pending writes in order, consecutive items of one batched kind together; one result each. */
const runInOrder = async (batch: readonly Pending[]): Promise<unknown[]> => {
  const results: unknown[] = [];
  let at = 0;
  while (at < batch.length) {
    const first = batch[at] as Pending;
    if (first.kind === 'single') {
      results.push(await first.write());
      at += 1;
      continue;
    }
    const items: unknown[] = [];
    let end = at;
    for (let next = batch[end]; next?.kind === 'batched' && next.run === first.run; next = batch[end]) {
      items.push(next.item);
      end += 1;
    }
    const outcomes = await first.run(items);
    if (outcomes.length !== items.length) {
      throw new Error(`a batched write returned ${outcomes.length} results for ${items.length} items`);
    }
    results.push(...outcomes);
    at = end;
  }
  return results;
};

/** `onAbort` runs after any transaction fails, before more writes run (to drop state the writes cached). */
export const createGroupWriter = (
  db: Dexie,
  tables: readonly Table[],
  onAbort: () => Promise<void> = () => Promise.resolve(),
): GroupWriter => {
  let queue: Pending[] = [];
  /** The flush under way, if any. */
  let flushing: Promise<void> | null = null;
  /** Set while only lingering writes are queued: when they stop waiting. */
  let lingering: ReturnType<typeof setTimeout> | null = null;

  const runAlone = async (pending: Pending): Promise<void> => {
    try {
      const [result] = await db.transaction('rw', tables, () => runInOrder([pending]));
      pending.resolve(result);
    } catch (error) {
      await onAbort();
      pending.reject(error);
    }
  };

  /** Runs one run (a single write, or consecutive items of one batched kind) in its own transaction. */
  const runTogether = async (run: readonly Pending[]): Promise<void> => {
    if (run.length === 1 && run[0]) {
      await runAlone(run[0]);
      return;
    }
    try {
      const results = await db.transaction('rw', tables, () => runInOrder(run));
      run.forEach((pending, index) => pending.resolve(results[index]));
    } catch {
      // One failed item aborts the whole transaction: run each alone, so only the failing one fails.
      await onAbort();
      for (const pending of run) {
        await runAlone(pending);
      }
    }
  };

  // Each transaction holds one run and nothing else. Between two writes in one transaction a write that issues
  // no request (a sequence number seen already) leaves IndexedDB nothing pending, and it may commit early
  // (Dexie's PrematureCommitError) with half the writes in: the concurrency property test caught that.
  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const first = queue[0] as Pending;
      let length = 1;
      if (first.kind === 'batched') {
        while (length < Math.min(queue.length, MAX_WRITES_PER_TRANSACTION)) {
          const next = queue[length];
          if (next?.kind !== 'batched' || next.run !== first.run) {
            break;
          }
          length += 1;
        }
      }
      const run = queue.slice(0, length);
      queue = queue.slice(length);
      await runTogether(run);
    }
    // In the same turn as the last look at the queue: a write queued after it starts a flush of its own.
    flushing = null;
  };

  const flush = (): Promise<void> => {
    if (lingering !== null) {
      clearTimeout(lingering);
      lingering = null;
    }
    if (flushing === null && queue.length > 0) {
      flushing = drain();
    }
    return flushing ?? Promise.resolve();
  };

  const enqueue = <T>(work: Work) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ ...work, resolve: resolve as (value: unknown) => void, reject });
      if (flushing !== null) {
        return;
      }
      if (work.kind === 'batched' && work.lingers) {
        lingering ??= setTimeout(() => void flush(), LINGER_MS);
        return;
      }
      void flush();
    });

  return {
    settle: flush,
    write: <T>(write: () => Promise<T>) => enqueue<T>({ kind: 'single', write }),
    batched: <I, R>(run: BatchRun<I, R>, lingers: (item: I) => boolean = () => false) => {
      const erased = run as BatchRun<unknown, unknown>;
      return (item: I) => enqueue<R>({ kind: 'batched', run: erased, item, lingers: lingers(item) });
    },
  };
};
