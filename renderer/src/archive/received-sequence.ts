// Sequence bookkeeping for one sender, as stored: marking a number seen moves `upTo` over any run it completes.
import type { ReceivedSequence } from '../../../shared/messaging/message-store';

export const markSequenceSeen = (seen: ReceivedSequence, seq: number): ReceivedSequence => {
  if (seq <= seen.upTo || seen.above.includes(seq)) {
    return seen;
  }
  const above = [...seen.above, seq].sort((a, b) => a - b);
  let upTo = seen.upTo;
  while (above[0] === upTo + 1) {
    above.shift();
    upTo += 1;
  }
  return { upTo, above };
};
