// The sending half of delivery, per peer: a window of outgoing messages loaded from the stored outbox, each
// written to the peer's link when due, resent with exponential backoff and full jitter until acknowledged, and
// failed once past its expiry (or the delivery window). Acks and rejects take messages out of the window;
// gaps the recipient reports are resent at once. The window is bounded by count and by the size of its frames,
// each encoded once when it joins and written as is on every attempt.
import type { PeerId } from '../identity/peer-id';
import type { Clock } from '../ports/clock';
import { MAX_TIMER_MS, type RetransmitPolicy } from './delivery-types';
import { encodeFrame, type Frame, type Message, type MessageId } from './message-format';
import type { DeliveryStatus, MessageStore } from './message-store';
import {
  dueNow,
  fitsIn,
  type InFlight,
  isFull,
  join,
  leave,
  newPeerWindow,
  type PeerWindow,
  rewind,
} from './outbox-entries';

export interface OutboxWindowDeps {
  readonly store: Pick<MessageStore, 'outbox' | 'outgoing' | 'setStatus'>;
  readonly clock: Clock;
  readonly random: () => number;
  readonly policy: RetransmitPolicy;
  /** Whether a link to `peer` is up; messages are written only then. */
  readonly linked: (peer: PeerId) => boolean;
  /** Writes an encoded `msg` frame to the peer's link. */
  readonly writeFrame: (peer: PeerId, frame: Uint8Array) => Promise<boolean>;
  readonly emitStatus: (ids: readonly MessageId[], status: DeliveryStatus, failure?: string) => void;
  /** Runs work that nobody awaits; the engine tracks it and reports its failures. */
  readonly background: (task: Promise<unknown>) => void;
  readonly stopped: () => boolean;
}

export interface OutboxWindow {
  /** Sends what is due to `peer`, fails what expired, and sets the timer for the next due message. */
  pump(peer: PeerId): Promise<void>;
  /** A new link to `peer`: everything in flight goes out again now, whatever its backoff said. */
  linkUp(peer: PeerId): void;
  linkDown(peer: PeerId): void;
  /** A message just stored in the outbox joins the window at once if it is the next in sequence. */
  admit(message: Message): void;
  /** Puts a stored message back in the window (a retry), even if its sequence number was loaded before. */
  requeue(message: Message): void;
  acknowledged(peer: PeerId, frame: Extract<Frame, { k: 'ack' }>): Promise<void>;
  rejected(peer: PeerId, frame: Extract<Frame, { k: 'reject' }>): Promise<void>;
  /** Nothing more goes to `peer`: what is in the window leaves it and is never resent. */
  forget(peer: PeerId): void;
  /** Stops sending these messages (deleted before they were acknowledged; the caller removed them from the store). */
  withdraw(ids: readonly MessageId[]): void;
  /** Cancels the timers. */
  stop(): void;
}

const EXPIRED = 'not delivered before it expired';
/**
 * Messages per outbox read: a refill holds this many at once before it knows how many fit (64 MiB at the
 * largest frames, as much as a window held before it had a bound in bytes). Fewer per read cost throughput:
 * under a burst each read waits for the write transaction under way.
 */
const REFILL_PAGE = 256;

