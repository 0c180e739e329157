// What the outbox window (outbox-window.ts) keeps per peer and per message in flight, and the bookkeeping on it:
// whether a message fits, joining and leaving, and putting the read position back after a failed status write.
import type { RetransmitPolicy } from './delivery-types';
import type { Message, MessageId } from './message-format';

export interface InFlight {
  readonly message: Message;
  /** Its `msg` frame, encoded. */
  readonly frame: Uint8Array;
  /** When it fails as undeliverable: its own expiry, else the delivery window from when it was (re)queued. */
  readonly deadline: number;
  attempts: number;
  nextAttemptAt: number;
  /** Last time it was written to a link; resent only after a backoff from then. */
  sent: boolean;
  /** Order of its last write to a link (a counter: virtual clocks stand still). */
  writtenAt: number;
  /**
   * Its last write has not left yet (the link waits for the channel to drain): it is not written again until then,
   * and its backoff runs from when that write leaves, so a slow link never queues copies of the window.
   */
  writing: boolean;
  /** Asked to go again at once while it was being written (a new link, a reported gap): due when that write ends. */
  dueAfterWrite: boolean;
}

export interface PeerWindow {
  readonly inFlight: Map<MessageId, InFlight>;
  /** The bytes of the frames in `inFlight`. */
  bytes: number;
  /**
   * The frame bytes of the next stored message, once it was found not to fit (0: not known): until acks make
   * room for it, the window counts as full and reads nothing.
   */
  waiting: number;
  /** Highest sequence number loaded from the outbox into the window. */
  loadedUpTo: number;
  /**
   * The stored outbox holds nothing above `loadedUpTo`: a read found it drained and every message stored since
   * was admitted. Then refilling needs no read, which in IndexedDB waits for the write transaction under way.
   */
  drained: boolean;
  /** Messages `admit` turned away; a read that overlapped one may have missed it, so cannot prove `drained`. */
  turnedAway: number;
  timer: unknown;
  timerAt: number;
  refilling: boolean;
  /**
   * IDs that left (acked, rejected, failed, withdrawn) while a refill read: a read begun before may still return
   * them, and they must not join again. Cleared when the refill ends.
   */
  readonly leftWhileReading: Set<MessageId>;
  /** The peer was forgotten while a refill read: what it returns is dropped. */
  forgottenWhileReading: boolean;
}

export const newPeerWindow = (): PeerWindow => ({
  inFlight: new Map(),
  bytes: 0,
  waiting: 0,
  loadedUpTo: 0,
  drained: false,
  turnedAway: 0,
  timer: null,
  timerAt: Infinity,
  refilling: false,
  leftWhileReading: new Set(),
  forgottenWhileReading: false,
});

/** Whether `entry` may join the window: one message always fits, however large. */
export const fitsIn = (window: PeerWindow, entry: InFlight, policy: RetransmitPolicy): boolean =>
  window.inFlight.size === 0 ||
  (window.inFlight.size < policy.window && window.bytes + entry.frame.length <= policy.windowBytes);
/** Whether the next stored message cannot join (as far as is known): then a refill would read for nothing. */
export const isFull = (window: PeerWindow, policy: RetransmitPolicy): boolean =>
  window.inFlight.size >= policy.window ||
  (window.inFlight.size > 0 && window.bytes + Math.max(1, window.waiting) > policy.windowBytes);
export const join = (window: PeerWindow, entry: InFlight): void => {
  leave(window, entry.message.id);
  window.inFlight.set(entry.message.id, entry);
  window.bytes += entry.frame.length;
};
export const leave = (window: PeerWindow, id: MessageId): void => {
  const entry = window.inFlight.get(id);
  if (entry) {
    window.inFlight.delete(id);
    window.bytes -= entry.frame.length;
  }
  if (window.refilling) {
    window.leftWhileReading.add(id);
  }
};
/**
 * After a status write failed for messages that already left the window: the store still holds them in the
 * outbox, so the next refill reads from before them again instead of leaving them stranded until a restart.
 */
export const rewind = (window: PeerWindow, messages: readonly Message[]): void => {
  if (messages.length === 0) {
    return;
  }
  window.loadedUpTo = Math.min(window.loadedUpTo, ...messages.map((message) => message.seq - 1));
  window.drained = false;
};
/** Asks for `entry` to go again at once, or as soon as its write under way has left. */
export const dueNow = (entry: InFlight, now: number): void => {
  if (entry.writing) {
    entry.dueAfterWrite = true;
  } else {
    entry.nextAttemptAt = now;
  }
};
