// The Electron IdentityVault: exports the key pair (PKCS#8 private, SPKI public), encrypts it with the OS
// keychain through safeStorage and keeps it in one file. Without a keychain it refuses rather than store the key
// in the clear; a passphrase-based fallback is planned in a later issue.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { WebCryptoPort } from '../../shared/crypto/web-crypto-port';
import { base64ToBytes, bytesToBase64 } from '../../shared/encoding/bytes';
import type { IdentityVault, StoredIdentity } from '../../shared/ports/identity-vault';
import { writeFileAtomically } from './atomic-file';

/** Electron's safeStorage, sync or async; tests pass a fake. */
export interface StringCipher {
  isEncryptionAvailable(): boolean | Promise<boolean>;
  encryptString(plainText: string): Uint8Array | Promise<Uint8Array>;
  decryptString(encrypted: Buffer): string | Promise<string>;
  /** Linux only: 'basic_text' means a key hard-coded in Chromium, which protects nothing. */
  storageBackend?(): string;
}

export class IdentityVaultUnavailableError extends Error {
  readonly code = 'IDENTITY_VAULT_UNAVAILABLE';
  constructor(reason: string) {
    super(`The identity key cannot be stored safely: ${reason}`);
    this.name = 'IdentityVaultUnavailableError';
  }
}

// The envelope names its cipher so the passphrase fallback can add a second kind without a migration.
const VaultFileSchema = z.strictObject({
  v: z.literal(1),
  cipher: z.literal('safe-storage'),
  data: z.base64(),
});
const VaultSecretSchema = z.strictObject({
  displayName: z.string(),
  privateKeyPkcs8: z.base64(),
  publicKeySpki: z.base64(),
});

const RSA_PSS_SHA256 = { name: 'RSA-PSS', hash: 'SHA-256' } as const;

export interface SafeStorageIdentityVaultDeps {
  readonly filePath: string;
  readonly cipher: StringCipher;
  readonly crypto: WebCryptoPort;
}

export const createSafeStorageIdentityVault = (deps: SafeStorageIdentityVaultDeps): IdentityVault => {
  const { filePath, cipher, crypto } = deps;

  const assertAvailable = async (): Promise<void> => {
    if (cipher.storageBackend?.() === 'basic_text') {
      throw new IdentityVaultUnavailableError('no OS keyring was found (libsecret or KWallet)');
    }
    if (!(await cipher.isEncryptionAvailable())) {
      throw new IdentityVaultUnavailableError(
        'OS encryption (Keychain, DPAPI or a keyring) is not available',
      );
    }
  };

  const readEnvelope = async (): Promise<z.infer<typeof VaultFileSchema> | null> => {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return null;
      }
      throw error;
    }
    // A damaged vault is an error, not "no identity": that would let a new identity overwrite the old key.
    return VaultFileSchema.parse(JSON.parse(text));
  };

  return {
    needsExtractableKey: true,

    async load() {
      const envelope = await readEnvelope();
      if (envelope === null) {
        return null;
      }
      await assertAvailable();
      const plain = await cipher.decryptString(Buffer.from(base64ToBytes(envelope.data)));
      const secret = VaultSecretSchema.parse(JSON.parse(plain));
      const [privateKey, publicKey] = await Promise.all([
        crypto.subtle.importKey(
          'pkcs8',
          Uint8Array.from(base64ToBytes(secret.privateKeyPkcs8)),
          RSA_PSS_SHA256,
          false,
          ['sign'],
        ),
        crypto.subtle.importKey(
          'spki',
          Uint8Array.from(base64ToBytes(secret.publicKeySpki)),
          RSA_PSS_SHA256,
          true,
          ['verify'],
        ),
      ]);
      return { displayName: secret.displayName, keyPair: { privateKey, publicKey } };
    },

    async save(identity: StoredIdentity) {
      await assertAvailable();
      const [pkcs8, spki] = await Promise.all([
        crypto.subtle.exportKey('pkcs8', identity.keyPair.privateKey),
        crypto.subtle.exportKey('spki', identity.keyPair.publicKey),
      ]);
      const secret: z.infer<typeof VaultSecretSchema> = {
        displayName: identity.displayName,
        privateKeyPkcs8: bytesToBase64(new Uint8Array(pkcs8)),
        publicKeySpki: bytesToBase64(new Uint8Array(spki)),
      };
      const encrypted = await cipher.encryptString(JSON.stringify(secret));
      const envelope: z.infer<typeof VaultFileSchema> = {
        v: 1,
        cipher: 'safe-storage',
        data: bytesToBase64(encrypted),
      };
      await writeFileAtomically(filePath, JSON.stringify(envelope), { mode: 0o600 });
    },
  };
};
