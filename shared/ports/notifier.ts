// Desktop notifications; returns false when the platform or the user does not allow them. A notification about
// a conversation opens it when clicked (the notifier reports the click as a host event). One about a
// disappearing message is taken down when the message expires, and not shown at all once it has.
import type { PeerId } from '../identity/peer-id';
import type { Clock } from './clock';

export interface NotificationRequest {
  readonly title: string;
  readonly body: string;
  readonly peerId?: PeerId;
  /** When what the notification shows disappears (ms since the epoch). */
  readonly expiresAt?: number;
}

export interface Notifier {
  show(notification: NotificationRequest): Promise<boolean>;
}

/**
 * The longest single wait: timers count time the machine is awake, the wall clock also the time it sleeps, so a
 * long wait is made of short ones that each look at the clock again.
 */
const CHECK_EVERY_MS = 60_000;

/** At most this many notifications wait for their expiry; past it the oldest one's wait is given up. */
export const MAX_EXPIRING_NOTIFICATIONS = 100;

/**
 * Runs `run` at `at` by `clock` (the wall clock, in waits of at most a minute); returns a cancel. Timers may fire
 * early by a millisecond, so each one checks the clock before running.
 */
export const runAt = (clock: Clock, at: number, run: () => void): (() => void) => {
  let handle: unknown = null;
  const wait = () => {
    const delay = at - clock.now();
    if (delay <= 0) {
      handle = null;
      run();
      return;
    }
    handle = clock.setTimeout(wait, Math.min(delay, CHECK_EVERY_MS));
  };
  wait();
  return () => {
    if (handle !== null) {
      clock.clearTimeout(handle);
      handle = null;
    }
  };
};

/**
 * The notifications waiting to be taken down at their expiry, by key (a notification object, or a conversation
 * whose newer notification replaces the older); bounded, so a contact who sends disappearing messages dated far
 * ahead cannot make the app hold notifications without end.
 */
export const createExpiryTimers = <K>(clock: Clock) => {
  const waiting = new Map<K, () => void>();
  const cancel = (key: K): void => {
    waiting.get(key)?.();
    waiting.delete(key);
  };
  return {
    /** Runs `close` at `at`, in place of whatever waited under `key`. */
    closeAt(key: K, at: number, close: () => void): void {
      cancel(key);
      waiting.set(
        key,
        runAt(clock, at, () => {
          waiting.delete(key);
          close();
        }),
      );
      for (const oldest of waiting.keys()) {
        if (waiting.size <= MAX_EXPIRING_NOTIFICATIONS) {
          break;
        }
        cancel(oldest);
      }
    },
    cancel,
    get size() {
      return waiting.size;
    },
  };
};
