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

    it('retries only a failed message, back into the outbox with the time of the retry', async () => {
      const { store } = await open();
      const message = await outgoingIn(store, 1, 'failed');
      expect(await store.retry(message.id, 90_000)).toBe(true);
      expect(await store.outgoing(message.id)).toEqual({ message, status: 'pending', retriedAt: 90_000 });
      expect(await store.outbox(BOB, 10)).toEqual([message]);
      // Pending now: a second retry, or one of a message that never failed, changes nothing.
      expect(await store.retry(message.id, 95_000)).toBe(false);
      const read = await outgoingIn(store, 2, 'read');
      expect(await store.retry(read.id, 95_000)).toBe(false);
      expect(await store.retry(messageId(99), 95_000)).toBe(false);
      expect(await store.outgoing(message.id)).toEqual({ message, status: 'pending', retriedAt: 90_000 });
      expect(await store.outgoing(read.id)).toEqual({ message: read, status: 'read' });
    });

    it('keeps the time of the last retry through later statuses and across a restart', async () => {
      const fixture = await open();
      const message = await outgoingIn(fixture.store, 1, 'failed');
      await fixture.store.retry(message.id, 90_000);
      await fixture.store.setStatus([message.id], 'sent');
      expect(await fixture.store.outgoing(message.id)).toEqual({
        message,
        status: 'sent',
        retriedAt: 90_000,
      });
      const reopened = await fixture.reopen();
      expect(await reopened.outgoing(message.id)).toEqual({ message, status: 'sent', retriedAt: 90_000 });
      await reopened.setStatus([message.id], 'failed', 'gave up again');
      expect(await reopened.retry(message.id, 120_000)).toBe(true);
      expect(await (await fixture.reopen()).outgoing(message.id)).toEqual({
        message,
        status: 'pending',
        retriedAt: 120_000,
      });
    });
  });
};
