// The MessageStore contract on incoming messages: each stored once, duplicates reported, and the received sequence
// (what has arrived from each peer) kept whatever order numbers arrive in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReceivedSequence } from '../../message-store';
import { MAX_SEEN_ABOVE } from '../../received-sequence';
import { emptyModel, modelSequence } from './naive-model';
import { peerIndex } from './random-operations';
import { BOB, CAROL, inbound, PEERS } from './samples';
import type { StoreContext } from './store-context';

export const describeIncomingMessagesContract = ({ open, withFreshStore }: StoreContext): void => {
  describe('incoming messages', () => {
    it('stores a message once and reports a duplicate after, keeping the first copy', async () => {
      const { store } = await open();
      const message = inbound(1, BOB, 1);
      expect(await store.receive(message, 1_000, false)).toBe('stored');
      expect(await store.receive(message, 2_000, true)).toBe('duplicate');
      expect(await store.incoming(message.id)).toEqual({ message, receivedAt: 1_000, request: false });
    });

    it('holds a message from a non-contact apart as a request', async () => {
      const { store } = await open();
      const message = inbound(1, BOB, 1);
      await store.receive(message, 1_000, true);
      expect(await store.incoming(message.id)).toEqual({ message, receivedAt: 1_000, request: true });
    });

    it('marks the sequence number seen when it stores a message', async () => {
      const { store } = await open();
      await store.receive(inbound(1, BOB, 1), 1_000, false);
      await store.receive(inbound(2, BOB, 3), 1_000, false);
      expect(await store.receivedSequence(BOB)).toEqual({ upTo: 1, above: [3] });
      expect(await store.receivedSequence(CAROL)).toEqual({ upTo: 0, above: [] });
    });

    it('marks the sequence number seen for a duplicate too', async () => {
      const { store } = await open();
      const message = inbound(1, BOB, 1);
      await store.receive(message, 1_000, false);
      expect(await store.receive({ ...message, seq: 2 }, 2_000, false)).toBe('duplicate');
      expect(await store.receivedSequence(BOB)).toEqual({ upTo: 2, above: [] });
      expect(await store.incoming(message.id)).toEqual({ message, receivedAt: 1_000, request: false });
    });

    it('marks a number seen without storing anything', async () => {
      const { store } = await open();
      await store.markSeen(BOB, 2);
      expect(await store.receivedSequence(BOB)).toEqual({ upTo: 0, above: [2] });
      await store.markSeen(BOB, 1);
      expect(await store.receivedSequence(BOB)).toEqual({ upTo: 2, above: [] });
      await store.markSeen(BOB, 1);
      expect(await store.receivedSequence(BOB)).toEqual({ upTo: 2, above: [] });
    });

    it('fills gaps as late numbers arrive out of order', async () => {
      const { store } = await open();
      const states: ReceivedSequence[] = [];
      for (const [n, seq] of [5, 2, 7, 1, 3, 4, 6].entries()) {
        await store.receive(inbound(n + 1, BOB, seq), 1_000, false);
        states.push(await store.receivedSequence(BOB));
      }
      expect(states).toEqual([
        { upTo: 0, above: [5] },
        { upTo: 0, above: [2, 5] },
        { upTo: 0, above: [2, 5, 7] },
        { upTo: 2, above: [5, 7] },
        { upTo: 3, above: [5, 7] },
        { upTo: 5, above: [7] },
        { upTo: 7, above: [] },
      ]);
    });

    it('gives up a gap that never fills once more numbers than it keeps wait above it, and still stores a late message from it', async () => {
      const fixture = await open();
      let store = fixture.store;
      // Number 1 never comes (it failed at the sender, say); 2 onwards do.
      for (let seq = 2; seq <= MAX_SEEN_ABOVE + 1; seq += 1) {
        await store.markSeen(BOB, seq);
      }
      expect(await store.receivedSequence(BOB)).toEqual({
        upTo: 0,
        above: Array.from({ length: MAX_SEEN_ABOVE }, (_, index) => index + 2),
      });
      await store.receive(inbound(1, BOB, MAX_SEEN_ABOVE + 2), 1_000, false);
      store = await fixture.reopen();
      expect(await store.receivedSequence(BOB)).toEqual({ upTo: MAX_SEEN_ABOVE + 2, above: [] });
      const late = inbound(2, BOB, 1);
      expect(await store.receive(late, 2_000, false)).toBe('stored');
      expect(await store.incoming(late.id)).toEqual({ message: late, receivedAt: 2_000, request: false });
      expect(await store.receivedSequence(BOB)).toEqual({ upTo: MAX_SEEN_ABOVE + 2, above: [] });
    });

    it('computes the received sequence like a naive model for any arrival order, across restarts', async () => {
      const arrival = fc.record({
        peer: peerIndex,
        seq: fc.integer({ min: 1, max: 30 }),
        how: fc.constantFrom('receive', 'seen', 'reopen'),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(arrival, { maxLength: 60 }), async (arrivals) =>
          withFreshStore(async (fixture) => {
            let store = fixture.store;
            const model = emptyModel();
            for (const [n, { peer: index, seq, how }] of arrivals.entries()) {
              const peer = PEERS[index] ?? BOB;
              if (how === 'reopen') {
                store = await fixture.reopen();
                continue;
              }
              if (how === 'receive') {
                await store.receive(inbound(n + 1, peer, seq), 1_000, false);
              } else {
                await store.markSeen(peer, seq);
              }
              model.seen.set(peer, (model.seen.get(peer) ?? new Set()).add(seq));
            }
            for (const peer of PEERS) {
              expect(await store.receivedSequence(peer)).toEqual(modelSequence(model, peer));
            }
          }),
        ),
        { numRuns: 40 },
      );
    });
  });
};
