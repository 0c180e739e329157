// The time a view of disappearing messages judges them by: a message leaves the view the moment it expires, not
// when the archive's purge gets to it (a purge that failed, on a full disk, say, tries again only a minute later).
// The hook re-renders its component when the earliest expiry still to come passes.
import { useEffect, useState } from 'react';
import type { Clock } from '../../../shared/ports/clock';

/**
 * Longest single wait. Timers stop while the machine sleeps, so a long wait would end that much late after a
 * sleep (a mute of hours, a message disappearing in a week): the clock is looked at again at least this often.
 */
const MAX_DELAY_MS = 60_000;

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
    let handle: unknown;
    // Waits in steps of at most MAX_DELAY_MS, each measured from the clock again, until the expiry has passed.
    const waitForNext = (): void => {
      const wait = next - clock.now();
      if (wait <= 0) {
        // The timer was set for that expiry: a clock a millisecond behind it must not keep the message.
        setTick(Math.max(clock.now(), next));
        return;
      }
      handle = clock.setTimeout(waitForNext, Math.min(MAX_DELAY_MS, wait));
    };
    handle = clock.setTimeout(waitForNext, Math.min(MAX_DELAY_MS, Math.max(0, next - clock.now())));
    return () => clock.clearTimeout(handle);
  }, [clock, next, tick]);
  return now;
};
