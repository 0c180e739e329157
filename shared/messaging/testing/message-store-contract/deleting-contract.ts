// The MessageStore contract on deleting: a deleted message is gone but its ID is remembered, so a resend of it is
// a duplicate rather than a message come back.
import { describe, expect, it } from 'vitest';
import { BOB, inbound, messageId } from './samples';
import type { StoreContext } from './store-context';

export const describeDeletingContract = ({ open }: StoreContext): void => {
  describe('deleting', () => {
    it('removes messages but remembers their IDs, so they never come back', async () => {
      const fixture = await open();
      const kept = inbound(1, BOB, 1);
      const deleted = inbound(2, BOB, 2);
      await fixture.store.receive(kept, 1_000, false);
      await fixture.store.receive(deleted, 1_000, false);
      await fixture.store.deleteMessages([deleted.id, messageId(99)]);
      expect(await fixture.store.incoming(deleted.id)).toBeNull();
      expect(await fixture.store.incoming(kept.id)).toEqual({
        message: kept,
        receivedAt: 1_000,
        request: false,
      });
      expect(await fixture.store.receive(deleted, 2_000, false)).toBe('duplicate');
      expect(await fixture.store.incoming(deleted.id)).toBeNull();

      const reopened = await fixture.reopen();
      expect(await reopened.incoming(deleted.id)).toBeNull();
      expect(await reopened.receive(deleted, 3_000, false)).toBe('duplicate');
      expect(await reopened.incoming(deleted.id)).toBeNull();
      expect(await reopened.incoming(kept.id)).toEqual({
        message: kept,
        receivedAt: 1_000,
        request: false,
      });
    });
  });
};