export const createOutboxWindow = (deps: OutboxWindowDeps): OutboxWindow => {
  const { store, clock, policy } = deps;
  const windows = new Map<PeerId, PeerWindow>();
  /** Frames written to links so far (orders InFlight.writtenAt). */
  let writes = 0;

  const windowOf = (peer: PeerId): PeerWindow => {
    let window = windows.get(peer);
    if (!window) {
      window = newPeerWindow();
      windows.set(peer, window);
    }
    return window;
  };

  const backoff = (attempts: number): number =>
    policy.baseMs +
    Math.floor(deps.random() * Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempts, 30)));

  const entryFor = (message: Message, queuedAt: number): InFlight => ({
    message,
    frame: encodeFrame({ v: 1, k: 'msg', m: message }),
    deadline: message.meta?.expiresAt ?? Math.max(message.sentAt, queuedAt) + policy.deliveryWindowMs,
    attempts: 0,
    nextAttemptAt: clock.now(),
    sent: false,
    writtenAt: 0,
    writing: false,
    dueAfterWrite: false,
  });

  const fits = (window: PeerWindow, entry: InFlight): boolean => fitsIn(window, entry, policy);
  const full = (window: PeerWindow): boolean => isFull(window, policy);
  /** Writes a status for messages that left the window, rewinding it if the write fails. */
  const settle = async (
    window: PeerWindow,
    messages: readonly Message[],
    status: DeliveryStatus,
    failure?: string,
  ): Promise<void> => {
    const ids = messages.map((message) => message.id);
    const writing: Promise<readonly MessageId[]> =
      ids.length === 0 ? Promise.resolve([]) : store.setStatus(ids, status, failure);
    const changed = await writing.catch((error: unknown) => {
      rewind(window, messages);
      throw error;
    });
    deps.emitStatus(changed, status, failure);
  };
  /**
   * When a stored message entered the outbox, for its delivery window: when it was written, unless that window
   * has passed, when a retry may have renewed it. Only then is the store asked, since retries are rare.
   */
  const queuedAt = async (message: Message): Promise<number> => {
    if (message.meta?.expiresAt !== undefined || message.sentAt + policy.deliveryWindowMs >= clock.now()) {
      return message.sentAt;
    }
    return (await store.outgoing(message.id))?.retriedAt ?? message.sentAt;
  };

  /** Loads more of the stored outbox into the window. */
  const refill = async (peer: PeerId): Promise<void> => {
    const window = windowOf(peer);
    if (window.refilling || window.drained || full(window)) {
      return;
    }
    window.refilling = true;
    try {
      for (;;) {
        const wanted = Math.min(REFILL_PAGE, policy.window - window.inFlight.size);
        const turnedAway = window.turnedAway;
        const more = await store.outbox(peer, wanted, window.loadedUpTo);
        const queuedAts = await Promise.all(more.map(queuedAt));
        if (window.forgottenWhileReading) {
          return;
        }
        let loaded = 0;
        for (const [index, message] of more.entries()) {
          if (!window.inFlight.has(message.id) && !window.leftWhileReading.has(message.id)) {
            const entry = entryFor(message, queuedAts[index] ?? message.sentAt);
            if (!fits(window, entry)) {
              // It and what follows stay in the stored outbox until acks make room.
              window.waiting = entry.frame.length;
              break;
            }
            join(window, entry);
            window.waiting = 0;
          }
          window.loadedUpTo = Math.max(window.loadedUpTo, message.seq);
          loaded += 1;
        }
        window.drained = more.length < wanted && loaded === more.length && window.turnedAway === turnedAway;
        if (window.drained || full(window) || loaded < more.length) {
          return;
        }
        // Otherwise look again: a page was not all there is, or a message turned away during the read may
        // have been stored after it looked (it would wait for the next send, ack or link to be noticed).
      }
    } finally {
      window.refilling = false;
      window.leftWhileReading.clear();
      window.forgottenWhileReading = false;
    }
  };

  const pump = async (peer: PeerId): Promise<void> => {
    if (deps.stopped()) {
      return;
    }
    const window = windowOf(peer);
    await refill(peer);
    const now = clock.now();
    const linked = deps.linked(peer);
    const expired: Message[] = [];
    const due: InFlight[] = [];
    for (const entry of window.inFlight.values()) {
      if (now > entry.deadline) {
        expired.push(entry.message);
      } else if (entry.nextAttemptAt <= now && linked && !entry.writing) {
        due.push(entry);
      }
    }
    if (expired.length > 0) {
      expired.forEach((message) => leave(window, message.id));
      await settle(window, expired, 'failed', EXPIRED);
      // Their places in the window are free: whatever waits in the stored outbox moves up now, not at the
      // next send or ack (with nothing left in flight, no timer would come).
      deps.background(pump(peer));
    }
    due.sort((a, b) => a.message.seq - b.message.seq);
    const firstSends: MessageId[] = [];
    for (const entry of due) {
      entry.attempts += 1;
      // Not due again until this write has left (then its backoff starts).
      entry.nextAttemptAt = Infinity;
      entry.writing = true;
      if (!entry.sent) {
        entry.sent = true;
        firstSends.push(entry.message.id);
      }
      writes += 1;
      entry.writtenAt = writes;
      const write = writes;
      deps.writeFrame(peer, entry.frame).then(
        () => written(peer, entry, write),
        () => written(peer, entry, write),
      );
    }
    if (firstSends.length > 0) {
      deps.emitStatus(await store.setStatus(firstSends, 'sent'), 'sent');
    }
    schedule(peer);
  };

  /** Write number `write` of `entry` ended, in the channel or not: its next attempt is due a backoff from then. */
  const written = (peer: PeerId, entry: InFlight, write: number): void => {
    if (entry.writtenAt !== write || !entry.writing) {
      // A write to a link that went since: the entry was freed then (endWrites) and may be on its way again.
      return;
    }
    entry.writing = false;
    const now = clock.now();
    // A write that did not leave (the channel closing) waits its backoff too: the new link, when it comes, makes it
    // due at once (endWrites), and a link that fails every write quickly must not be written to in a loop.
    entry.nextAttemptAt = entry.dueAfterWrite ? now : now + backoff(entry.attempts);
    entry.dueAfterWrite = false;
    if (windows.get(peer)?.inFlight.get(entry.message.id) === entry) {
      schedule(peer);
    }
  };

  /**
   * A link came or went: writes still waiting in an older one will never be known to have left (a channel that
   * died may never say so), so every message in flight is free and due at once.
   */
  const endWrites = (peer: PeerId): void => {
    const now = clock.now();
    for (const entry of windowOf(peer).inFlight.values()) {
      entry.writing = false;
      entry.dueAfterWrite = false;
      entry.nextAttemptAt = now;
    }
  };

  const schedule = (peer: PeerId): void => {
    const window = windowOf(peer);
    const linked = deps.linked(peer);
    let next = Infinity;
    for (const entry of window.inFlight.values()) {
      next = Math.min(next, linked ? Math.min(entry.nextAttemptAt, entry.deadline + 1) : entry.deadline + 1);
    }
    if (next === window.timerAt) {
      return;
    }
    if (window.timer !== null) {
      clock.clearTimeout(window.timer);
      window.timer = null;
    }
    window.timerAt = next;
    if (next !== Infinity && !deps.stopped()) {
      window.timer = clock.setTimeout(
        () => {
          window.timer = null;
          window.timerAt = Infinity;
          deps.background(pump(peer));
        },
        // Timers take 32-bit delays; a far deadline (the 30-day window) is reached in steps.
        Math.min(MAX_TIMER_MS, Math.max(0, next - clock.now())),
      );
    }
  };

  return {
    pump,
    linkUp(peer) {
      endWrites(peer);
      deps.background(pump(peer));
    },
    linkDown(peer) {
      endWrites(peer);
      schedule(peer);
    },
    admit(message) {
      // Reading it back from the outbox would only cost time.
      const window = windowOf(message.to);
      if (message.seq <= window.loadedUpTo) {
        // A refill read it first.
        return;
      }
      const next =
        !window.refilling && message.seq === window.loadedUpTo + 1 && window.inFlight.size < policy.window;
      const entry = next ? entryFor(message, message.sentAt) : null;
      if (entry && fits(window, entry)) {
        join(window, entry);
        window.waiting = 0;
        window.loadedUpTo = message.seq;
      } else {
        if (entry) {
          // The next message, too large for the room left: no read until there is room for it.
          window.waiting = entry.frame.length;
        }
        // Left in the stored outbox, for a refill to read.
        window.turnedAway += 1;
        window.drained = false;
      }
    },
    requeue(message) {
      join(windowOf(message.to), entryFor(message, clock.now()));
    },
    async acknowledged(peer, frame) {
      const window = windowOf(peer);
      // Only our own messages to this peer can be acknowledged by it.
      const ours: Message[] = [];
      let newestAcked = 0;
      for (const id of frame.ids) {
        const entry = window.inFlight.get(id) ?? null;
        newestAcked = Math.max(newestAcked, entry?.writtenAt ?? 0);
        const stored = entry ? null : await store.outgoing(id);
        const message = entry?.message ?? stored?.message;
        if (message && message.to === peer) {
          ours.push(message);
          leave(window, id);
        }
      }
      await settle(window, ours, 'delivered');
      // Gaps the recipient reports are resent at once, if a later write has arrived since this one's last
      // write (so it was lost, not still on its way): every ack of a stream names the gap until it is filled,
      // and resending on each would flood the link with copies.
      const missing = new Set(frame.missing);
      const now = clock.now();
      for (const entry of window.inFlight.values()) {
        if (missing.has(entry.message.seq) && entry.writtenAt < newestAcked) {
          dueNow(entry, now);
        }
      }
      await pump(peer);
    },
    async rejected(peer, frame) {
      const window = windowOf(peer);
      const ours = frame.ids.flatMap((id) => {
        const message = window.inFlight.get(id)?.message;
        return message?.to === peer ? [message] : [];
      });
      ours.forEach((message) => leave(window, message.id));
      const reason =
        frame.code === 'MESSAGE_NOT_A_CONTACT'
          ? 'the recipient has not accepted you as a contact'
          : frame.reason;
      await settle(window, ours, 'failed', reason);
      await pump(peer);
    },
    forget(peer) {
      const window = windowOf(peer);
      window.forgottenWhileReading ||= window.refilling;
      window.inFlight.clear();
      window.bytes = 0;
      window.waiting = 0;
      schedule(peer);
    },
    withdraw(ids) {
      for (const [peer, window] of windows) {
        if (window.refilling) {
          // Perhaps in what the read under way returns.
          ids.forEach((id) => window.leftWhileReading.add(id));
        }
        const before = window.inFlight.size;
        for (const id of ids) {
          const entry = window.inFlight.get(id);
          if (entry) {
            window.inFlight.delete(id);
            window.bytes -= entry.frame.length;
          }
        }
        if (window.inFlight.size < before) {
          // Room freed: the next stored message may fit now.
          window.waiting = 0;
          schedule(peer);
        }
      }
    },
    stop() {
      for (const window of windows.values()) {
        if (window.timer !== null) {
          clock.clearTimeout(window.timer);
          window.timer = null;
        }
      }
    },
  };
};
