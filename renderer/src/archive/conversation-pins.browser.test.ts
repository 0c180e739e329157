// Pinned conversations on Chromium's IndexedDB: first in the list, the last pinned first, at most MAX_PINNED;
// unpinned, a conversation goes back to its place by activity. Muting shows on the summaries too.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { contactSummaries } from './archive-queries';
import { MUTED_FOREVER, setConversationMute } from './conversation-mute';
import { MAX_PINNED, setConversationPinned } from './conversation-pins';
import { openDexieMessageStore } from './dexie-message-store';
import { scratchDatabases } from './testing/scratch-databases';
import { markUnread } from './unread-mark';

const scratch = scratchDatabases('conversation-pins');
const peer = (letter: string) => letter.repeat(32) as PeerId;

describe('pinned conversations', () => {
  it('lists pinned conversations first, the last pinned first, then the rest by activity', async () => {
    const db = await scratch.archive();
    const [ana, bo, cy, di] = ['a', 'b', 'c', 'd'].map(peer) as [PeerId, PeerId, PeerId, PeerId];
    await db.contacts.bulkAdd([ana, bo, cy, di].map((p) => ({ peer: p, state: 'accepted' as const })));
    // Activity: Di most recent, then Cy, Bo, Ana.
    await db.conversations.bulkAdd(
      [ana, bo, cy, di].map((p, index) => ({
        id: `conversation-${p}`,
        peer: p,
        lastActivityAt: 1_000 + index,
        lastMessageId: `m-${p}`,
      })),
    );
    const order = async () => (await contactSummaries(db)).map((summary) => summary.peer);
    expect(await order()).toEqual([di, cy, bo, ana]);

    expect(await setConversationPinned(db, ana, 10)).toBe(true);
    expect(await setConversationPinned(db, bo, 20)).toBe(true);
    expect(await order()).toEqual([bo, ana, di, cy]);
    expect((await contactSummaries(db)).find((summary) => summary.peer === bo)?.pinnedAt).toBe(20);

    expect(await setConversationPinned(db, bo, null)).toBe(true);
    expect(await order()).toEqual([ana, di, cy, bo]);
    expect((await db.contacts.get(bo))?.pinnedAt).toBeUndefined();
  });

  it(`pins at most ${String(MAX_PINNED)}, and pinning one again is no new pin`, async () => {
    const db = await scratch.archive();
    const peers = 'abcdef'.split('').map(peer);
    await db.contacts.bulkAdd(peers.map((p) => ({ peer: p, state: 'accepted' as const })));
    for (const [index, p] of peers.slice(0, MAX_PINNED).entries()) {
      expect(await setConversationPinned(db, p, index)).toBe(true);
    }
    const last = peers[MAX_PINNED] as PeerId;
    expect(await setConversationPinned(db, last, 99)).toBe(false);
    expect((await db.contacts.get(last))?.pinnedAt).toBeUndefined();
    // One already pinned may be pinned again (to the top); one unpinned makes room.
    expect(await setConversationPinned(db, peers[0] as PeerId, 100)).toBe(true);
    expect(await setConversationPinned(db, peers[1] as PeerId, null)).toBe(true);
    expect(await setConversationPinned(db, last, 101)).toBe(true);
    // A pinned contact who leaves the list (ignored, unblocked) frees its slot.
    await db.contacts.update(peers[2] as PeerId, { state: 'unknown' });
    expect(await setConversationPinned(db, peers[1] as PeerId, 102)).toBe(true);
  });

  it('takes a contact’s pin and unread mark away when the contact leaves the list', async () => {
    const db = await scratch.archive();
    const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    const ana = peer('a');
    await store.setContactState(ana, 'requested-by-them');
    await setConversationPinned(db, ana, 1);
    await markUnread(db, ana);
    await setConversationMute(db, ana, MUTED_FOREVER);
    // Ignored: the list no longer shows them; a request they send again starts unpinned.
    await store.setContactState(ana, 'unknown');
    expect(await db.contacts.get(ana)).toEqual({ peer: ana, state: 'unknown', mutedUntil: MUTED_FOREVER });
    await store.stop();
  });

  it('carries a mute on the summary until it is lifted', async () => {
    const db = await scratch.archive();
    const ana = peer('a');
    await db.contacts.add({ peer: ana, state: 'accepted' });
    await setConversationMute(db, ana, MUTED_FOREVER);
    expect((await contactSummaries(db))[0]?.mutedUntil).toBe(MUTED_FOREVER);
    await setConversationMute(db, ana, null);
    expect((await contactSummaries(db))[0]).not.toHaveProperty('mutedUntil');
  });
});
