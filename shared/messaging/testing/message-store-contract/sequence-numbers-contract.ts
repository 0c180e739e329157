// The MessageStore contract on sequence numbers: each recipient's outgoing messages are numbered 1, 2, 3… with
// no gap or repeat, even when created concurrently or across restarts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../identity/peer-id';
import { peerIndex } from './random-operations';
import { BOB, CAROL, DAVE, PEERS } from './samples';
import { createTo, type StoreContext } from './store-context';

export const describeSequenceNumbersContract = ({ open, withFreshStore }: StoreContext): void => {
  describe('sequence numbers', () => {
    it('numbers outgoing messages per recipient from 1 without gaps', async () => {
      const { store } = await open();
      const seqs: [PeerId, number][] = [];
      for (const [n, to] of [BOB, CAROL, BOB, BOB, CAROL, DAVE].entries()) {
        seqs.push([to, (await createTo(store, n + 1, to)).seq]);
      }
      expect(seqs).toEqual([
        [BOB, 1],
        [CAROL, 1],
        [BOB, 2],
        [BOB, 3],
        [CAROL, 2],
        [DAVE, 1],
      ]);
    });

    it('gives concurrent createOutgoing calls distinct consecutive numbers', async () => {
      const fixture = await open();
      const created = await Promise.all(
        Array.from({ length: 40 }, (_, n) => createTo(fixture.store, n + 1, n % 3 === 0 ? CAROL : BOB)),
      );
      const numbersTo = (peer: PeerId) =>
        created
          .filter((message) => message.to === peer)
          .map((message) => message.seq)
          .sort((a, b) => a - b);
      expect(numbersTo(BOB)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
      expect(numbersTo(CAROL)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
      const reopened = await fixture.reopen();
      expect((await reopened.outbox(BOB, 100)).map((message) => message.seq)).toEqual(numbersTo(BOB));
      expect((await createTo(reopened, 100, BOB)).seq).toBe(27);
    });

    it('continues numbering after a restart', async () => {
      const fixture = await open();
      await createTo(fixture.store, 1, BOB);
      await createTo(fixture.store, 2, BOB);
      const reopened = await fixture.reopen();
      expect((await createTo(reopened, 3, BOB)).seq).toBe(3);
      expect((await createTo(reopened, 4, CAROL)).seq).toBe(1);
    });

    it('keeps numbering without gaps through any mix of recipients and restarts', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.option(peerIndex, { nil: null }), { minLength: 1, maxLength: 25 }),
          async (steps) =>
            withFreshStore(async (fixture) => {
              let store = fixture.store;
              const counts = new Map<PeerId, number>();
              for (const [n, step] of steps.entries()) {
                const to = step === null ? undefined : PEERS[step];
                if (to === undefined) {
                  store = await fixture.reopen();
                  continue;
                }
                counts.set(to, (counts.get(to) ?? 0) + 1);
                expect((await createTo(store, n + 1, to)).seq).toBe(counts.get(to));
              }
            }),
        ),
        { numRuns: 25 },
      );
    });
  });
};
