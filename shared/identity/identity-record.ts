// A new identity as the bytes a vault stores: both key pairs generated in parallel, and the certificate by which
// the signing key vouches for the encryption key.
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import type { IdentityRecord } from '../ports/identity-vault';
import {
  exportIdentityRecord,
  exportPublicKeySpki,
  generateEncryptionKeyPair,
  generateIdentityKeyPair,
} from './identity-keys';
import { certifyEncryptionKey } from './key-bundle';

export const generateIdentityRecord = async (
  crypto: WebCryptoPort,
  displayName: string,
): Promise<IdentityRecord> => {
  // Extractable once, because vaults keep PKCS#8; they hand the keys back non-extractable.
  const [signing, encryption] = await Promise.all([
    generateIdentityKeyPair(crypto, { extractablePrivateKey: true }),
    generateEncryptionKeyPair(crypto, { extractablePrivateKey: true }),
  ]);
  const certificate = await certifyEncryptionKey(
    crypto,
    signing.privateKey,
    await exportPublicKeySpki(crypto, encryption.publicKey),
  );
  return exportIdentityRecord(crypto, { displayName, signing, encryption, certificate });
};
