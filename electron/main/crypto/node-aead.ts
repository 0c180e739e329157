// AES-256-GCM through node:crypto for the Node hosts: synchronous OpenSSL calls answered synchronously, with no
// promise or copy per record as inside WebCrypto, which is what lets small records reach the session layer's
// throughput goals.
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import type { Aead, AeadKey } from '../../../shared/crypto/crypto-suite';

interface NodeAeadKey extends AeadKey {
  readonly key: KeyObject;
}

const TAG_BYTES = 16;
const NONCE_BYTES = 12;
const SEAL_SLICE_BYTES = 64 * 1024;

const copyInto = (target: Buffer, offset: number, bytes: Buffer): number => {
  target.set(bytes, offset);
  return bytes.length;
};

/**
 * A plain Uint8Array over `buffer`'s memory, without copying when the Buffer owns its whole ArrayBuffer (as the
 * output of `update` does). A view into Node's shared Buffer pool is copied instead, so a caller that hands
 * `.buffer` on (postMessage, transfer) never exposes unrelated bytes.
 */
const ownBytes = (buffer: Buffer): Uint8Array<ArrayBuffer> => {
  const backing = buffer.buffer;
  if (backing instanceof ArrayBuffer && buffer.byteOffset === 0 && backing.byteLength === buffer.length) {
    return new Uint8Array(backing);
  }
  return Uint8Array.from(buffer);
};

export const createNodeAead = (): Aead => ({
  importKey(raw) {
    if (raw.length !== 32) {
      return Promise.reject(new RangeError('AES-256-GCM needs a 32-byte key'));
    }
    return Promise.resolve({ aeadKey: true, key: createSecretKey(raw) } satisfies NodeAeadKey);
  },
  seal(key, nonce, aad, plaintext, headroom = 0) {
    const cipher = createCipheriv('aes-256-gcm', (key as NodeAeadKey).key, nonce, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(aad);
    // GCM is length-preserving, so the output is sized up front; every byte of it is written below, so it need
    // not be zero-filled, and being unpooled it owns its ArrayBuffer. Encrypting slice by slice straight into
    // it makes a large record cost one large allocation instead of two, each slice copied while still in cache.
    const out = Buffer.allocUnsafeSlow(headroom + plaintext.length + TAG_BYTES);
    let written = headroom;
    for (let at = 0; at < plaintext.length; at += SEAL_SLICE_BYTES) {
      written += copyInto(out, written, cipher.update(plaintext.subarray(at, at + SEAL_SLICE_BYTES)));
    }
    written += copyInto(out, written, cipher.final());
    if (written !== headroom + plaintext.length) {
      throw new Error('AES-256-GCM produced an unexpected ciphertext length');
    }
    out.set(cipher.getAuthTag(), written);
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  },
  open(key, nonce, aad, sealed) {
    if (sealed.length < TAG_BYTES || nonce.length !== NONCE_BYTES) {
      return null;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', (key as NodeAeadKey).key, nonce, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
      // Throws when the tag does not verify; GCM releases no further bytes here.
      const final = decipher.final();
      return ownBytes(final.length === 0 ? body : Buffer.concat([body, final]));
    } catch {
      return null;
    }
  },
});
