import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../../../shared/crypto/web-crypto-port';
import { createWebCryptoAead } from '../../../shared/crypto/web-crypto-suite';
import { createNodeAead } from './node-aead';

const web = createWebCryptoAead(webcrypto as unknown as WebCryptoPort);
const node = createNodeAead();

const inputs = fc.record({
  key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
  aad: fc.uint8Array({ maxLength: 100 }),
  plaintext: fc.uint8Array({ maxLength: 5000 }),
});

describe('node:crypto AES-256-GCM', () => {
  it('produces exactly what WebCrypto produces, and each opens the other’s output', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async ({ key, nonce, aad, plaintext }) => {
        const [webKey, nodeKey] = await Promise.all([web.importKey(key), node.importKey(key)]);
        const fromWeb = await web.seal(webKey, nonce, aad, plaintext);
        const fromNode = await node.seal(nodeKey, nonce, aad, plaintext);
        expect(fromNode).toEqual(fromWeb);
        expect(await node.open(nodeKey, nonce, aad, fromWeb)).toEqual(plaintext);
        expect(await web.open(webKey, nonce, aad, fromNode)).toEqual(plaintext);
      }),
      { numRuns: 100 },
    );
  });

  it('matches WebCrypto for records sealed in several slices, up to 1 MiB', async () => {
    const raw = Uint8Array.from({ length: 32 }, (_, i) => i);
    const [webKey, nodeKey] = await Promise.all([web.importKey(raw), node.importKey(raw)]);
    const nonce = new Uint8Array(12).fill(7);
    const aad = Uint8Array.of(1, 2, 3);
    for (const size of [65_535, 65_536, 65_537, 3 * 65_536 + 5, 1024 * 1024]) {
      const plaintext = Uint8Array.from({ length: size }, (_, i) => (i * 31) & 0xff);
      const fromNode = await node.seal(nodeKey, nonce, aad, plaintext);
      expect(Buffer.from(fromNode).equals(Buffer.from(await web.seal(webKey, nonce, aad, plaintext)))).toBe(
        true,
      );
      const opened = await node.open(nodeKey, nonce, aad, fromNode);
      expect(opened && Buffer.from(opened).equals(Buffer.from(plaintext))).toBe(true);
    }
  });

  it('leaves the requested headroom in front of the same ciphertext', async () => {
    await fc.assert(
      fc.asyncProperty(
        inputs,
        fc.integer({ min: 0, max: 80 }),
        async ({ key, nonce, aad, plaintext }, headroom) => {
          const [webKey, nodeKey] = await Promise.all([web.importKey(key), node.importKey(key)]);
          const plain = await web.seal(webKey, nonce, aad, plaintext);
          for (const sealed of [
            await node.seal(nodeKey, nonce, aad, plaintext, headroom),
            await web.seal(webKey, nonce, aad, plaintext, headroom),
          ]) {
            expect(sealed.length).toBe(headroom + plain.length);
            expect(sealed.subarray(headroom)).toEqual(plain);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('returns null, never throws, for a bad tag, a short input or a wrong nonce size', async () => {
    const key = await node.importKey(new Uint8Array(32));
    const sealed = await node.seal(key, new Uint8Array(12), new Uint8Array(), Uint8Array.of(1, 2, 3));
    const tampered = Uint8Array.from(sealed);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    expect(await node.open(key, new Uint8Array(12), new Uint8Array(), tampered)).toBeNull();
    expect(await node.open(key, new Uint8Array(12), new Uint8Array(), new Uint8Array(5))).toBeNull();
    expect(await node.open(key, new Uint8Array(8), new Uint8Array(), sealed)).toBeNull();
    await expect(node.importKey(new Uint8Array(16))).rejects.toThrow(RangeError);
  });
});
