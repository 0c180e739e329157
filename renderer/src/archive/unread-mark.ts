// "Mark as unread": a conversation the user wants to come back to shows as unread (a dot in the list, one in the
// count outside it) until they open it again. Kept on the contact, on this device only; its messages stay read,
// so no receipt is taken back.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from './archive-db';

export const markUnread = async (db: ArchiveDb, peer: PeerId): Promise<void> => {
  await db.contacts.update(peer, { markedUnread: 1 });
};

/** Opening the conversation takes the mark away (nothing is written when there is none). */
export const clearUnreadMark = async (db: ArchiveDb, peer: PeerId): Promise<void> => {
  await db.transaction('rw', db.contacts, async () => {
    if ((await db.contacts.get(peer))?.markedUnread === 1) {
      await db.contacts.update(peer, { markedUnread: undefined });
    }
  });
};
