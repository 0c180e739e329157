import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReceivedSequence } from './message-store';
import { MAX_SEEN_ABOVE, markSequenceSeen, markSequenceSeenInPlace } from './received-sequence';

/** Without any limit: `upTo` the end of the run from 1, `above` every other number seen. */
const unbounded = (seen: ReadonlySet<number>): ReceivedSequence => {
  let upTo = 0;
  while (seen.has(upTo + 1)) {
    upTo += 1;
  }
  return { upTo, above: [...seen].filter((seq) => seq > upTo).sort((a, b) => a - b) };
};

const bothWays = (marks: readonly number[]) => {
  let immutable: ReceivedSequence = { upTo: 0, above: [] };
  const mutable = { upTo: 0, above: new Set<number>() };
  const states: ReceivedSequence[] = [];
  for (const seq of marks) {
    immutable = markSequenceSeen(immutable, seq);
    markSequenceSeenInPlace(mutable, seq);
    // The two forms agree (compared cheaply: this runs for every number of long sequences).
    expect(
      mutable.upTo === immutable.upTo &&
        mutable.above.size === immutable.above.length &&
        immutable.above.every((seq) => mutable.above.has(seq)),
    ).toBe(true);
    states.push(immutable);
  }
  return states;
};

// Most numbers of a range a little longer than MAX_SEEN_ABOVE, in any order: some never come, so numbers pile up
// above gaps, often past the limit.
const RANGE = Array.from({ length: MAX_SEEN_ABOVE + 200 }, (_, index) => index + 1);
const marksArb = fc.shuffledSubarray(RANGE, { minLength: MAX_SEEN_ABOVE + 100 });

describe('received sequence', () => {
  it('is what an unbounded record says while no more than MAX_SEEN_ABOVE numbers wait above a gap', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 600 }), (marks) => {
        const seen = new Set<number>();
        bothWays(marks).forEach((state, index) => {
          seen.add(marks[index] ?? 0);
          expect(state).toEqual(unbounded(seen));
        });
      }),
    );
  });

  it('counts every marked number seen, keeps at most MAX_SEEN_ABOVE above a gap, and never moves back', () => {
    fc.assert(
      fc.property(marksArb, (marks) => {
        let previous: ReceivedSequence = { upTo: 0, above: [] };
        let highest = 0;
        bothWays(marks).forEach((state, index) => {
          const seq = marks[index] ?? 0;
          highest = Math.max(highest, seq);
          const above = new Set(state.above);
          const seen = (n: number) => n <= state.upTo || above.has(n);
          // What was seen stays seen: the new number, and everything the previous state held.
          expect(seen(seq)).toBe(true);
          expect(previous.above.every(seen)).toBe(true);
          expect(state.upTo).toBeGreaterThanOrEqual(previous.upTo);
          expect(state.upTo).toBeLessThanOrEqual(highest);
          expect(state.above.length).toBeLessThanOrEqual(MAX_SEEN_ABOVE);
          // Sorted, and a gap below the lowest.
          expect(
            state.above.every((n, at) => n > (at === 0 ? state.upTo + 1 : (state.above[at - 1] ?? 0))),
          ).toBe(true);
          previous = state;
        });
      }),
      { numRuns: 10 },
    );
  });

  it('gives up the oldest gap once a number more than it keeps waits above it', () => {
    // 1 and 5 never come; MAX_SEEN_ABOVE numbers wait above them.
    const rest = Array.from({ length: MAX_SEEN_ABOVE - 3 }, (_, index) => index + 6);
    const marks = [2, 3, 4, ...rest];
    expect(bothWays(marks).at(-1)).toEqual({ upTo: 0, above: marks });
    // One more: the gap at 1 is given up, and 2 to 4 join the run; the gap at 5 stays.
    expect(bothWays([...marks, MAX_SEEN_ABOVE + 3]).at(-1)).toEqual({
      upTo: 4,
      above: [...rest, MAX_SEEN_ABOVE + 3],
    });
  });
});
