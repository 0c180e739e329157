// Which of our own dials may start now: a few at a time, the rest in a queue. Each dial costs a key lookup and
// about ten signal frames, which the signaling client paces (signaling/frame-pacer.ts): a user who comes online
// with fifty contacts online would otherwise queue five hundred frames, and the last dials would time out
// before their offer even left.
import type { PeerId } from '../identity/peer-id';

/** Our own attempts under way at once. */
export const MAX_CONCURRENT_DIALS = 4;

export interface DialQueue {
  /**
   * True when `peer` may be dialed now (a slot is free and nobody waits ahead); else it waits, at the front if
   * `urgent` (something to send) and behind the others if not.
   */
  admit(peer: PeerId, urgent: boolean): boolean;
  /** The next peer to dial, if one waits and a slot is free. */
  next(): PeerId | undefined;
  /** Takes `peer` out of the queue; false if it was not in it. */
  remove(peer: PeerId): boolean;
  clear(): void;
}

export const createDialQueue = (options: {
  readonly limit: number;
  /** Dials started and not yet finished or authenticated. */
  readonly underWay: () => number;
}): DialQueue => {
  const waiting: PeerId[] = [];
  const remove = (peer: PeerId): boolean => {
    const at = waiting.indexOf(peer);
    if (at >= 0) {
      waiting.splice(at, 1);
    }
    return at >= 0;
  };
  return {
    admit(peer, urgent) {
      const queued = waiting.includes(peer);
      if (!queued && options.underWay() < options.limit) {
        return true;
      }
      if (urgent) {
        remove(peer);
        waiting.unshift(peer);
      } else if (!queued) {
        waiting.push(peer);
      }
      return false;
    },
    next: () => (waiting.length > 0 && options.underWay() < options.limit ? waiting.shift() : undefined),
    remove,
    clear() {
      waiting.length = 0;
    },
  };
};
