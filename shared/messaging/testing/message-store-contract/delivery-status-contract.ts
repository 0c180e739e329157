// The MessageStore contract on delivery status: only the transitions the table allows, never backwards, and the
// failure reason kept while a message stays failed.
import { describe, expect, it } from 'vitest';
import { STATUS_TRANSITIONS } from '../../memory-message-store';
import { BOB, messageId, STATUSES } from './samples';
import { createTo, outgoingIn, type StoreContext } from './store-context';

export const describeDeliveryStatusContract = ({ open }: StoreContext): void => {
  describe('delivery status', () => {
    const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => ({ from, to })));
    it.each(pairs)('follows the transition table from $from to $to', async ({ from, to }) => {
      const { store } = await open();
      const message = await outgoingIn(store, 1, from);
      const allowed = STATUS_TRANSITIONS[from].includes(to);
      expect(await store.setStatus([message.id], to, 'reason')).toEqual(allowed ? [message.id] : []);
      expect((await store.outgoing(message.id))?.status).toBe(allowed ? to : from);
    });

    it('never moves a message backwards: a late ack leaves it read', async () => {
      const { store } = await open();
      const message = await outgoingIn(store, 1, 'read');
      expect(await store.setStatus([message.id], 'delivered')).toEqual([]);
      expect(await store.setStatus([message.id], 'sent')).toEqual([]);
      expect(await store.setStatus([message.id], 'pending')).toEqual([]);
      expect((await store.outgoing(message.id))?.status).toBe('read');
    });

    it('never moves a delivered message back to sent or pending', async () => {
      const { store } = await open();
      const message = await outgoingIn(store, 1, 'delivered');
      expect(await store.setStatus([message.id], 'sent')).toEqual([]);
      expect(await store.setStatus([message.id], 'pending')).toEqual([]);
      expect((await store.outgoing(message.id))?.status).toBe('delivered');
    });

    it('records an ack that arrives after giving up as delivered', async () => {
      const { store } = await open();
      const message = await outgoingIn(store, 1, 'failed');
      expect(await store.setStatus([message.id], 'delivered')).toEqual([message.id]);
      expect(await store.outgoing(message.id)).toEqual({ message, status: 'delivered' });
    });

    it('returns only the IDs that changed', async () => {
      const { store } = await open();
      const pending = await createTo(store, 1, BOB);
      const read = await outgoingIn(store, 2, 'read');
      const sent = await outgoingIn(store, 3, 'sent');
      expect(
        await store.setStatus([read.id, pending.id, messageId(99), sent.id, pending.id], 'delivered'),
      ).toEqual([pending.id, sent.id]);
      expect(await store.setStatus([], 'delivered')).toEqual([]);
    });

    it('keeps the failure reason, across a restart', async () => {
      const fixture = await open();
      const message = await createTo(fixture.store, 1, BOB);
      await fixture.store.setStatus([message.id], 'failed', 'the recipient has not accepted you');
      const expected = { message, status: 'failed', failure: 'the recipient has not accepted you' };
      expect(await fixture.store.outgoing(message.id)).toEqual(expected);
      expect(await (await fixture.reopen()).outgoing(message.id)).toEqual(expected);
    });

    it('forgets the failure reason once the message is retried', async () => {
      const { store } = await open();
      const message = await outgoingIn(store, 1, 'failed');
      await store.setStatus([message.id], 'pending');
      expect(await store.outgoing(message.id)).toEqual({ message, status: 'pending' });
    });
  });
};
