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

/** Longest delay a JavaScript timer takes (longer ones fire at once). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Runs `run` at `at` by `clock` (a wait longer than one timer takes is made of several); returns a cancel. Timers
 * may fire early by a millisecond, so each one checks the clock before running.
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
    handle = clock.setTimeout(wait, Math.min(delay, MAX_DELAY_MS));
  };
  wait();
  return () => {
    if (handle !== null) {
      clock.clearTimeout(handle);
      handle = null;
    }
  };
};
