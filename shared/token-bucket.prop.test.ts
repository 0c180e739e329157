import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket';

describe('token bucket', () => {
  it('never grants more than the burst plus the rate over the elapsed time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 300 }),
        (rate, burst, gaps) => {
          let clock = 0;
          const bucket = createTokenBucket({ ratePerSecond: rate, burst, now: () => clock });
          let granted = 0;
          for (const gap of gaps) {
            clock += gap;
            granted += bucket.take() ? 1 : 0;
          }
          expect(granted).toBeLessThanOrEqual(burst + Math.floor((clock / 1000) * rate));
        },
      ),
    );
  });

  it('grants a full burst at once, then refills at the rate', () => {
    let clock = 0;
    const bucket = createTokenBucket({ ratePerSecond: 10, burst: 3, now: () => clock });
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    clock += 100;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  });

  it('says when the next token comes, and a take then succeeds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 100 }),
        (rate, burst, gaps) => {
          let clock = 0;
          const bucket = createTokenBucket({ ratePerSecond: rate, burst, now: () => clock });
          for (const gap of gaps) {
            clock += gap;
            bucket.take();
          }
          // No wait exactly when a token is there.
          const wait = bucket.msUntilNext();
          const took = bucket.take();
          expect(took).toBe(wait === 0);
          if (!took) {
            clock += wait;
            // Within a millisecond of the wait (it is rounded up; floating point may leave a hair short).
            const onTime = bucket.take();
            clock += 1;
            expect(onTime || bucket.take()).toBe(true);
          }
        },
      ),
    );
  });
});
