// The MessageStore contract on the disappearing-messages timer: a conversation's timer is the latest change either
// side made, in conversation order rather than arrival order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directConversationId } from '../../message-format';
import { BOB, CAROL, LOCAL, timerMessage } from './samples';
import type { StoreContext } from './store-context';

export const describeDisappearingTimerContract = ({ open, withFreshStore }: StoreContext): void => {
  describe('disappearing-messages timer', () => {
    const conversation = directConversationId(LOCAL, BOB);

    it('is off until a timer message is stored, then follows the latest change either side made', async () => {
      const fixture = await open();
      expect(await fixture.store.disappearingTimer(conversation)).toBe(0);
      await fixture.store.createOutgoing(BOB, (seq) => timerMessage(10, LOCAL, BOB, seq, 3600));
      expect(await fixture.store.disappearingTimer(conversation)).toBe(3600);
      await fixture.store.receive(timerMessage(20, BOB, LOCAL, 1, 30), 1_000, false);
      expect(await fixture.store.disappearingTimer(conversation)).toBe(30);
      // A change made before the one in force, arriving late, does not override it.
      await fixture.store.receive(timerMessage(15, BOB, LOCAL, 2, 86_400), 1_000, false);
      expect(await fixture.store.disappearingTimer(conversation)).toBe(30);
      expect(await fixture.store.disappearingTimer(directConversationId(LOCAL, CAROL))).toBe(0);
      const reopened = await fixture.reopen();
      expect(await reopened.disappearingTimer(conversation)).toBe(30);
    });

    it('settles on the latest change in conversation order whatever order changes arrive in', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }),
          fc.integer({ min: 0, max: 5 }),
          async (numbers, restartAfter) => {
            await withFreshStore(async (fixture) => {
              let store = fixture.store;
              const changes = numbers.map((n, index) => ({ n, seconds: n * 60, seq: index + 1 }));
              for (const [index, change] of changes.entries()) {
                await store.receive(timerMessage(change.n, BOB, LOCAL, change.seq, change.seconds), 1, false);
                if (index === restartAfter) {
                  store = await fixture.reopen();
                }
              }
              // timerMessage(n) is sent at a time that grows with n: the largest n is the latest change.
              expect(await store.disappearingTimer(conversation)).toBe(Math.max(...numbers) * 60);
            });
          },
        ),
        { numRuns: 15 },
      );
    });
  });
};
