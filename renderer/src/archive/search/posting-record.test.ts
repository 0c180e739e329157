import { describe, expect, it } from 'vitest';
import { BUCKET_MS } from './posting-keys';
import { decodeRuns, type EntryRun, runsOf } from './posting-record';
import { postingRecordOf, testMessageId } from './testing/posting-fixtures';

const id = testMessageId;

const record = postingRecordOf(3, 'app', [
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
