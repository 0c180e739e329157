import { describe, expect, it } from 'vitest';
import { isPromise } from './maybe-promise';

describe('isPromise', () => {
  it('tells a pending value from a ready one', () => {
    expect(isPromise(Promise.resolve(2))).toBe(true);
    expect(isPromise(2)).toBe(false);
    expect(isPromise(new Uint8Array(4))).toBe(false);
  });
});
