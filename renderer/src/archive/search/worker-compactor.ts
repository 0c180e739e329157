// The page's side of the compactor's Worker (compaction-worker.ts): the same IndexCompactor as the one that runs
// on the page, so the message store does not know which it has.
import { proxy, wrap } from 'comlink';
import type { CompactionWorkerEndpoint } from './compaction-worker';
import type { CompactionOptions, IndexCompactor } from './index-compaction';

/** How long the Worker may take to open the archive, and to stop, before the page gives up on it. */
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

const newCompactionWorker = (): Worker =>
  new Worker(new URL('./compaction-worker.ts', import.meta.url), {
    type: 'module',
    name: 'parley-search-index',
  });

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the search index worker did not ${what} in time`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

/**
 * Starts a compactor for the archive database named `database` in a Worker of its own; rejects (and leaves no
 * Worker behind) if the Worker cannot open the archive. A Worker that fails later is reported through
 * `onError` once and ended; what is queued stays queued, and searchable, for the next session.
 */
export const startWorkerCompactor = async (
  database: string,
  { onError, ...options }: CompactionOptions,
  alreadyQueued: number,
  createWorker: () => Worker = newCompactionWorker,
): Promise<IndexCompactor> => {
  const worker = createWorker();
  const remote = wrap<CompactionWorkerEndpoint>(worker);
  let ended = false;
  const end = () => {
    ended = true;
    worker.terminate();
  };
  // Comlink leaves a call to a Worker that died unanswered: its error event settles the calls waiting instead.
  let failWaiting: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    failWaiting = reject;
  });
  failed.catch(() => undefined);
  let started = false;
  worker.addEventListener('error', (event) => {
    const error = new Error(`the search index worker failed: ${event.message || 'no reason given'}`);
    failWaiting(error);
    if (started && !ended) {
      onError(error);
    }
    end();
  });
  const call = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, failed]);
  try {
    await within(
      call(
        remote.start(
          { database, alreadyQueued, options },
          proxy((name: string, message: string) => {
            const error = new Error(message);
            error.name = name;
            onError(error);
          }),
        ),
      ),
      START_TIMEOUT_MS,
      'open the archive',
    );
  } catch (error) {
    end();
    throw error;
  }
  started = true;
  return {
    queued(count) {
      if (!ended && count > 0) {
        void call(remote.queued(count)).catch(() => undefined);
      }
    },
    flush: () => (ended ? Promise.resolve() : call(remote.flush())),
    async stop() {
      if (ended) {
        return;
      }
      try {
        await within(call(remote.stop()), STOP_TIMEOUT_MS, 'stop');
      } finally {
        end();
      }
    },
  };
};
