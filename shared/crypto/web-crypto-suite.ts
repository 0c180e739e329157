// CryptoSuite over WebCrypto: runs unchanged in browsers, Workers and Node. `aead` may be replaced by a faster
// platform implementation (see electron/main/crypto/node-aead.ts).
import { bytesEqual } from '../encoding/byte-codec';
import type { Aead, AeadKey, CryptoSuite } from './crypto-suite';
import type { CryptoKeyHandle, WebCryptoPort } from './web-crypto-port';

const copy = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => Uint8Array.from(bytes);

interface WebAeadKey extends AeadKey {
  readonly key: CryptoKeyHandle;
}

export const createWebCryptoAead = (crypto: WebCryptoPort): Aead => ({
  async importKey(raw) {
    const key = await crypto.subtle.importKey('raw', copy(raw), { name: 'AES-GCM' }, false, [
      'encrypt',
      'decrypt',
    ]);
    return { aeadKey: true, key } satisfies WebAeadKey;
  },
  async seal(key, nonce, aad, plaintext, headroom = 0) {
    const params = { name: 'AES-GCM', iv: copy(nonce), additionalData: copy(aad), tagLength: 128 };
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt(params, (key as WebAeadKey).key, copy(plaintext)),
    );
    if (headroom === 0) {
      return sealed;
    }
    const out = new Uint8Array(headroom + sealed.length);
    out.set(sealed, headroom);
    return out;
  },
  async open(key, nonce, aad, sealed) {
    const params = { name: 'AES-GCM', iv: copy(nonce), additionalData: copy(aad), tagLength: 128 };
    try {
      return new Uint8Array(await crypto.subtle.decrypt(params, (key as WebAeadKey).key, copy(sealed)));
    } catch {
      return null;
    }
  },
});

// RFC 7748 section 6.1: an all-zero shared secret means the peer sent a low-order point.
const ALL_ZERO = new Uint8Array(32);

export const createWebCryptoSuite = (
  crypto: WebCryptoPort,
  options: { readonly aead?: Aead } = {},
): CryptoSuite => {
  const subtle = crypto.subtle;
  return {
    aead: options.aead ?? createWebCryptoAead(crypto),
    randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
    sha256: async (data) => new Uint8Array(await subtle.digest('SHA-256', copy(data))),
    async hkdf(ikm, salt, info, length) {
      const key = await subtle.importKey('raw', copy(ikm), { name: 'HKDF' }, false, ['deriveBits']);
      const params = { name: 'HKDF', hash: 'SHA-256', salt: copy(salt), info: copy(info) } as const;
      return new Uint8Array(await subtle.deriveBits(params, key, length * 8));
    },
    async generateEphemeral() {
      const pair = await subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
      if (!('privateKey' in pair)) {
        throw new Error('X25519 key generation returned a single key');
      }
      return {
        publicKey: new Uint8Array(await subtle.exportKey('raw', pair.publicKey)),
        privateKey: pair.privateKey,
      };
    },
    async deriveShared(privateKey, peerPublicKey) {
      try {
        const peer = await subtle.importKey('raw', copy(peerPublicKey), { name: 'X25519' }, true, []);
        const shared = new Uint8Array(
          await subtle.deriveBits({ name: 'X25519', public: peer } as const, privateKey, 256),
        );
        return bytesEqual(shared, ALL_ZERO) ? null : shared;
      } catch {
        return null;
      }
    },
    async verifySignature(signingSpki, signature, data) {
      try {
        const key = await subtle.importKey(
          'spki',
          copy(signingSpki),
          { name: 'RSA-PSS', hash: 'SHA-256' },
          false,
          ['verify'],
        );
        return await subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, key, copy(signature), copy(data));
      } catch {
        return false;
      }
    },
    async wrapKey(encryptionSpki, secret) {
      try {
        const key = await subtle.importKey(
          'spki',
          copy(encryptionSpki),
          { name: 'RSA-OAEP', hash: 'SHA-256' },
          false,
          ['encrypt'],
        );
        return new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, key, copy(secret)));
      } catch {
        return null;
      }
    },
  };
};
