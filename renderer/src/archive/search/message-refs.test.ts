import { describe, expect, it } from 'vitest';
import { readRef, REF_BYTES, refOf } from './message-refs';

describe('message refs', () => {
  it('keeps a message ID in 16 bytes and gives it back', () => {
    const ids = ['019a0b1c-2d3e-7f40-8a5b-6c7d8e9fa0b1', '00000000-0000-7000-8000-000000000000'];
    const packed = new Uint8Array(ids.length * REF_BYTES);
    ids.forEach((id, at) => packed.set(refOf(id), at * REF_BYTES));
    expect(ids.map((_, at) => readRef(packed, at * REF_BYTES))).toEqual(ids);
    expect([...refOf('ffffffff-ffff-7fff-bfff-ffffffffffff')]).toEqual([
      255, 255, 255, 255, 255, 255, 127, 255, 191, 255, 255, 255, 255, 255, 255, 255,
    ]);
  });

  it('refuses what is not a lower-case UUID', () => {
    for (const id of [
      '019A0B1C-2D3E-7F40-8A5B-6C7D8E9FA0B1',
      '019a0b1c2d3e7f408a5b6c7d8e9fa0b1',
      '019a0b1c-2d3e-7f40-8a5b-6c7d8e9fa0b',
      '019a0b1c-2d3e-7f40-8a5b-6c7d8e9fa0bg',
    ]) {
      expect(() => refOf(id)).toThrow('not a message ID');
    }
  });
});
