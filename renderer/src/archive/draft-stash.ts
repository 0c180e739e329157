// Drafts the archive may not have in time when the page goes away. An IndexedDB write begun as a page unloads is
// aborted with the page (the spec closes its connections), so a draft typed a moment before quitting would be
// lost. Web Storage is written synchronously: the draft keeper puts the drafts whose writes have not completed
// there as the page hides, and takes them back (and into the archive) when the archive next opens.
import { z } from 'zod';

const StashSchema = z.record(z.string(), z.string());

const keyOf = (archiveName: string): string => `parley-unsaved-drafts:${archiveName}`;

/** Keeps `drafts` (by peer) for the archive named `archiveName`, or nothing when there are none. */
export const stashDrafts = (
  storage: Storage,
  archiveName: string,
  drafts: ReadonlyMap<string, string>,
): void => {
  try {
    if (drafts.size === 0) {
      storage.removeItem(keyOf(archiveName));
    } else {
      storage.setItem(keyOf(archiveName), JSON.stringify(Object.fromEntries(drafts)));
    }
  } catch {
    // Storage full or refused: the archive writes under way are all there is.
  }
};

/**
 * The drafts stashed for the archive named `archiveName` (anything unreadable counts as none), removing them:
 * the caller writes them to the archive.
 */
export const takeStashedDrafts = (storage: Storage, archiveName: string): Record<string, string> => {
  try {
    const stored = storage.getItem(keyOf(archiveName));
    storage.removeItem(keyOf(archiveName));
    if (stored === null) {
      return {};
    }
    const parsed = StashSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
};
