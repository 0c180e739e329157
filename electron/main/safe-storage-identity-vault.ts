// The Electron IdentityVault: both key pairs (PKCS#8 private, SPKI public) and the certificate in one file,
// encrypted with the OS keychain through safeStorage — or, where there is none (or only Linux's basic_text), with
// a key derived from the user's passphrase (passphrase-cipher.ts). Keys are never written in the clear. Once
// decrypted they stay in memory for the session, the private ones imported non-extractable.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { WebCryptoPort } from '../../shared/crypto/web-crypto-port';
import { base64ToBytes, bytesToBase64 } from '../../shared/encoding/bytes';
import { importIdentityRecord } from '../../shared/identity/identity-keys';
import type {
  IdentityRecord,
  IdentityVault,
  StoredIdentity,
  VaultStatus,
} from '../../shared/ports/identity-vault';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomically } from './atomic-file';
import { PassphraseSealedSchema, type PassphraseCipher, type PassphraseKey } from './passphrase-cipher';

/** Electron's safeStorage, sync or async; tests pass a fake. */
export interface StringCipher {
  isEncryptionAvailable(): boolean | Promise<boolean>;
  encryptString(plainText: string): Uint8Array | Promise<Uint8Array>;
  decryptString(encrypted: Buffer): string | Promise<string>;
  /** Linux only: 'basic_text' means a key hard-coded in Chromium, which protects nothing. */
  storageBackend?(): string;
}

// Authenticated with the passphrase ciphertext, so a sealed vault cannot be passed off as something else.
const VAULT_CONTEXT = 'parley-identity-vault-v2';

const VaultFileSchema = z.discriminatedUnion('cipher', [
  z.strictObject({ v: z.literal(2), cipher: z.literal('safe-storage'), data: z.base64() }),
  z.strictObject({ v: z.literal(2), cipher: z.literal('passphrase'), sealed: PassphraseSealedSchema }),
]);
type VaultFile = z.infer<typeof VaultFileSchema>;

const KeyPairSchema = z.strictObject({ pkcs8: z.base64(), spki: z.base64() });
const VaultSecretSchema = z.strictObject({
  displayName: z.string(),
  signing: KeyPairSchema,
  encryption: KeyPairSchema,
  certificate: z.base64(),
});

const encodeSecret = (record: IdentityRecord): string =>
  JSON.stringify({
    displayName: record.displayName,
    signing: { pkcs8: bytesToBase64(record.signing.pkcs8), spki: bytesToBase64(record.signing.spki) },
    encryption: {
      pkcs8: bytesToBase64(record.encryption.pkcs8),
      spki: bytesToBase64(record.encryption.spki),
    },
    certificate: bytesToBase64(record.certificate),
  } satisfies z.infer<typeof VaultSecretSchema>);

const decodeSecret = (text: string): IdentityRecord => {
  const secret = VaultSecretSchema.parse(JSON.parse(text));
  return {
    displayName: secret.displayName,
    signing: { pkcs8: base64ToBytes(secret.signing.pkcs8), spki: base64ToBytes(secret.signing.spki) },
    encryption: {
      pkcs8: base64ToBytes(secret.encryption.pkcs8),
      spki: base64ToBytes(secret.encryption.spki),
    },
    certificate: base64ToBytes(secret.certificate),
  };
};

export interface SafeStorageIdentityVaultDeps {
  readonly filePath: string;
  readonly cipher: StringCipher;
  readonly passphrases: PassphraseCipher;
  readonly crypto: WebCryptoPort;
}

interface Unlocked {
  readonly record: IdentityRecord;
  readonly identity: StoredIdentity;
  /** Set for a passphrase vault, so saving again (a restore) keeps the same passphrase. */
  readonly passphraseKey: PassphraseKey | null;
}

