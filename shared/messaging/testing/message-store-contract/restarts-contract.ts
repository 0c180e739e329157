// The MessageStore contract on restarts: everything survives one, and the store matches the naive model under
// random operations, whether each waits for the last or they all start together.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyModel, expectMatchesModel } from './naive-model';
import { operation, startOperation } from './random-operations';
import { BOB, CAROL, inbound } from './samples';
import { createTo, outgoingIn, type StoreContext } from './store-context';

export const describeRestartsContract = ({ open, withFreshStore }: StoreContext): void => {
  describe('restarts', () => {
    it('keeps everything across a restart', async () => {
      const fixture = await open();
      const { store } = fixture;
      const pending = await createTo(store, 1, BOB);
      const sent = await outgoingIn(store, 2, 'sent');
      const failed = await outgoingIn(store, 3, 'failed');
      const read = await outgoingIn(store, 4, 'read');
      const received = inbound(5, CAROL, 2);
      await store.receive(received, 5_000, true);
      await store.markSeen(CAROL, 4);
      await store.setContactState(CAROL, 'requested-by-them');

      const reopened = await fixture.reopen();
      expect(await reopened.outbox(BOB, 10)).toEqual([pending, sent]);
      expect(await reopened.outboxPeers()).toEqual([BOB]);
      expect(await reopened.outgoing(failed.id)).toEqual({
        message: failed,
        status: 'failed',
        failure: 'gave up',
      });
      expect(await reopened.outgoing(read.id)).toEqual({ message: read, status: 'read' });
      expect(await reopened.incoming(received.id)).toEqual({
        message: received,
        receivedAt: 5_000,
        request: true,
      });
      expect(await reopened.receivedSequence(CAROL)).toEqual({ upTo: 0, above: [2, 4] });
      expect(await reopened.contactState(CAROL)).toBe('requested-by-them');
      expect(await reopened.receive(received, 6_000, false)).toBe('duplicate');
    });

    it('behaves like a naive model under any sequence of operations and restarts', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { maxLength: 30 }), async (operations) =>
          withFreshStore(async (fixture) => {
            let store = fixture.store;
            const model = emptyModel();
            for (const [index, op] of operations.entries()) {
              if (op.kind === 'reopen') {
                store = await fixture.reopen();
              } else {
                await startOperation(store, model, op, index + 1);
              }
              await expectMatchesModel(store, model);
            }
          }),
        ),
        { numRuns: 40 },
      );
    });

    it('gives operations started together the results they would have had one after another', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { maxLength: 40 }), async (operations) =>
          withFreshStore(async (fixture) => {
            let store = fixture.store;
            const model = emptyModel();
            let started: Promise<unknown>[] = [];
            for (const [index, op] of operations.entries()) {
              if (op.kind === 'reopen') {
                await Promise.all(started);
                started = [];
                await expectMatchesModel(store, model);
                store = await fixture.reopen();
              } else {
                started.push(startOperation(store, model, op, index + 1));
              }
            }
            await Promise.all(started);
            await expectMatchesModel(store, model);
          }),
        ),
        { numRuns: 40 },
      );
    });
  });
};
