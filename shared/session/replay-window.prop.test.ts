import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReplayWindow, WINDOW_SIZE } from './replay-window';

describe('replay window', () => {
  it('agrees with a model that remembers every number it accepted', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5 * WINDOW_SIZE }), { maxLength: 400 }), (sequence) => {
        const window = createReplayWindow();
        const accepted = new Set<number>();
        let highest = -1;
        for (const n of sequence) {
          const expected = accepted.has(n) ? 'duplicate' : n <= highest - WINDOW_SIZE ? 'too-old' : 'fresh';
          const verdict = window.check(n);
          // Numbers older than the window may be reported too-old even if they were seen.
          if (n <= highest - WINDOW_SIZE) {
            expect(verdict).toBe('too-old');
          } else {
            expect(verdict).toBe(expected);
          }
          if (verdict === 'fresh') {
            window.accept(n);
            accepted.add(n);
            highest = Math.max(highest, n);
          }
        }
      }),
    );
  });

  it('accepts any reordering of a run that fits in the window, each number once', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...Array(WINDOW_SIZE).keys()], { minLength: WINDOW_SIZE }),
        (order) => {
          const window = createReplayWindow();
          for (const n of order) {
            expect(window.check(n)).toBe('fresh');
            window.accept(n);
          }
          for (const n of order) {
            expect(window.check(n)).toBe('duplicate');
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
