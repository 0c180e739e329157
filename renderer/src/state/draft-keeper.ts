// Keeps the composer's drafts in the archive (archive/drafts.ts) as the user types, and puts them back when the
// archive opens: after a restart, a reload, or another tab handing over. Writes wait for a pause in typing, so
// a keystroke costs no write; they go at once when the page is hidden or closed, or the archive changes hands,
// and those not complete as the page hides are also stashed in Web Storage (archive/draft-stash.ts), which an
// unloading page cannot abort. While a text is being edited the composer holds the edit, not the draft: the
// draft put aside is kept as it was.
import type { StoreApi } from 'zustand/vanilla';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from '../archive/archive-db';
import { stashDrafts, takeStashedDrafts } from '../archive/draft-stash';
import { readDrafts, writeDraft } from '../archive/drafts';
import type { AppState } from './app-state';

/** How long typing must pause before a draft is written. */
export const DRAFT_WRITE_DELAY_MS = 400;

export interface DraftKeeperOptions {
  readonly delayMs?: number;
  readonly now?: () => number;
  /** Where drafts not yet written wait as the page hides: the page's localStorage unless given (null: none). */
  readonly stash?: Storage | null;
}

export const keepDrafts = (
  store: StoreApi<AppState>,
  {
    delayMs = DRAFT_WRITE_DELAY_MS,
    now = Date.now,
    stash = typeof localStorage === 'undefined' ? null : localStorage,
  }: DraftKeeperOptions = {},
): (() => void) => {
  let archive: ArchiveDb | null = null;
  // What the archive holds (or is being given), by peer: a change back to it needs no write.
  const kept = new Map<string, string>();
  const waiting = new Map<string, { readonly text: string; readonly timer: ReturnType<typeof setTimeout> }>();
  // Writes begun and not complete, by peer: what the stash must hold if the page goes now.
  const unconfirmed = new Map<string, string>();

  const write = (db: ArchiveDb, peer: string, text: string): void => {
    kept.set(peer, text);
    unconfirmed.set(peer, text);
    writeDraft(db, peer as PeerId, text, now()).then(
      () => {
        if (unconfirmed.get(peer) === text) {
          unconfirmed.delete(peer);
        }
      },
      () => {
        // A draft that cannot be kept (no room left, the archive closing) stays in the composer all the same;
        // the next change tries again.
        if (kept.get(peer) === text && db === archive) {
          kept.delete(peer);
        }
      },
    );
  };

  const flush = (): void => {
    for (const [peer, { text, timer }] of waiting) {
      clearTimeout(timer);
      if (archive) {
        write(archive, peer, text);
      }
    }
    waiting.clear();
  };

  const schedule = (peer: string, text: string): void => {
    clearTimeout(waiting.get(peer)?.timer);
    if (text === (kept.get(peer) ?? '')) {
      waiting.delete(peer);
      return;
    }
    const db = archive;
    const timer = setTimeout(() => {
      waiting.delete(peer);
      if (db === archive && db) {
        write(db, peer, text);
      }
    }, delayMs);
    waiting.set(peer, { text, timer });
  };

  /** Puts back the archive's drafts, and those `stashed` (newer: typed as the page went away last time). */
  const restore = async (db: ArchiveDb, stashed: Record<string, string>): Promise<void> => {
    const saved: Record<string, string> = await readDrafts(db).catch(() => ({}));
    if (db !== archive) {
      // Closed again before they were written: the stash keeps them for the next time it opens.
      if (stash && Object.keys(stashed).length > 0) {
        stashDrafts(stash, db.name, new Map(Object.entries(stashed)));
      }
      return;
    }
    Object.entries(saved).forEach(([peer, text]) => kept.set(peer, text));
    Object.entries(stashed).forEach(([peer, text]) => {
      if (text !== (saved[peer] ?? '')) {
        write(db, peer, text);
      } else if (unconfirmed.get(peer) === text) {
        unconfirmed.delete(peer);
      }
    });
    store.getState().restoreDrafts({ ...saved, ...stashed });
    // What was typed before the archive opened (or given back by a send that failed as it closed) is kept too.
    const { drafts, editing } = store.getState();
    Object.entries(drafts).forEach(([peer, text]) => {
      if (!editing[peer]) {
        schedule(peer, text);
      }
    });
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.archive !== archive) {
      flush();
      kept.clear();
      // The page stays (another tab took over, say): those writes complete; a stash now is the next archive's.
      unconfirmed.clear();
      const closed = archive;
      archive = state.archive;
      if (closed) {
        // What is being written belongs to the archive that closed, which keeps its drafts: none of it may reach
        // the next (another identity's, it may be), nor come back over what another tab did meanwhile.
        store.getState().forgetWriting();
      }
      if (archive) {
        // Taken at once: until they are written, they are what a hide must stash again.
        const stashed = stash ? takeStashedDrafts(stash, archive.name) : {};
        Object.entries(stashed).forEach(([peer, text]) => unconfirmed.set(peer, text));
        void restore(archive, stashed);
      }
      // Restoring schedules what it must: `state` is from before forgetWriting.
      return;
    }
    if (state.drafts === previous.drafts && state.editing === previous.editing) {
      return;
    }
    for (const peer of new Set([...Object.keys(state.drafts), ...Object.keys(previous.drafts)])) {
      const changed =
        state.drafts[peer] !== previous.drafts[peer] || state.editing[peer] !== previous.editing[peer];
      if (changed && !state.editing[peer]) {
        schedule(peer, state.drafts[peer] ?? '');
      }
    }
  });

  /** The page may be going: every draft written now, and those whose writes are not complete stashed too. */
  const onHide = (): void => {
    flush();
    if (stash && archive) {
      stashDrafts(stash, archive.name, unconfirmed);
    }
  };
  const onVisibility = (): void => {
    if (document.visibilityState === 'hidden') {
      onHide();
    } else if (stash && archive) {
      // The page stayed: the writes begun as it hid complete as usual.
      stashDrafts(stash, archive.name, new Map());
    }
  };
  const browser = typeof document !== 'undefined' && typeof window !== 'undefined';
  if (browser) {
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onHide);
  }
  return () => {
    flush();
    unsubscribe();
    if (browser) {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onHide);
    }
  };
};
