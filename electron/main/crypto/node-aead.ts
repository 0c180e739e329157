// AES-256-GCM through node:crypto for the Node hosts: synchronous OpenSSL calls, no promise or copy per record
// inside WebCrypto, which is what lets small records reach the session layer's throughput goals.
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import type { Aead, AeadKey } from '../../../shared/crypto/crypto-suite';

interface NodeAeadKey extends AeadKey {
  readonly key: KeyObject;
}

const TAG_BYTES = 16;

export const createNodeAead = (): Aead => ({
  importKey(raw) {
    if (raw.length !== 32) {
      return Promise.reject(new RangeError('AES-256-GCM needs a 32-byte key'));
    }
    return Promise.resolve({ aeadKey: true, key: createSecretKey(raw) } satisfies NodeAeadKey);
  },
  seal(key, nonce, aad, plaintext) {
    const cipher = createCipheriv('aes-256-gcm', (key as NodeAeadKey).key, nonce, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(aad);
    const body = cipher.update(plaintext);
    const final = cipher.final();
    const tag = cipher.getAuthTag();
    const out = new Uint8Array(body.length + final.length + TAG_BYTES);
    out.set(body, 0);
    out.set(final, body.length);
    out.set(tag, body.length + final.length);
    return Promise.resolve(out);
  },
  open(key, nonce, aad, sealed) {
    if (sealed.length < TAG_BYTES || nonce.length !== 12) {
      return Promise.resolve(null);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', (key as NodeAeadKey).key, nonce, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
      const final = decipher.final();
      const out = new Uint8Array(body.length + final.length);
      out.set(body, 0);
      out.set(final, body.length);
      return Promise.resolve(out);
    } catch {
      return Promise.resolve(null);
    }
  },
});
