import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { computeSafetyNumber } from './safety-number';

const crypto = webcrypto as unknown as WebCryptoPort;
// Each side costs 5200 SHA-512 rounds, so a few dozen runs already take seconds.
const RUNS = { numRuns: 12 };

const key = fc.uint8Array({ minLength: 16, maxLength: 600 });
const changed = (bytes: Uint8Array, position: number, mask: number): Uint8Array => {
  const copy = Uint8Array.from(bytes);
  const index = position % copy.length;
  copy[index] = (copy[index] ?? 0) ^ mask;
  return copy;
};

describe('safety number properties', () => {
  it('is the same whichever side computes it', async () => {
    await fc.assert(
      fc.asyncProperty(key, key, async (mine, theirs) => {
        const [fromMine, fromTheirs] = await Promise.all([
          computeSafetyNumber(crypto, mine, theirs),
          computeSafetyNumber(crypto, theirs, mine),
        ]);
        expect(fromMine).toEqual(fromTheirs);
      }),
      RUNS,
    );
  });

  it('changes when either key changes in any byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        key,
        key,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.boolean(),
        async (mine, theirs, position, mask, changeMine) => {
          const [before, after] = await Promise.all([
            computeSafetyNumber(crypto, mine, theirs),
            changeMine
              ? computeSafetyNumber(crypto, changed(mine, position, mask), theirs)
              : computeSafetyNumber(crypto, mine, changed(theirs, position, mask)),
          ]);
          expect(after.digits).not.toBe(before.digits);
          expect(after.qrPayload).not.toBe(before.qrPayload);
        },
      ),
      RUNS,
    );
  });
});
