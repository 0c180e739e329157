// A token bucket (rate + burst) over an injected clock. Written out rather than imported: it is a dozen lines, and
// the clock must be injectable so tests are exact.
export interface TokenBucket {
  /** Takes one token; false when the bucket is empty (the caller refuses the work). */
  take(): boolean;
}

export const createTokenBucket = (options: {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly now: () => number;
}): TokenBucket => {
  let tokens = options.burst;
  let last = options.now();
  return {
    take() {
      const now = options.now();
      tokens = Math.min(options.burst, tokens + ((now - last) / 1000) * options.ratePerSecond);
      last = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    },
  };
};
