// The time a view of disappearing messages judges them by: a message leaves the view the moment it expires, not
// when the archive's purge gets to it (a purge that failed, on a full disk, say, tries again only a minute later).
// The hook re-renders its component when the earliest expiry still to come passes.
import { useEffect, useState } from 'react';
import type { Clock } from '../../../shared/ports/clock';

/** Longest delay a JavaScript timer takes (longer ones fire at once). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The current time by `clock`, never before `floor` (when what is shown was read), moved on as each of
 * `expiries` passes.
 */
export const useExpiryNow = (
  expiries: Iterable<number | undefined>,
  clock: Clock,
  floor = -Infinity,
): number => {
  const [tick, setTick] = useState(() => clock.now());
  const now = Math.max(tick, floor);
  let next = Infinity;
  for (const at of expiries) {
    if (at !== undefined && at > now && at < next) {
      next = at;
    }
  }
  useEffect(() => {
    if (next === Infinity) {
      return;
    }
    const wait = next - clock.now();
    const handle = clock.setTimeout(
      // The timer was set for that expiry: a clock a millisecond behind it must not keep the message. A wait
      // longer than a timer takes only moves the time on, and the next timer waits for the rest.
      () => setTick(wait > MAX_DELAY_MS ? clock.now() : Math.max(clock.now(), next)),
      Math.min(MAX_DELAY_MS, Math.max(0, wait)),
    );
    return () => clock.clearTimeout(handle);
  }, [clock, next, tick]);
  return now;
};
