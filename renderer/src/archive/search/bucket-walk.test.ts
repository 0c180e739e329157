import { describe, expect, it } from 'vitest';
import { candidatesIn } from './bucket-walk';
import type { IndexQueueRecord } from './index-queue';
import { BUCKET_MS } from './posting-keys';
import { postingRecordOf, testMessageId } from './testing/posting-fixtures';

const id = testMessageId;
const at = (time: number): number => 3 * BUCKET_MS + time;
const recordOf = (shard: string, words: Parameters<typeof postingRecordOf>[2]) =>
  postingRecordOf(3, shard, words);

// "the" is common (messages 1-6, and queued 8 and 9), "tea" rare (2, 5, 7 and queued 8); messages 3 and 5 were
// sent at one time.
const records = [
  recordOf('the', [
    [
      'the',
      [
        [1, 10],
        [2, 20],
        [3, 50],
        [4, 40],
        [5, 50],
        [6, 60],
      ],
    ],
  ]),
  recordOf('tea', [
    [
      'tea',
      [
        [2, 20],
        [5, 50],
        [7, 70],
      ],
    ],
  ]),
];
const queued: IndexQueueRecord[] = [
  { seq: 1, id: id(8), sentAt: at(80), words: ['the', 'tea'] },
  { seq: 2, id: id(9), sentAt: at(90), words: ['the'] },
];
const unbounded = { after: null, before: null };
const term = (word: string, prefix = false) => ({ word, prefix });

describe('a bucket’s candidates', () => {
  it('are the messages every term has, queued or written, newest first', () => {
    const found = candidatesIn(records, queued, [term('the'), term('tea')], unbounded);
    expect(found).toEqual([
      { id: id(8), sentAt: at(80) },
      { id: id(5), sentAt: at(50) },
      { id: id(2), sentAt: at(20) },
    ]);
  });

  it('leave out a message sent at the same time as a match but without every term', () => {
    const found = candidatesIn(records, [], [term('tea'), term('the')], unbounded);
    expect(found.map((candidate) => candidate.id)).toEqual([id(5), id(2)]);
  });

  it('take a prefix’s words, keep to the bounds, and are none when a term has no messages', () => {
    expect(candidatesIn(records, queued, [term('te', true)], { after: at(20), before: at(80) })).toEqual([
      { id: id(7), sentAt: at(70) },
      { id: id(5), sentAt: at(50) },
      { id: id(2), sentAt: at(20) },
    ]);
    expect(candidatesIn(records, queued, [term('the'), term('tex')], unbounded)).toEqual([]);
  });
});
