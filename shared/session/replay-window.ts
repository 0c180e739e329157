// Anti-replay window over record sequence numbers (the RFC 4303 / RFC 6479 sliding bitmap): accepts each number
// once, tolerates reordering within WINDOW_SIZE, and rejects anything older.
export const WINDOW_SIZE = 1024;

export type ReplayVerdict = 'fresh' | 'duplicate' | 'too-old';

export interface ReplayWindow {
  check(sequence: number): ReplayVerdict;
  /** Marks a sequence number as seen; call only after its record authenticated. */
  accept(sequence: number): void;
}

export const createReplayWindow = (): ReplayWindow => {
  const seen = new Uint8Array(WINDOW_SIZE);
  let highest = -1;
  return {
    check(sequence) {
      if (sequence > highest) {
        return 'fresh';
      }
      if (sequence <= highest - WINDOW_SIZE) {
        return 'too-old';
      }
      return seen[sequence % WINDOW_SIZE] === 1 ? 'duplicate' : 'fresh';
    },
    accept(sequence) {
      if (sequence > highest) {
        // Slots between the old and the new highest belong to numbers not seen yet.
        const clearFrom = Math.max(highest + 1, sequence - WINDOW_SIZE + 1);
        for (let s = clearFrom; s < sequence; s += 1) {
          seen[s % WINDOW_SIZE] = 0;
        }
        highest = sequence;
      }
      seen[sequence % WINDOW_SIZE] = 1;
    },
  };
};
