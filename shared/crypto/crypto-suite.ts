// The primitives the session layer is built from, behind one interface: the browser Worker uses WebCrypto for all
// of them; Node (Electron main, the headless peer) swaps in node:crypto's AES-GCM, which is ~15x faster for
// small records than WebCrypto's promise-per-call path.
import type { MaybePromise } from '../maybe-promise';
import type { CryptoKeyHandle } from './web-crypto-port';

/** An AES-256-GCM key ready for use; opaque, so each implementation keeps its own fast form. */
export interface AeadKey {
  readonly aeadKey: true;
}

/**
 * Implementations read `nonce` and `aad` before `seal` or `open` returns, so callers may reuse those buffers.
 * `seal` and `open` answer synchronously where the platform does (node:crypto) and with a promise otherwise.
 */
export interface Aead {
  importKey(raw: Uint8Array): Promise<AeadKey>;
  /**
   * Returns ciphertext followed by the 16-byte tag, after `headroom` leading bytes left for the caller to fill
   * (a record header), so a record is built without copying its body a second time.
   */
  seal(
    key: AeadKey,
    nonce: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
    headroom?: number,
  ): MaybePromise<Uint8Array>;
  /** Returns null when the tag does not verify; never throws for bad input. */
  open(key: AeadKey, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): MaybePromise<Uint8Array | null>;
}

export interface EphemeralKeyPair {
  readonly publicKey: Uint8Array;
  readonly privateKey: CryptoKeyHandle;
}

export interface CryptoSuite {
  readonly aead: Aead;
  randomBytes(length: number): Uint8Array<ArrayBuffer>;
  sha256(data: Uint8Array): Promise<Uint8Array>;
  /** HKDF-SHA256 (RFC 5869), extract and expand. */
  hkdf(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array>;
  /** A fresh X25519 key pair whose private half cannot be exported. */
  generateEphemeral(): Promise<EphemeralKeyPair>;
  /** X25519; null for an invalid or low-order peer key. */
  deriveShared(privateKey: CryptoKeyHandle, peerPublicKey: Uint8Array): Promise<Uint8Array | null>;
  /** RSA-PSS (SHA-256, salt 32) over `data` with a key given as SPKI; false for any malformed input. */
  verifySignature(signingSpki: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  /** RSA-OAEP (SHA-256) encryption of a short secret to a key given as SPKI; null for a malformed key. */
  wrapKey(encryptionSpki: Uint8Array, secret: Uint8Array): Promise<Uint8Array | null>;
}
