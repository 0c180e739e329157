// Browser identity vault: both key pairs live in IndexedDB as CryptoKeys whose private halves are non-extractable,
// so the host Worker can use them and no script can read them through WebCrypto. For backups it also keeps each
// private key's PKCS#8 encrypted (AES-256-GCM) under a non-extractable AES key stored beside it; docs/PROTOCOL.md
// ("Identity backup") explains what that copy does and does not protect against.
import { z } from 'zod';
import { utf8 } from '../../../shared/encoding/bytes';
import type { WebCryptoPort } from '../../../shared/crypto/web-crypto-port';
import { importIdentityRecord } from '../../../shared/identity/identity-keys';
import type { IdentityRecord, IdentityVault, VaultStatus } from '../../../shared/ports/identity-vault';
import { fail, ok } from '../../../shared/result';

/** One IndexedDB entry; structured clone stores CryptoKeys as they are, extractable or not. */
export interface StoredValueSlot {
  read(): Promise<unknown>;
  write(value: unknown): Promise<void>;
}

const BACKUP_COPY_AAD = {
  signing: 'parley-browser-vault-v2\nsigning',
  encryption: 'parley-browser-vault-v2\nencryption',
};
const NONCE_BYTES = 12;

const CryptoKeySchema = z.custom<CryptoKey>((value) => value instanceof CryptoKey, 'a CryptoKey');
const BytesSchema = z.custom<Uint8Array<ArrayBuffer>>((value) => value instanceof Uint8Array, 'bytes');
const KeyPairSchema = z.strictObject({ privateKey: CryptoKeySchema, publicKey: CryptoKeySchema });
const SealedSchema = z.strictObject({ nonce: BytesSchema, sealed: BytesSchema });

const EntrySchema = z.strictObject({
  v: z.literal(2),
  displayName: z.string(),
  signing: KeyPairSchema,
  encryption: KeyPairSchema,
  certificate: BytesSchema,
  backupCopy: z.strictObject({ key: CryptoKeySchema, signing: SealedSchema, encryption: SealedSchema }),
});
type Entry = z.infer<typeof EntrySchema>;

export const createIdbIdentityVault = (deps: {
  readonly slot: StoredValueSlot;
  readonly crypto: Crypto;
}): IdentityVault => {
  const { slot, crypto } = deps;
  const subtle = crypto.subtle;
  const port = crypto as unknown as WebCryptoPort;

  const aesGcm = (nonce: Uint8Array<ArrayBuffer>, label: string): AesGcmParams => ({
    name: 'AES-GCM',
    iv: nonce,
    additionalData: Uint8Array.from(utf8(label)),
  });

  // A damaged or foreign entry throws: reporting "no identity" would let a new one overwrite the old keys.
  const readEntry = async (): Promise<Entry | null> => {
    const value = await slot.read();
    if (value === undefined) {
      return null;
    }
    const parsed = EntrySchema.safeParse(value);
    if (!parsed.success) {
      throw new Error('the stored identity is damaged or from an earlier development build');
    }
    return parsed.data;
  };

  const status = async (): Promise<VaultStatus> => ({
    state: (await readEntry()) === null ? 'empty' : 'unlocked',
    protection: 'browser-storage',
  });

  const seal = async (key: CryptoKey, label: string, plaintext: Uint8Array) => {
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
    const sealed = await subtle.encrypt(aesGcm(nonce, label), key, Uint8Array.from(plaintext));
    return { nonce, sealed: new Uint8Array(sealed) };
  };

  const open = async (key: CryptoKey, label: string, copy: Entry['backupCopy']['signing']) =>
    new Uint8Array(await subtle.decrypt(aesGcm(copy.nonce, label), key, copy.sealed));

  return {
    status,

    async load() {
      const entry = await readEntry();
      if (entry === null) {
        return ok(null);
      }
      const { displayName, signing, encryption, certificate } = entry;
      return ok({ displayName, signing, encryption, certificate });
    },

    async exportRecord() {
      const entry = await readEntry();
      if (entry === null) {
        return ok(null);
      }
      const { key } = entry.backupCopy;
      const [signingPkcs8, encryptionPkcs8, signingSpki, encryptionSpki] = await Promise.all([
        open(key, BACKUP_COPY_AAD.signing, entry.backupCopy.signing),
        open(key, BACKUP_COPY_AAD.encryption, entry.backupCopy.encryption),
        subtle.exportKey('spki', entry.signing.publicKey),
        subtle.exportKey('spki', entry.encryption.publicKey),
      ]);
      const record: IdentityRecord = {
        displayName: entry.displayName,
        signing: { pkcs8: signingPkcs8, spki: new Uint8Array(signingSpki) },
        encryption: { pkcs8: encryptionPkcs8, spki: new Uint8Array(encryptionSpki) },
        certificate: entry.certificate,
      };
      return ok(record);
    },

    // There is no OS keychain to stand in for, so a passphrase is never needed here.
    async save(record) {
      const [identity, key] = await Promise.all([
        importIdentityRecord(port, record),
        subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
      ]);
      const [signingCopy, encryptionCopy] = await Promise.all([
        seal(key, BACKUP_COPY_AAD.signing, record.signing.pkcs8),
        seal(key, BACKUP_COPY_AAD.encryption, record.encryption.pkcs8),
      ]);
      const entry: Entry = {
        v: 2,
        displayName: identity.displayName,
        // importIdentityRecord ran on this Crypto, so the handles are its CryptoKeys.
        signing: identity.signing as unknown as CryptoKeyPair,
        encryption: identity.encryption as unknown as CryptoKeyPair,
        certificate: Uint8Array.from(identity.certificate),
        backupCopy: { key, signing: signingCopy, encryption: encryptionCopy },
      };
      await slot.write(entry);
      return ok(undefined);
    },

    // The entry as it is (the same CryptoKeys, the same sealed copies) with the new name.
    async rename(displayName) {
      const entry = await readEntry();
      if (entry === null) {
        return fail('IDENTITY_MISSING', 'there is no identity to rename');
      }
      await slot.write({ ...entry, displayName } satisfies Entry);
      return ok(undefined);
    },

    // Never locked: the browser offers nothing a passphrase could add to (see the file's first lines).
    unlock: () => Promise.resolve(ok(undefined)),
  };
};
