// Acknowledgments from this peer to one sender, in batches: an ack goes out once nothing else from that sender
// is being stored (so a burst is acked in a few frames without delaying a lone message), at most one frame per
// `ackDelayMs` under a steady stream, and always once MAX_IDS_PER_FRAME are waiting. Each ack frame also tells
// the sender its highest contiguous sequence number and the gaps above it, which the sender resends at once.
import type { PeerId } from '../identity/peer-id';
import type { Clock } from '../ports/clock';
import { MAX_IDS_PER_FRAME, type Frame, type MessageId } from './message-format';
import type { MessageStore } from './message-store';

/** Gaps named in one ack frame; the next ack names the next ones. */
const MAX_GAPS_PER_ACK = 64;

export interface AckBatcherDeps {
  readonly store: Pick<MessageStore, 'receivedSequence'>;
  readonly clock: Clock;
  readonly ackDelayMs: number;
  readonly writeFrame: (peer: PeerId, frame: Frame) => Promise<boolean>;
  /** Runs work that nobody awaits; the engine tracks it and reports its failures. */
  readonly background: (task: Promise<unknown>) => void;
}

export interface AckBatcher {
  /** Acknowledges `id` (a message from `peer`, now stored or deliberately dropped) with the next batch. */
  queue(peer: PeerId, id: MessageId): void;
  /** Runs `store`, the storing of a message from `peer`; the batch waits while any such work is under way. */
  whileStoring<T>(peer: PeerId, store: () => Promise<T>): Promise<T>;
  /** Cancels the timers; acks still waiting are not sent (the sender resends, and is acked again). */
  stop(): void;
}

interface PeerAcks {
  readonly pending: Set<MessageId>;
  timer: unknown;
  /** Messages from this peer being stored right now. */
  storing: number;
  lastSentAt: number;
}

export const createAckBatcher = (deps: AckBatcherDeps): AckBatcher => {
  const { clock } = deps;
  const peers = new Map<PeerId, PeerAcks>();
  // Once stopped, a receive still finishing must not start a timer or a flush: the store may be closed by then.
  let stopped = false;
  const acksOf = (peer: PeerId): PeerAcks => {
    let acks = peers.get(peer);
    if (!acks) {
      acks = { pending: new Set(), timer: null, storing: 0, lastSentAt: -Infinity };
      peers.set(peer, acks);
    }
    return acks;
  };

  /** Whether an ack frame may go out now: at most one per `ackDelayMs`. */
  const due = (acks: PeerAcks): boolean => clock.now() >= acks.lastSentAt + deps.ackDelayMs;

  const flush = async (peer: PeerId): Promise<void> => {
    if (stopped) {
      return;
    }
    const acks = acksOf(peer);
    if (acks.timer !== null) {
      clock.clearTimeout(acks.timer);
      acks.timer = null;
    }
    acks.lastSentAt = clock.now();
    const ids = [...acks.pending].slice(0, MAX_IDS_PER_FRAME);
    ids.forEach((id) => acks.pending.delete(id));
    const seen = await deps.store.receivedSequence(peer);
    const missing: number[] = [];
    const above = new Set(seen.above);
    const highest = seen.above.at(-1) ?? seen.upTo;
    for (let seq = seen.upTo + 1; seq < highest && missing.length < MAX_GAPS_PER_ACK; seq += 1) {
      if (!above.has(seq)) {
        missing.push(seq);
      }
    }
    await deps.writeFrame(peer, { v: 1, k: 'ack', ids, upTo: seen.upTo, missing });
    if (acks.pending.size > 0) {
      deps.background(flush(peer));
    }
  };

  return {
    queue(peer, id) {
      if (stopped) {
        return;
      }
      const acks = acksOf(peer);
      acks.pending.add(id);
      if (acks.pending.size >= MAX_IDS_PER_FRAME) {
        deps.background(flush(peer));
      } else if (acks.timer === null) {
        // The timer is the latest an ack waits; it goes sooner once nothing from the peer is being stored.
        const wait = Math.max(acks.lastSentAt + deps.ackDelayMs - clock.now(), 0) || deps.ackDelayMs;
        acks.timer = clock.setTimeout(() => deps.background(flush(peer)), wait);
      }
    },
    async whileStoring(peer, store) {
      const acks = acksOf(peer);
      acks.storing += 1;
      try {
        return await store();
      } finally {
        acks.storing -= 1;
        if (acks.storing === 0 && acks.pending.size > 0 && due(acks)) {
          deps.background(flush(peer));
        }
      }
    },
    stop() {
      stopped = true;
      for (const acks of peers.values()) {
        if (acks.timer !== null) {
          clock.clearTimeout(acks.timer);
          acks.timer = null;
        }
      }
    },
  };
};
