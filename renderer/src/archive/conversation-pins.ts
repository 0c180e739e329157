// Pinned conversations stay at the top of the list, the last pinned first, whatever comes in elsewhere. Kept on
// the contact, on this device only. A few at most, as in other messengers: a list of pins is no longer a shortcut.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from './archive-db';

export const MAX_PINNED = 5;

/**
 * Pins the conversation with `peer` at `at` (or unpins it). False, changing nothing, when MAX_PINNED others are
 * pinned already.
 */
export const setConversationPinned = (db: ArchiveDb, peer: PeerId, at: number | null): Promise<boolean> =>
  db.transaction('rw', db.contacts, async () => {
    if (at !== null) {
      // Only pins the list shows count: a contact gone from it (ignored, unblocked) takes no slot.
      const others = await db.contacts
        .filter((contact) => contact.pinnedAt !== undefined && contact.state !== 'unknown')
        .primaryKeys();
      if (others.filter((other) => other !== peer).length >= MAX_PINNED) {
        return false;
      }
    }
    await db.contacts.update(peer, { pinnedAt: at ?? undefined });
    return true;
  });

/** List order: pinned first (the last pinned first), then the most recently active. */
export const listOrder = (
  a: { readonly pinnedAt?: number; readonly lastActivityAt?: number },
  b: { readonly pinnedAt?: number; readonly lastActivityAt?: number },
): number =>
  (b.pinnedAt ?? -Infinity) - (a.pinnedAt ?? -Infinity) || (b.lastActivityAt ?? 0) - (a.lastActivityAt ?? 0);
