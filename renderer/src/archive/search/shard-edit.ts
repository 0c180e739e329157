// Rewriting one posting record's entries (posting-record.ts) with a write's changes: words it does not touch are copied as
// byte ranges, only a word losing messages has its entries read one by one, and added entries are appended. No
// message ID is turned back into a string unless it might be leaving, which keeps an import's rewrite of a
// partly filled bucket a matter of copying bytes.
import { entriesOf, type PostingRecord, type SegmentEntries } from './posting-record';
import { readRef, REF_BYTES } from './message-refs';

/** What a write does to one word of a shard. */
export interface WordChanges {
  /** Messages whose entries leave (before any are added: a replaced message may add itself again). */
  readonly removed: Set<string>;
  readonly addedRefs: Uint8Array[];
  /** Each added entry's sentAt, less the bucket's start. */
  readonly addedTimes: number[];
}

/** Which stored entries a word keeps: a whole range, or a list when some leave. */
type Kept = { readonly from: number; readonly to: number } | readonly number[] | null;

/** The entries `stored` holds once `changes` are made, or null when none are left. */
export const editShard = (
  stored: PostingRecord | undefined,
  changes: ReadonlyMap<string, WordChanges>,
): SegmentEntries | null => {
  const storedIndex = new Map((stored?.words ?? []).map((word, index) => [word, index]));
  const plans: { word: string; kept: Kept; change: WordChanges | undefined; count: number }[] = [];
  let total = 0;
  for (const word of [...new Set([...(stored?.words ?? []), ...changes.keys()])].sort()) {
    const change = changes.get(word);
    const index = storedIndex.get(word);
    let kept: Kept = null;
    let count = change?.addedRefs.length ?? 0;
    if (stored !== undefined && index !== undefined) {
      const range = entriesOf(stored, index);
      if (change !== undefined && change.removed.size > 0) {
        const list: number[] = [];
        for (let entry = range.from; entry < range.to; entry += 1) {
          if (!change.removed.has(readRef(stored.refs, entry * REF_BYTES))) {
            list.push(entry);
          }
        }
        kept = list;
        count += list.length;
      } else {
        kept = range;
        count += range.to - range.from;
      }
    }
    if (count > 0) {
      plans.push({ word, kept, change, count });
      total += count;
    }
  }
  if (total === 0) {
    return null;
  }
  const ends = new Uint32Array(plans.length);
  const refs = new Uint8Array(total * REF_BYTES);
  const times = new Uint32Array(total);
  let at = 0;
  plans.forEach(({ kept, change }, index) => {
    if (stored !== undefined && kept !== null) {
      if (Array.isArray(kept)) {
        for (const entry of kept as readonly number[]) {
          refs.set(stored.refs.subarray(entry * REF_BYTES, (entry + 1) * REF_BYTES), at * REF_BYTES);
          times[at] = stored.times[entry] ?? 0;
          at += 1;
        }
      } else {
        const { from, to } = kept as { from: number; to: number };
        refs.set(stored.refs.subarray(from * REF_BYTES, to * REF_BYTES), at * REF_BYTES);
        times.set(stored.times.subarray(from, to), at);
        at += to - from;
      }
    }
    change?.addedRefs.forEach((ref, added) => {
      refs.set(ref, at * REF_BYTES);
      times[at] = change.addedTimes[added] ?? 0;
      at += 1;
    });
    ends[index] = at;
  });
  return { words: plans.map(({ word }) => word), ends, refs, times };
};
