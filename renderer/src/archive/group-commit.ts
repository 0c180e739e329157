// Group commit for IndexedDB: writes asked for while a transaction is committing wait and then run together
// in the next one. Each caller still gets its own result only once its transaction has committed, so nothing
// is reported stored before it is; but a burst of N writes costs a few commits instead of N (an IndexedDB
// commit costs about 1.5 ms in Chromium, the writes inside it a small fraction of that).
import type { Dexie, Table } from 'dexie';

interface Pending {
  readonly write: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Writes queued beyond this many wait for the next transaction (keeps one commit's work bounded). */
const MAX_WRITES_PER_TRANSACTION = 512;

export type GroupWriter = <T>(write: () => Promise<T>) => Promise<T>;

/** `onAbort` runs after any transaction fails, before more writes run (to drop state the writes cached). */
export const createGroupWriter = (
  db: Dexie,
  tables: readonly Table[],
  onAbort: () => Promise<void> = () => Promise.resolve(),
): GroupWriter => {
  let queue: Pending[] = [];
  let flushing = false;

  const runAlone = async (pending: Pending): Promise<void> => {
    try {
      pending.resolve(await db.transaction('rw', tables, pending.write));
    } catch (error) {
      await onAbort();
      pending.reject(error);
    }
  };

  const flush = async (): Promise<void> => {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_WRITES_PER_TRANSACTION);
      queue = queue.slice(batch.length);
      if (batch.length === 1 && batch[0]) {
        await runAlone(batch[0]);
        continue;
      }
      try {
        const results = await db.transaction('rw', tables, async () => {
          const out: unknown[] = [];
          for (const pending of batch) {
            out.push(await pending.write());
          }
          return out;
        });
        batch.forEach((pending, index) => pending.resolve(results[index]));
      } catch {
        // One failed write aborts the whole transaction: run each alone, so only the failing one fails.
        await onAbort();
        for (const pending of batch) {
          await runAlone(pending);
        }
      }
    }
    flushing = false;
  };

  return <T>(write: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!flushing) {
        void flush();
      }
    });
};
