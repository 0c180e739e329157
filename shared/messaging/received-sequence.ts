// A recipient's bookkeeping of one sender's sequence numbers: every number up to `upTo` seen, and the numbers seen
// above it. Marking a number moves `upTo` over any run it completes. A gap may never fill (the message failed or
// expired at the sender, was deleted there before it went out, or reached a device the archive has since left),
// and then every later number would wait above it for ever, in a record rewritten with each arrival. Gaps only
// speed up retransmission (an ack lists them as missing; the sender acks by message ID and resends what is
// unacknowledged on its own timers, and a message is stored by its ID whatever its number), so once more than
// MAX_SEEN_ABOVE numbers wait above a gap, the oldest gap is given up.
import type { ReceivedSequence } from './message-store';

/** Numbers kept above `upTo` at most; past this many, the gap below the lowest is skipped. */
export const MAX_SEEN_ABOVE = 1_024;

/** `seen` with `seq` marked, a new value (`seen` itself when nothing changed). */
export const markSequenceSeen = (seen: ReceivedSequence, seq: number): ReceivedSequence => {
  if (seq <= seen.upTo) {
    return seen;
  }
  // `above` is sorted: find where `seq` goes.
  let low = 0;
  let high = seen.above.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((seen.above[middle] ?? 0) < seq) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  if (seen.above[low] === seq) {
    return seen;
  }
  const above = [...seen.above.slice(0, low), seq, ...seen.above.slice(low)];
  let upTo = seen.upTo;
  for (;;) {
    while (above[0] === upTo + 1) {
      above.shift();
      upTo += 1;
    }
    if (above.length <= MAX_SEEN_ABOVE) {
      return { upTo, above };
    }
    // Give up the oldest gap: its lowest number above counts as the end of the run.
    upTo = above.shift() ?? upTo;
  }
};

/** The same marking on a mutable record with a set (the memory and file stores keep it so). */
export const markSequenceSeenInPlace = (seen: { upTo: number; above: Set<number> }, seq: number): void => {
  if (seq <= seen.upTo || seen.above.has(seq)) {
    return;
  }
  seen.above.add(seq);
  for (;;) {
    while (seen.above.delete(seen.upTo + 1)) {
      seen.upTo += 1;
    }
    if (seen.above.size <= MAX_SEEN_ABOVE) {
      return;
    }
    const lowest = Math.min(...seen.above);
    seen.above.delete(lowest);
    seen.upTo = lowest;
  }
};
