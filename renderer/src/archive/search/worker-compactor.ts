// The page's side of the compactor's Worker (compaction-worker.ts): the same IndexCompactor as the one that runs
// on the page, so the message store does not know which it has.
import { proxy, releaseProxy, wrap } from 'comlink';
import type { CompactionWorkerEndpoint } from './compaction-worker';
import type { CompactionOptions, IndexCompactor } from './index-compaction';

/**
 * Starts a compactor for the archive database named `database` in a Worker of its own; rejects (and leaves no
 * Worker behind) if the Worker cannot open the archive.
 */
export const startWorkerCompactor = async (
  database: string,
  { onError, ...options }: CompactionOptions,
  alreadyQueued: number,
): Promise<IndexCompactor> => {
  const worker = new Worker(new URL('./compaction-worker.ts', import.meta.url), {
    type: 'module',
    name: 'parley-search-index',
  });
  const remote = wrap<CompactionWorkerEndpoint>(worker);
  const end = () => {
    remote[releaseProxy]();
    worker.terminate();
  };
  // A Worker whose script fails to load answers nothing: its error event ends the wait instead.
  const loadFailed = new Promise<never>((_, reject) => {
    worker.addEventListener(
      'error',
      (event) => reject(new Error(`the search index worker failed: ${event.message || 'no reason given'}`)),
      { once: true },
    );
  });
  loadFailed.catch(() => undefined);
  try {
    await Promise.race([
      remote.start(
        { database, alreadyQueued, options },
        proxy((message: string) => onError(new Error(message))),
      ),
      loadFailed,
    ]);
  } catch (error) {
    end();
    throw error;
  }
  let stopped = false;
  return {
    queued(count) {
      if (!stopped && count > 0) {
        void remote.queued(count);
      }
    },
    flush: () => (stopped ? Promise.resolve() : remote.flush()),
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      try {
        await remote.stop();
      } finally {
        end();
      }
    },
  };
};
