// Keeps a client's frames under the signaling server's per-connection rate limit (a token bucket of 20 frames a
// second with bursts of 40 by default, PROTOCOL.md section 3). The server drops frames over its limit and closes
// a connection that keeps going over; a client dialing many contacts at sign-in sends a lookup and about ten
// signals each, so without pacing it lost frames (a dropped lookup left that contact's signals waiting for ever).
// Frames past the budget wait in order and leave as tokens come back; the wait is bounded.
import type { Clock } from '../ports/clock';
import { createTokenBucket } from '../token-bucket';

/**
 * The client's own budget: below the server's defaults (20 a second, bursts of 40), with room for frames that
 * leave evenly spaced and reach the server bunched together.
 */
export const CLIENT_FRAMES_PER_SECOND = 16;
export const CLIENT_FRAME_BURST = 32;
/** About a minute of frames at that rate; a backlog beyond it means the attempts behind it are stale anyway. */
export const MAX_QUEUED_FRAMES = 1_000;

export interface FramePacer {
  /** Runs `send` now if the budget allows, else after the frames queued before it; false if the queue is full. */
  push(send: () => void): boolean;
  /** Drops whatever waits (the connection closed). */
  clear(): void;
}

export const createFramePacer = (
  clock: Clock,
  options: { readonly ratePerSecond: number; readonly burst: number; readonly maxQueued: number },
): FramePacer => {
  const bucket = createTokenBucket({ ...options, now: () => clock.now() });
  const queue: (() => void)[] = [];
  let timer: unknown = null;

  const flush = (): void => {
    timer = null;
    while (queue.length > 0 && bucket.take()) {
      queue.shift()?.();
    }
    if (queue.length > 0) {
      timer = clock.setTimeout(flush, bucket.msUntilNext());
    }
  };

  return {
    push(send) {
      if (queue.length === 0 && bucket.take()) {
        send();
        return true;
      }
      if (queue.length >= options.maxQueued) {
        return false;
      }
      queue.push(send);
      timer ??= clock.setTimeout(flush, bucket.msUntilNext());
      return true;
    },
    clear() {
      queue.length = 0;
      if (timer !== null) {
        clock.clearTimeout(timer);
        timer = null;
      }
    },
  };
};
