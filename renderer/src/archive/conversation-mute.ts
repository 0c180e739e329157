// Muting a conversation: no notification for its messages, and its unread messages left out of the count on the
// badge, the tray and the window title (the sidebar still shows them), until a time or until the user turns it
// back on. Kept on the contact, on this device only, like the conversation's retention.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from './archive-db';

/** `mutedUntil` of a conversation muted until the user turns it back on. */
export const MUTED_FOREVER = Number.POSITIVE_INFINITY;

/** Whether a conversation muted until `mutedUntil` (absent: not muted) is muted at `now`. */
export const isMuted = (mutedUntil: number | undefined, now: number): boolean =>
  mutedUntil !== undefined && mutedUntil > now;

/** Mutes the conversation with `peer` until `until` (MUTED_FOREVER: until unmuted), or unmutes it (null). */
export const setConversationMute = async (
  db: ArchiveDb,
  peer: PeerId,
  until: number | null,
): Promise<void> => {
  await db.contacts.update(peer, { mutedUntil: until ?? undefined });
};
