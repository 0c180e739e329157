// The MessageStore contract on the outbox: which outgoing messages wait to be sent, to whom, and in what order.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../message-format';
import { BOB, CAROL, DAVE, LOCAL, messageId, textMessage } from './samples';
import { createTo, type StoreContext } from './store-context';

export const describeOutboxContract = ({ open }: StoreContext): void => {
  describe('outbox', () => {
    it('stores a new message as pending and returns it', async () => {
      const { store } = await open();
      const message = await createTo(store, 1, BOB);
      expect(message).toEqual(textMessage(1, LOCAL, BOB, 1));
      expect(await store.outgoing(message.id)).toEqual({ message, status: 'pending' });
    });

    it('lists one recipient’s outbox lowest sequence first, honouring limit and afterSeq', async () => {
      const { store } = await open();
      const toBob: Message[] = [];
      for (let n = 1; n <= 5; n += 1) {
        toBob.push(await createTo(store, n, BOB));
        await createTo(store, 100 + n, CAROL);
      }
      expect(await store.outbox(BOB, 10)).toEqual(toBob);
      expect(await store.outbox(BOB, 2)).toEqual(toBob.slice(0, 2));
      expect(await store.outbox(BOB, 2, 2)).toEqual(toBob.slice(2, 4));
      expect(await store.outbox(BOB, 10, 4)).toEqual(toBob.slice(4));
      expect(await store.outbox(BOB, 10, 5)).toEqual([]);
      expect(await store.outbox(DAVE, 10)).toEqual([]);
    });

    it('keeps sent messages and drops delivered, read and failed ones', async () => {
      const { store } = await open();
      const [sent, delivered, read, failed, pending] = [
        await createTo(store, 1, BOB),
        await createTo(store, 2, BOB),
        await createTo(store, 3, BOB),
        await createTo(store, 4, BOB),
        await createTo(store, 5, BOB),
      ];
      await store.setStatus([sent.id], 'sent');
      await store.setStatus([delivered.id], 'delivered');
      await store.setStatus([read.id], 'read');
      await store.setStatus([failed.id], 'failed', 'expired');
      expect(await store.outbox(BOB, 10)).toEqual([sent, pending]);
    });

    it('puts a failed message back when it is retried', async () => {
      const { store } = await open();
      const first = await createTo(store, 1, BOB);
      const second = await createTo(store, 2, BOB);
      await store.setStatus([first.id], 'failed', 'expired');
      expect(await store.outbox(BOB, 10)).toEqual([second]);
      expect(await store.setStatus([first.id], 'pending')).toEqual([first.id]);
      expect(await store.outbox(BOB, 10)).toEqual([first, second]);
    });

    it('lists the peers with anything in their outbox', async () => {
      const { store } = await open();
      expect(await store.outboxPeers()).toEqual([]);
      const toBob = await createTo(store, 1, BOB);
      const toCarol = await createTo(store, 2, CAROL);
      await store.setStatus([toCarol.id], 'sent');
      expect([...(await store.outboxPeers())].sort()).toEqual([BOB, CAROL]);
      await store.setStatus([toBob.id], 'delivered');
      expect(await store.outboxPeers()).toEqual([CAROL]);
      await store.setStatus([toCarol.id], 'failed', 'rejected');
      expect(await store.outboxPeers()).toEqual([]);
    });

    it('answers null for a message it does not have', async () => {
      const { store } = await open();
      expect(await store.outgoing(messageId(9))).toBeNull();
      expect(await store.incoming(messageId(9))).toBeNull();
    });
  });
};
