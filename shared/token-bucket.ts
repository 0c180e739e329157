// A token bucket (rate + burst) over an injected clock. Written out rather than imported: it is a dozen lines, and
// the clock must be injectable so tests are exact. The signaling server limits each connection with one, and
// each client paces its frames with another (signaling/frame-pacer.ts).
export interface TokenBucket {
  /** Takes one token; false when the bucket is empty (the caller refuses the work). */
  take(): boolean;
  /** Milliseconds until a token is there (0 when one is). */
  msUntilNext(): number;
}

export const createTokenBucket = (options: {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly now: () => number;
}): TokenBucket => {
  let tokens = options.burst;
  let last = options.now();
  const refill = (): void => {
    const now = options.now();
    tokens = Math.min(options.burst, tokens + ((now - last) / 1000) * options.ratePerSecond);
    last = now;
  };
  return {
    take() {
      refill();
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    },
    msUntilNext() {
      refill();
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / options.ratePerSecond) * 1000);
    },
  };
};
