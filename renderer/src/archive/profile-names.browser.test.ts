// Contacts' names in the archive on Chromium's real IndexedDB: a `profile` message renames the contact in the
// transaction that stores it, the latest in conversation order wins whatever order the messages arrive in (one
// at a time or in one batch), and a name change is not activity in the conversation.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { directConversationId, type Message } from '../../../shared/messaging/message-format';
import { messageId, textMessage } from '../../../shared/messaging/testing/message-store-contract';
import type { ArchiveDb } from './archive-db';
import { openDexieMessageStore, type DexieMessageStore } from './dexie-message-store';
import { scratchDatabases } from './testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;

const named = (n: number, seq: number, t: 'contact-request' | 'profile', displayName: string): Message => ({
  id: messageId(n),
  from: BOB,
  to: ME,
  conversation: directConversationId(BOB, ME),
  sentAt: 1_700_000_000_000 + n,
  seq,
  t,
  body: { displayName },
});

const scratch = scratchDatabases('profile-names');

const archive = async (): Promise<{ db: ArchiveDb; store: DexieMessageStore }> => {
  const db = await scratch.archive();
  const store = await openDexieMessageStore(db);
  return { db, store };
};

describe('contact names in the archive', () => {
  it('renames a contact from a profile message, keeping the trust state and the conversation summary', async () => {
    const { db, store } = await archive();
    await store.receive(named(1, 1, 'contact-request', 'Bob'), 1, true);
    await store.setContactState(BOB, 'accepted');
    await store.receive(textMessage(2, BOB, ME, 2, 'hello'), 2, false);
    const before = await db.conversations.get(directConversationId(BOB, ME));

    await store.receive(named(3, 3, 'profile', 'Robert'), 3, false);
    expect(await db.contacts.get(BOB)).toMatchObject({ peer: BOB, state: 'accepted', displayName: 'Robert' });
    expect(await db.conversations.get(directConversationId(BOB, ME))).toEqual(before);
    expect((await db.messages.get(messageId(3)))?.unread).toBeUndefined();
  });

  it('keeps the latest name when an older change arrives after a newer one', async () => {
    const { db, store } = await archive();
    await store.receive(named(1, 1, 'contact-request', 'Bob'), 1, true);
    await store.setContactState(BOB, 'accepted');
    await store.receive(named(3, 3, 'profile', 'Robert'), 3, false);
    // Retransmitted after a reconnect: written before "Robert", so it changes nothing.
    await store.receive(named(2, 2, 'profile', 'Bobby'), 4, false);
    // A stale copy of the original request, from an import or a resend, neither.
    await store.receive(named(1, 1, 'contact-request', 'Bob'), 5, true);
    expect((await db.contacts.get(BOB))?.displayName).toBe('Robert');
    expect(await store.incoming(messageId(2))).not.toBeNull();

    await store.receive(named(4, 4, 'profile', 'Rob'), 6, false);
    expect((await db.contacts.get(BOB))?.displayName).toBe('Rob');
  });

  it('settles on the latest name when the changes arrive out of order in one batch', async () => {
    const { db, store } = await archive();
    await store.setContactState(BOB, 'accepted');
    // Concurrent arrivals share one transaction in the group writer.
    await Promise.all([
      store.receive(named(7, 7, 'profile', 'Latest'), 1, false),
      store.receive(named(5, 5, 'profile', 'Older'), 1, false),
      store.receive(named(6, 6, 'profile', 'Middle'), 1, false),
    ]);
    expect((await db.contacts.get(BOB))?.displayName).toBe('Latest');
  });
});
