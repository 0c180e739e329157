import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './reconnecting-signaling';

describe('reconnect backoff', () => {
  it('stays within [0, min(max, base × 2^attempt)) and its ceiling never shrinks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (attempt, baseMs, maxMs, random) => {
          const policy = { baseMs, maxMs };
          const delay = backoffDelay(attempt, policy, () => random);
          const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.max(ceiling, 1));
          expect(backoffDelay(attempt + 1, policy, () => 0.999_999)).toBeGreaterThanOrEqual(
            backoffDelay(attempt, policy, () => 0.999_999),
          );
        },
      ),
    );
  });
});
