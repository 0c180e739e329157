// The search index's background upkeep for one archive: compaction of the queue (index-compaction.ts) and, after
// the fold changed, folding stored words again (refold.ts). Behind the compactor's interface, so the message
// store and the compactor's Worker start and stop both as one.
import {
  createIndexCompactor,
  type CompactionDb,
  type CompactionOptions,
  type IndexCompactor,
} from './index-compaction';
import { REFOLD, startRefold, type RefoldDb } from './refold';

export const startIndexUpkeep = (
  db: CompactionDb & RefoldDb,
  options: CompactionOptions,
  alreadyQueued: number,
): IndexCompactor => {
  const compactor = createIndexCompactor(db, options, alreadyQueued);
  const refolder = startRefold(db, { ...REFOLD, onError: options.onError });
  return {
    queued: (count) => compactor.queued(count),
    flush: () => compactor.flush(),
    async stop() {
      await Promise.all([refolder.stop(), compactor.stop()]);
    },
  };
};