export const createSafeStorageIdentityVault = (deps: SafeStorageIdentityVaultDeps): IdentityVault => {
  const { filePath, cipher, passphrases, crypto } = deps;
  let unlocked: Unlocked | null = null;

  /** Why the OS keychain cannot be used, or null when it can. */
  const keychainProblem = async (): Promise<string | null> => {
    if (cipher.storageBackend?.() === 'basic_text') {
      return 'no OS keyring was found (libsecret or KWallet)';
    }
    return (await cipher.isEncryptionAvailable())
      ? null
      : 'OS encryption (Keychain, DPAPI or a keyring) is not available';
  };

  const readVaultFile = async (): Promise<VaultFile | null> => {
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

  const remember = async (record: IdentityRecord, passphraseKey: PassphraseKey | null): Promise<Unlocked> => {
    unlocked = { record, identity: await importIdentityRecord(crypto, record), passphraseKey };
    return unlocked;
  };

  /** Seals the record under the passphrase key if there is one, else the OS keychain, and replaces the file. */
  const writeVaultFile = async (
    record: IdentityRecord,
    passphraseKey: PassphraseKey | null,
  ): Promise<void> => {
    const secret = encodeSecret(record);
    const file: VaultFile =
      passphraseKey === null
        ? { v: 2, cipher: 'safe-storage', data: bytesToBase64(await cipher.encryptString(secret)) }
        : {
            v: 2,
            cipher: 'passphrase',
            sealed: passphrases.seal(passphraseKey, Buffer.from(secret, 'utf8'), VAULT_CONTEXT),
          };
    await writeFileAtomically(filePath, JSON.stringify(file), { mode: 0o600 });
  };

  const open = async (): Promise<Result<Unlocked | null>> => {
    if (unlocked) {
      return ok(unlocked);
    }
    const file = await readVaultFile();
    if (file === null) {
      return ok(null);
    }
    if (file.cipher === 'passphrase') {
      return fail('IDENTITY_LOCKED', 'enter your passphrase to unlock your identity');
    }
    const problem = await keychainProblem();
    if (problem !== null) {
      return fail('IDENTITY_VAULT_UNAVAILABLE', `the identity keys cannot be decrypted: ${problem}`);
    }
    const plain = await cipher.decryptString(Buffer.from(base64ToBytes(file.data)));
    return ok(await remember(decodeSecret(plain), null));
  };

  return {
    async status(): Promise<VaultStatus> {
      const file = await readVaultFile();
      if (file === null) {
        return {
          state: 'empty',
          protection: (await keychainProblem()) === null ? 'os-keychain' : 'passphrase',
        };
      }
      if (file.cipher === 'safe-storage') {
        return { state: 'unlocked', protection: 'os-keychain' };
      }
      return { state: unlocked ? 'unlocked' : 'locked', protection: 'passphrase' };
    },

    async load() {
      const opened = await open();
      return opened.ok ? ok(opened.value?.identity ?? null) : opened;
    },

    async exportRecord() {
      const opened = await open();
      return opened.ok ? ok(opened.value?.record ?? null) : opened;
    },

    async save(record, options = {}) {
      const problem = await keychainProblem();
      let passphraseKey: PassphraseKey | null = null;
      if (problem !== null) {
        passphraseKey =
          options.passphrase === undefined
            ? (unlocked?.passphraseKey ?? null)
            : await passphrases.newKey(options.passphrase);
        if (passphraseKey === null) {
          return fail('IDENTITY_PASSPHRASE_REQUIRED', `${problem}: choose a passphrase to protect your keys`);
        }
      }
      // Importing first means keys WebCrypto refuses never replace a working vault.
      const identity = await importIdentityRecord(crypto, record);
      await writeVaultFile(record, passphraseKey);
      unlocked = { record, identity, passphraseKey };
      return ok(undefined);
    },

    // The same keys sealed the same way (keychain, or the passphrase already unlocked), with the new name.
    async rename(displayName) {
      const opened = await open();
      if (!opened.ok) {
        return opened;
      }
      if (opened.value === null) {
        return fail('IDENTITY_MISSING', 'there is no identity to rename');
      }
      const { record, identity, passphraseKey } = opened.value;
      const renamed = { ...record, displayName };
      await writeVaultFile(renamed, passphraseKey);
      unlocked = { record: renamed, identity: { ...identity, displayName }, passphraseKey };
      return ok(undefined);
    },

    async unlock(passphrase) {
      if (unlocked) {
        return ok(undefined);
      }
      const file = await readVaultFile();
      if (file?.cipher !== 'passphrase') {
        return ok(undefined);
      }
      const key = await passphrases.keyFor(passphrase, file.sealed.kdf);
      const plain = passphrases.open(key, file.sealed, VAULT_CONTEXT);
      if (plain === null) {
        return fail('IDENTITY_WRONG_PASSPHRASE', 'the passphrase does not unlock this identity');
      }
      await remember(decodeSecret(Buffer.from(plain).toString('utf8')), key);
      return ok(undefined);
    },
  };
};
