// The WebCrypto port plus what identity backups need beyond it: PBKDF2 (RFC 8018) key derivation. Browsers,
// Workers and Node's webcrypto all satisfy it; kept apart from shared/crypto/web-crypto-port.ts so the session
// layer's port stays as small as that layer needs.
import type { CryptoKeyHandle, SubtleCryptoPort, WebCryptoPort } from '../crypto/web-crypto-port';

export interface Pbkdf2Params {
  readonly name: 'PBKDF2';
  readonly hash: 'SHA-256';
  readonly salt: Uint8Array<ArrayBuffer>;
  readonly iterations: number;
}

export interface Pbkdf2Subtle {
  deriveBits(algorithm: Pbkdf2Params, baseKey: CryptoKeyHandle, length: number): Promise<ArrayBuffer>;
}

export interface IdentityCryptoPort extends WebCryptoPort {
  readonly subtle: SubtleCryptoPort & Pbkdf2Subtle;
}
