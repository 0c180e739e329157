import { describe, expect, it } from 'vitest';
import { idbWorkPerMessage } from './idb-work';

describe('idbWorkPerMessage', () => {
  it('divides what a phase added by its messages, transactions and requests apart', () => {
    const before = { 'transaction:readwrite': 10, 'request:messages:add': 10, 'request:statuses:get': 4 };
    const after = {
      'transaction:readwrite': 210,
      'transaction:readonly': 25,
      'request:messages:add': 110,
      'request:statuses:get': 4,
      'request:statuses:put': 150,
    };
    expect(idbWorkPerMessage(before, after, 100)).toEqual({
      readwriteTransactions: 2,
      requests: 2.5,
      byKind: {
        'request:messages:add': 1,
        'request:statuses:put': 1.5,
        'transaction:readonly': 0.25,
        'transaction:readwrite': 2,
      },
    });
  });

  it('rounds to hundredths and counts nothing for a quiet phase', () => {
    expect(idbWorkPerMessage({ 'request:a:get': 1 }, { 'request:a:get': 2 }, 3)).toEqual({
      readwriteTransactions: 0,
      requests: 0.33,
      byKind: { 'request:a:get': 0.33 },
    });
    expect(idbWorkPerMessage({ x: 5 }, { x: 5 }, 10)).toEqual({
      readwriteTransactions: 0,
      requests: 0,
      byKind: {},
    });
  });
});
