// Disappearing messages leave the archive when they expire, not at the next hourly purge: one timer waits for the
// earliest expiry the archive holds, purges what has expired then, and waits for the next. New messages with an
// earlier expiry move the timer forward.
import type { Clock } from '../ports/clock';

/** Longest delay a JavaScript timer takes (longer ones fire at once). */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** After a purge that left expired messages behind (it failed: a full disk, say), the wait before trying again. */
export const RETRY_AFTER_FAILED_PURGE_MS = 60_000;

export interface ExpiryScheduleDeps {
  readonly clock: Clock;
  /** The earliest expiry still in the archive. */
  readonly nextExpiry: () => Promise<number | undefined>;
  /** Deletes everything expired by now. */
  readonly purgeExpired: () => Promise<void>;
}

export interface ExpirySchedule {
  /** A message that expires at `at` was stored. */
  expireAt(at: number): void;
  stop(): void;
}

export const startExpirySchedule = (deps: ExpiryScheduleDeps): ExpirySchedule => {
  const { clock } = deps;
  let timer: { readonly at: number; readonly handle: unknown } | null = null;
  let stopped = false;

  const wake = async (): Promise<void> => {
    timer = null;
    const purgedUpTo = clock.now();
    let next: number | undefined;
    try {
      await deps.purgeExpired();
      next = await deps.nextExpiry();
    } catch {
      // The archive failed (or closed while stopping): try again later, never as an unhandled rejection.
      next = purgedUpTo;
    }
    if (next !== undefined) {
      // Still expired after the purge: it failed. Trying again at once would spin (and report each failure).
      expireAt(next <= purgedUpTo ? clock.now() + RETRY_AFTER_FAILED_PURGE_MS : next);
    }
  };

  const expireAt = (at: number): void => {
    if (stopped || (timer !== null && timer.at <= at)) {
      return;
    }
    if (timer !== null) {
      clock.clearTimeout(timer.handle);
    }
    const delay = Math.min(Math.max(0, at - clock.now()), MAX_DELAY_MS);
    timer = { at, handle: clock.setTimeout(() => void wake(), delay) };
  };

  deps.nextExpiry().then(
    (next) => next !== undefined && expireAt(next),
    // Unreadable now: look again after the retry delay.
    () => expireAt(clock.now() + RETRY_AFTER_FAILED_PURGE_MS),
  );
  return {
    expireAt,
    stop() {
      stopped = true;
      if (timer !== null) {
        clock.clearTimeout(timer.handle);
        timer = null;
      }
    },
  };
};
