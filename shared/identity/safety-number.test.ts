import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../encoding/bytes';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { derivePeerId } from './peer-id';
import { computeSafetyNumber, safetyNumberFingerprint, safetyNumberQrPayload } from './safety-number';
import vectors from './safety-number.vectors.json';

const crypto = webcrypto as unknown as WebCryptoPort;
type Name = keyof typeof vectors.keys;
const keyOf = (name: string) => base64ToBytes(vectors.keys[name as Name].signingKey);

describe('safety number', () => {
  it.each(Object.entries(vectors.keys))(
    "gives %s's key its known peer ID and 30-digit fingerprint",
    async (_, key) => {
      const spki = base64ToBytes(key.signingKey);
      expect(await derivePeerId(crypto, spki)).toBe(key.peerId);
      expect(await safetyNumberFingerprint(crypto, spki)).toBe(key.fingerprint);
    },
  );

  it.each(vectors.vectors)(
    'matches the known answer for $one and $other, from either side',
    async (vector) => {
      const [one, other] = [keyOf(vector.one), keyOf(vector.other)];
      for (const [mine, theirs] of [
        [one, other],
        [other, one],
      ] as const) {
        const number = await computeSafetyNumber(crypto, mine, theirs);
        expect(number.groups.join(' ')).toBe(vector.safetyNumber);
        expect(number.digits).toBe(vector.safetyNumber.replaceAll(' ', ''));
        expect(number.qrPayload).toBe(vector.qrPayload);
      }
    },
  );

  it('is 60 digits in 12 groups of 5, and a QR payload in the alphanumeric alphabet', async () => {
    const number = await computeSafetyNumber(crypto, keyOf('alice'), keyOf('bob'));
    expect(number.digits).toMatch(/^\d{60}$/);
    expect(number.groups).toHaveLength(12);
    expect(number.groups.every((group) => /^\d{5}$/.test(group))).toBe(true);
    expect(await safetyNumberQrPayload(crypto, keyOf('alice'), keyOf('bob'))).toBe(number.qrPayload);
    expect(number.qrPayload).toMatch(/^PARLEY-SN:1:[A-Z2-7]{103}$/);
  });
});
