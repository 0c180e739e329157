// A pending contact request notified once on Chromium's IndexedDB: asked again, even after a restart, it is no
// news; answered (or ignored) and asked anew, it is news again.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { openDexieMessageStore } from './dexie-message-store';
import { claimRequestNotice } from './request-notice';
import { scratchDatabases } from './testing/scratch-databases';

const scratch = scratchDatabases('request-notice');
const ANA = 'a'.repeat(32) as PeerId;

describe('contact request notices', () => {
  it('are claimed once per request standing, across a restart, and anew after an answer', async () => {
    const db = await scratch.archive();
    const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    // Nothing pending: nothing to notify.
    expect(await claimRequestNotice(db, ANA)).toBe(false);
    await store.setContactState(ANA, 'requested-by-them');
    // Two requests arriving together make one notice.
    expect(await Promise.all([claimRequestNotice(db, ANA), claimRequestNotice(db, ANA)])).toEqual([
      true,
      false,
    ]);
    // The same standing set again (as the engine may) keeps the mark.
    await store.setContactState(ANA, 'requested-by-them');
    expect(await claimRequestNotice(db, ANA)).toBe(false);
    await store.stop();

    // Restarted: the archive still knows.
    const reopened = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    expect(await claimRequestNotice(db, ANA)).toBe(false);
    // Ignored, then asked again: news again.
    await reopened.setContactState(ANA, 'unknown');
    expect((await db.contacts.get(ANA))?.requestNotified).toBeUndefined();
    await reopened.setContactState(ANA, 'requested-by-them');
    expect(await claimRequestNotice(db, ANA)).toBe(true);
    // Accepted: no request pending, and no mark left behind.
    await reopened.setContactState(ANA, 'accepted');
    expect(await claimRequestNotice(db, ANA)).toBe(false);
    expect(await db.contacts.get(ANA)).toEqual({ peer: ANA, state: 'accepted' });
    await reopened.stop();
  });
});
