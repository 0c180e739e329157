// The MessageStore contract on deleting: a deleted message is gone but its ID is remembered, so a resend of it is
// a duplicate rather than a message come back; so is a text its sender deleted before it arrived.
import { describe, expect, it } from 'vitest';
import { BOB, CAROL, inbound, LOCAL, messageId, timerMessage } from './samples';
import { createTo, type StoreContext } from './store-context';

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

    it('keeps out a text its sender deleted before it arrived, and nothing else under that ID', async () => {
      const fixture = await open();
      const overtaken = inbound(3, BOB, 3);
      const mine = await createTo(fixture.store, 4, BOB);
      // Under IDs Bob named: Carol's text, Bob's timer change, a text of Bob's the deletion did not name.
      const carols = inbound(11, CAROL, 1);
      const timer = timerMessage(12, BOB, LOCAL, 4, 60);
      const unnamed = inbound(13, BOB, 5);
      await fixture.store.deleteMessages([overtaken.id, mine.id, carols.id, timer.id], BOB);
      // Without a sender, an ID not stored is not remembered.
      await fixture.store.deleteMessages([unnamed.id]);
      expect(await fixture.store.outgoing(mine.id)).toEqual({ message: mine, status: 'pending' });

      const reopened = await fixture.reopen();
      expect(await reopened.receive(overtaken, 1_000, false)).toBe('duplicate');
      expect(await reopened.incoming(overtaken.id)).toBeNull();
      expect(await reopened.receivedSequence(BOB)).toEqual({ upTo: 0, above: [3] });
      expect(await reopened.outgoing(mine.id)).toEqual({ message: mine, status: 'pending' });
      expect(await reopened.outbox(BOB, 10)).toEqual([mine]);
      for (const message of [carols, timer, unnamed]) {
        expect(await reopened.receive(message, 1_000, false)).toBe('stored');
        expect((await reopened.incoming(message.id))?.message).toEqual(message);
      }
      const again = await fixture.reopen();
      expect(await again.receive(overtaken, 2_000, false)).toBe('duplicate');
      expect(await again.incoming(overtaken.id)).toBeNull();
      expect((await again.incoming(carols.id))?.message).toEqual(carols);
    });

    it('keeps out a message that arrives while its deletion is being written', async () => {
      const fixture = await open();
      const kept = inbound(5, BOB, 1);
      const stored = inbound(6, BOB, 2);
      const arriving = inbound(7, BOB, 3);
      await fixture.store.receive(stored, 1_000, false);
      await Promise.all([
        fixture.store.deleteMessages([stored.id, arriving.id], BOB),
        fixture.store.receive(arriving, 1_000, false),
        fixture.store.receive(kept, 1_000, false),
      ]);
      const reopened = await fixture.reopen();
      expect(await reopened.incoming(stored.id)).toBeNull();
      expect(await reopened.incoming(arriving.id)).toBeNull();
      expect(await reopened.receive(arriving, 2_000, false)).toBe('duplicate');
      expect(await reopened.incoming(kept.id)).not.toBeNull();
      expect(await reopened.receivedSequence(BOB)).toEqual({ upTo: 3, above: [] });
    });
  });
};
