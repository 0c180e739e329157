// Where a host keeps the identity's two key pairs. Electron encrypts them at rest (OS keychain, or a passphrase);
// the browser keeps non-extractable CryptoKeys in IndexedDB. The identity service never learns which.
import type { CryptoKeyPairHandle } from '../crypto/web-crypto-port';
import type { Result } from '../result';

/** The identity as the vault is given it, once, at creation or restore: the private keys as PKCS#8 bytes. */
export interface IdentityRecord {
  readonly displayName: string;
  readonly signing: { readonly pkcs8: Uint8Array; readonly spki: Uint8Array };
  readonly encryption: { readonly pkcs8: Uint8Array; readonly spki: Uint8Array };
  /** RSA-PSS signature of the signing key over the encryption key (see shared/identity/key-bundle.ts). */
  readonly certificate: Uint8Array;
}

/** The identity ready for use: private keys are non-extractable, so they can be used but never read. */
export interface StoredIdentity {
  readonly displayName: string;
  /** RSA-PSS (SHA-256, salt 32): signs; its SPKI is what the peer ID is derived from. */
  readonly signing: CryptoKeyPairHandle;
  /** RSA-OAEP (SHA-256): unwraps keys sealed to this identity. */
  readonly encryption: CryptoKeyPairHandle;
  readonly certificate: Uint8Array;
}

/**
 * `locked`: an identity exists but needs its passphrase before use. `protection` says how the keys are kept at
 * rest — or, while empty, how they would be: `passphrase` then means creation needs one.
 */
export interface VaultStatus {
  readonly state: 'empty' | 'locked' | 'unlocked';
  readonly protection: 'os-keychain' | 'passphrase' | 'browser-storage' | 'memory';
}

export interface IdentityVault {
  status(): Promise<VaultStatus>;
  /** The identity, null when there is none; IDENTITY_LOCKED until a passphrase-protected vault is unlocked. */
  load(): Promise<Result<StoredIdentity | null>>;
  /** The private keys as bytes, for a backup only; IDENTITY_LOCKED while locked. */
  exportRecord(): Promise<Result<IdentityRecord | null>>;
  /**
   * Stores the identity, replacing any other. A vault that cannot use OS encryption needs `passphrase` (or to be
   * unlocked already, whose passphrase it then keeps) and fails with IDENTITY_PASSPHRASE_REQUIRED otherwise;
   * vaults that have OS encryption ignore it.
   */
  save(record: IdentityRecord, options?: { readonly passphrase?: string }): Promise<Result<void>>;
  /**
   * Stores a new display name with the identity, keeping its keys as they are (and a passphrase vault's
   * passphrase); IDENTITY_MISSING without an identity, IDENTITY_LOCKED while locked.
   */
  rename(displayName: string): Promise<Result<void>>;
  /** IDENTITY_WRONG_PASSPHRASE changes nothing; unlocking a vault that is not locked succeeds and does nothing. */
  unlock(passphrase: string): Promise<Result<void>>;
}
