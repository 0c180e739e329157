// A contact request is news once: the first that comes while a peer is asking is notified, and the ones they send
// again (each a new message) are not, across restarts too. The mark lives on the contact record and goes when
// the standing changes (dexie-message-store.ts), so a request after an answer is news again.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from './archive-db';

/**
 * Marks `peer`'s pending request as notified; true if it was not yet (the caller notifies). One read-write
 * transaction, so two requests arriving together make one notification.
 */
export const claimRequestNotice = (db: ArchiveDb, peer: PeerId): Promise<boolean> =>
  db.transaction('rw', db.contacts, async () => {
    const contact = await db.contacts.get(peer);
    if (contact?.state !== 'requested-by-them' || contact.requestNotified === 1) {
      return false;
    }
    await db.contacts.update(peer, { requestNotified: 1 });
    return true;
  });
