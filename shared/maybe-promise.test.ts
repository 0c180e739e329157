import { describe, expect, it } from 'vitest';
import { isPromise, thenMaybe } from './maybe-promise';

describe('thenMaybe', () => {
  it('continues synchronously with a ready value', () => {
    const result = thenMaybe(2, (n) => n * 3);
    expect(isPromise(result)).toBe(false);
    expect(result).toBe(6);
  });

  it('continues after a pending value resolves', async () => {
    const result = thenMaybe(Promise.resolve(2), (n) => n * 3);
    expect(isPromise(result)).toBe(true);
    await expect(result).resolves.toBe(6);
  });

  it('flattens a continuation that itself returns a promise', async () => {
    await expect(thenMaybe(2, (n) => Promise.resolve(n + 1))).resolves.toBe(3);
  });
});
