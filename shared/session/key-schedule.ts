// Key schedule of session protocol v1 (docs/PROTOCOL.md, "Key schedule"): HKDF-SHA256 from the X25519 secret and
// the handshake transcript to one traffic secret per direction, then per epoch an AES-256-GCM key and a static IV.
// Rekeying replaces a traffic secret by HKDF of itself, so a later key reveals nothing about earlier ones.
import type { CryptoSuite } from '../crypto/crypto-suite';
import { utf8 } from '../encoding/bytes';

const EMPTY = new Uint8Array(0);
export const KEY_BYTES = 32;
export const IV_BYTES = 12;

export interface SessionSecrets {
  /** Traffic secret of epoch 0 for records the initiator sends. */
  readonly initiatorToResponder: Uint8Array;
  /** Traffic secret of epoch 0 for records the responder sends. */
  readonly responderToInitiator: Uint8Array;
  /** Names the session in logs and key-confirmation; not secret. */
  readonly sessionId: Uint8Array;
}

export const deriveSessionSecrets = async (
  suite: CryptoSuite,
  sharedSecret: Uint8Array,
  transcriptHash: Uint8Array,
): Promise<SessionSecrets> => {
  const master = await suite.hkdf(sharedSecret, transcriptHash, utf8('parley session v1 master'), KEY_BYTES);
  const [initiatorToResponder, responderToInitiator, sessionId] = await Promise.all([
    suite.hkdf(master, EMPTY, utf8('parley traffic v1 i2r'), KEY_BYTES),
    suite.hkdf(master, EMPTY, utf8('parley traffic v1 r2i'), KEY_BYTES),
    suite.hkdf(master, EMPTY, utf8('parley session id v1'), 16),
  ]);
  return { initiatorToResponder, responderToInitiator, sessionId };
};

export interface EpochKeyMaterial {
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
}

export const deriveEpochKeyMaterial = async (
  suite: CryptoSuite,
  trafficSecret: Uint8Array,
): Promise<EpochKeyMaterial> => {
  const [key, iv] = await Promise.all([
    suite.hkdf(trafficSecret, EMPTY, utf8('parley key v1'), KEY_BYTES),
    suite.hkdf(trafficSecret, EMPTY, utf8('parley iv v1'), IV_BYTES),
  ]);
  return { key, iv };
};

export const nextTrafficSecret = (suite: CryptoSuite, trafficSecret: Uint8Array): Promise<Uint8Array> =>
  suite.hkdf(trafficSecret, EMPTY, utf8('parley rekey v1'), KEY_BYTES);

/**
 * The 96-bit nonce of record `sequence`: the epoch's static IV XOR the big-endian sequence number in its low
 * 8 bytes (as TLS 1.3 does). Sequence numbers never repeat within a direction, so neither do nonces under a key.
 */
export const recordNonce = (iv: Uint8Array, sequence: number): Uint8Array => {
  const nonce = iv.slice(0, IV_BYTES);
  // Sequence numbers stay below 2^53, so the high word is exact and both words fit in 32 bits.
  const high = Math.floor(sequence / 2 ** 32);
  const low = sequence >>> 0;
  xorU32(nonce, IV_BYTES - 8, high);
  xorU32(nonce, IV_BYTES - 4, low);
  return nonce;
};

const xorU32 = (target: Uint8Array, offset: number, word: number): void => {
  target[offset] = (target[offset] ?? 0) ^ (word >>> 24);
  target[offset + 1] = (target[offset + 1] ?? 0) ^ ((word >>> 16) & 0xff);
  target[offset + 2] = (target[offset + 2] ?? 0) ^ ((word >>> 8) & 0xff);
  target[offset + 3] = (target[offset + 3] ?? 0) ^ (word & 0xff);
};
