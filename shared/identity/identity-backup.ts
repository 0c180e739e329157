// The identity backup file (docs/PROTOCOL.md, "Identity backup"): a versioned JSON document holding both private
// keys as passphrase-encrypted PKCS#8 PEM. Restoring rebuilds the identity from the two private keys and checks
// they form a valid key bundle for the recorded peer ID before anyone may store it.
import forge from 'node-forge';
import { z } from 'zod';
import { parseJsonDocument } from '../encoding/json-document';
import { bytesEqual } from '../encoding/byte-codec';
import type { IdentityRecord } from '../ports/identity-vault';
import { fail, ok, type Result } from '../result';
import { decryptPrivateKeyPem, encryptPrivateKeyPem } from './encrypted-private-key';
import type { IdentityCryptoPort } from './identity-crypto-port';
import { RSA_OAEP_SHA256, RSA_PSS_SHA256 } from './identity-keys';
import { certifyEncryptionKey, createKeyBundle, verifyKeyBundle } from './key-bundle';
import { PeerIdSchema, type PeerId } from './peer-id';

export const BACKUP_FORMAT = 'parley-identity-backup';
/** Two 3072-bit keys come to about 5.5 KB; the limit leaves room without letting a file occupy the host. */
export const MAX_BACKUP_CHARS = 32_768;

const EncryptedKeyPemSchema = z.string().max(8_192).startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----');

export const IdentityBackupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  v: z.literal(1),
  /** The identity the keys must reproduce; lets a UI say whose backup it is before asking for the passphrase. */
  peerId: PeerIdSchema,
  displayName: z.string().trim().min(1).max(64),
  signingKey: EncryptedKeyPemSchema,
  encryptionKey: EncryptedKeyPemSchema,
});
export type IdentityBackup = z.infer<typeof IdentityBackupSchema>;

export const createIdentityBackup = async (
  crypto: IdentityCryptoPort,
  identity: { readonly peerId: PeerId; readonly record: IdentityRecord },
  passphrase: string,
): Promise<string> => {
  const [signingKey, encryptionKey] = await Promise.all([
    encryptPrivateKeyPem(crypto, identity.record.signing.pkcs8, passphrase),
    encryptPrivateKeyPem(crypto, identity.record.encryption.pkcs8, passphrase),
  ]);
  const backup: IdentityBackup = {
    format: BACKUP_FORMAT,
    v: 1,
    peerId: identity.peerId,
    displayName: identity.record.displayName,
    signingKey,
    encryptionKey,
  };
  return `${JSON.stringify(backup, null, 2)}\n`;
};

const invalid = (reason: string) =>
  fail('IDENTITY_BACKUP_INVALID', `not a valid Parley identity backup: ${reason}`);

const parseBackup = (text: string): Result<IdentityBackup> => {
  const parsed = parseJsonDocument(text, IdentityBackupSchema, MAX_BACKUP_CHARS);
  return parsed.ok ? ok(parsed.value) : invalid(parsed.reason);
};

/** The SPKI of an RSA private key, rebuilt from the modulus and exponent inside its PKCS#8. */
const publicKeyOf = (pkcs8: Uint8Array): Uint8Array | null => {
  try {
    const privateKey = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(forge.util.binary.raw.encode(pkcs8)));
    const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
    return forge.util.binary.raw.decode(forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes());
  } catch {
    return null;
  }
};

/** The encryption key is usable: something wrapped to its public half unwraps with its private half. */
const encryptionKeyRoundTrips = async (crypto: IdentityCryptoPort, pkcs8: Uint8Array, spki: Uint8Array) => {
  const [privateKey, publicKey] = await Promise.all([
    crypto.subtle.importKey('pkcs8', Uint8Array.from(pkcs8), RSA_OAEP_SHA256, false, ['decrypt']),
    crypto.subtle.importKey('spki', Uint8Array.from(spki), RSA_OAEP_SHA256, false, ['encrypt']),
  ]);
  const probe = crypto.getRandomValues(new Uint8Array(32));
  const wrapped = await crypto.subtle.encrypt(RSA_OAEP_SHA256, publicKey, probe);
  return bytesEqual(
    new Uint8Array(await crypto.subtle.decrypt(RSA_OAEP_SHA256, privateKey, new Uint8Array(wrapped))),
    probe,
  );
};

/** Rebuilds the public half of the identity and proves the two private keys belong together and to the peer ID. */
const rebuildRecord = async (
  crypto: IdentityCryptoPort,
  backup: IdentityBackup,
  signingPkcs8: Uint8Array,
  encryptionPkcs8: Uint8Array,
): Promise<Result<IdentityRecord>> => {
  const signingSpki = publicKeyOf(signingPkcs8);
  const encryptionSpki = publicKeyOf(encryptionPkcs8);
  if (signingSpki === null || encryptionSpki === null) {
    return invalid('a key is not an RSA private key');
  }
  try {
    const signingKey = await crypto.subtle.importKey(
      'pkcs8',
      Uint8Array.from(signingPkcs8),
      RSA_PSS_SHA256,
      false,
      ['sign'],
    );
    const certificate = await certifyEncryptionKey(crypto, signingKey, encryptionSpki);
    const verified = await verifyKeyBundle(
      crypto,
      await createKeyBundle(crypto, { signingSpki, encryptionSpki, certificate }),
    );
    if (!verified.ok) {
      return invalid(verified.error.message);
    }
    if (verified.value.peerId !== backup.peerId) {
      return invalid('the keys do not belong to the peer ID it names');
    }
    if (!(await encryptionKeyRoundTrips(crypto, encryptionPkcs8, encryptionSpki))) {
      return invalid('the encryption key does not decrypt what its public key encrypts');
    }
    return ok({
      displayName: backup.displayName,
      signing: { pkcs8: signingPkcs8, spki: signingSpki },
      encryption: { pkcs8: encryptionPkcs8, spki: encryptionSpki },
      certificate,
    });
  } catch {
    // WebCrypto refusing to import or use a key: the key inside the file is not what it claims to be.
    return invalid('a key cannot be used');
  }
};

/**
 * Opens a backup: IDENTITY_BACKUP_INVALID for a malformed document or keys that do not form a valid identity,
 * IDENTITY_WRONG_PASSPHRASE when the passphrase does not decrypt it. Stores nothing.
 */
export const openIdentityBackup = async (
  crypto: IdentityCryptoPort,
  text: string,
  passphrase: string,
): Promise<Result<IdentityRecord>> => {
  const backup = parseBackup(text);
  if (!backup.ok) {
    return backup;
  }
  const [signing, encryption] = await Promise.all([
    decryptPrivateKeyPem(crypto, backup.value.signingKey, passphrase),
    decryptPrivateKeyPem(crypto, backup.value.encryptionKey, passphrase),
  ]);
  for (const opened of [signing, encryption]) {
    if (!opened.ok && opened.error.code === 'IDENTITY_BACKUP_INVALID') {
      return opened;
    }
  }
  if (!signing.ok) {
    return signing;
  }
  if (!encryption.ok) {
    return encryption;
  }
  return rebuildRecord(crypto, backup.value, signing.value, encryption.value);
};
