import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { derivePeerId, PEER_ID_PATTERN, publicKeyMatchesPeerId } from './peer-id';

const crypto = webcrypto as unknown as WebCryptoPort;

describe('peer ID', () => {
  it('is 32 base32 characters, deterministic, and matches only its own key bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.nat(), async (key, position) => {
        const peerId = await derivePeerId(crypto, key);
        expect(peerId).toMatch(PEER_ID_PATTERN);
        expect(await derivePeerId(crypto, Uint8Array.from(key))).toBe(peerId);
        const tampered = Uint8Array.from(key);
        const index = position % tampered.length;
        tampered[index] = (tampered[index] ?? 0) ^ 0x01;
        expect(await publicKeyMatchesPeerId(crypto, tampered, peerId)).toBe(false);
      }),
    );
  });
});
