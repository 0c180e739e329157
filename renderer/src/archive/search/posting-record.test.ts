import { describe, expect, it } from 'vitest';
import { refOf } from './message-refs';
import { BUCKET_MS } from './posting-keys';
import { decodeRuns, type EntryRun, type PostingRecord, runsOf } from './posting-record';

const id = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A record of one bucket whose words have the given entries (message number → time in the bucket). */
const recordOf = (
  words: readonly (readonly [string, readonly (readonly [number, number])[]])[],
): PostingRecord => {
  const entries = words.flatMap(([, list]) => list);
  const refs = new Uint8Array(entries.length * 16);
  entries.forEach(([n], at) => refs.set(refOf(id(n)), at * 16));
  let end = 0;
  return {
    bucket: 3,
    shard: 'app',
    segment: 0,
    words: words.map(([word]) => word),
    ends: Uint32Array.from(words.map(([, list]) => (end += list.length))),
    refs,
    times: Uint32Array.from(entries.map(([, time]) => time)),
  };
};

const record = recordOf([
  ['appeal', [[1, 10]]],
  [
    'apple',
    [
      [2, 20],
      [3, 30],
    ],
  ],
  ['applet', [[4, 30]]],
  ['apply', [[5, 50]]],
]);
const at = (time: number): number => 3 * BUCKET_MS + time;

describe('posting record runs', () => {
  it('finds a word’s entries, or every word a prefix begins', () => {
    const word: EntryRun[] = [];
    runsOf(record, 'apple', false, word);
    expect(word.map(({ from, to }) => [from, to])).toEqual([[1, 3]]);
    const prefix: EntryRun[] = [];
    runsOf(record, 'apple', true, prefix);
    expect([...decodeRuns(prefix, null)]).toEqual([
      [id(2), at(20)],
      [id(3), at(30)],
      [id(4), at(30)],
    ]);
    const none: EntryRun[] = [];
    runsOf(record, 'applz', true, none);
    expect(none).toEqual([]);
  });

  it('keeps, within a set, only its messages, not others sent at the same time', () => {
    const runs: EntryRun[] = [];
    runsOf(record, 'appl', true, runs);
    // Message 4 was sent at the same time as message 3, but is not in the set.
    const within = new Map([
      [id(3), at(30)],
      [id(5), at(50)],
      [id(9), at(10)],
    ]);
    expect([...decodeRuns(runs, within)]).toEqual([
      [id(3), at(30)],
      [id(5), at(50)],
    ]);
  });
});
