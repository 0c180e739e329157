// Where a host keeps the identity key pair. Electron encrypts it at rest; the browser keeps a non-extractable
// CryptoKey in IndexedDB. The identity service never learns which.
import type { CryptoKeyPairHandle } from '../crypto/web-crypto-port';

export interface StoredIdentity {
  readonly displayName: string;
  readonly keyPair: CryptoKeyPairHandle;
}

export interface IdentityVault {
  /** Whether the vault needs to export the private key to store it (Electron does, IndexedDB does not). */
  readonly needsExtractableKey: boolean;
  load(): Promise<StoredIdentity | null>;
  save(identity: StoredIdentity): Promise<void>;
}
