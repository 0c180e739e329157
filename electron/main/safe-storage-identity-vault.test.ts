import { webcrypto } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../../shared/crypto/web-crypto-port';
import { utf8 } from '../../shared/encoding/bytes';
import {
  RSA_OAEP_SHA256,
  signWithIdentity,
  verifyIdentitySignature,
} from '../../shared/identity/identity-keys';
import { generateIdentityRecord } from '../../shared/identity/identity-record';
import type { IdentityRecord, IdentityVault, StoredIdentity } from '../../shared/ports/identity-vault';
import type { Result } from '../../shared/result';
import { createPassphraseCipher } from './passphrase-cipher';
import { createSafeStorageIdentityVault, type StringCipher } from './safe-storage-identity-vault';

const crypto = webcrypto as unknown as WebCryptoPort;
const passphrases = createPassphraseCipher({ dangerousTestOnlyScryptCost: 2 ** 10 });

/** A reversible stand-in for safeStorage: enough to prove the plaintext never reaches the disk. */
const xorCipher = (overrides: Partial<StringCipher> = {}): StringCipher => {
  const xor = (bytes: Uint8Array) => bytes.map((byte, i) => byte ^ ((0x5a + i) % 256));
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => xor(new TextEncoder().encode(plain)),
    decryptString: (encrypted) => new TextDecoder().decode(xor(new Uint8Array(encrypted))),
    ...overrides,
  };
};
const noKeychain = () => xorCipher({ isEncryptionAvailable: () => false });

const containsBytes = (haystack: Uint8Array, needle: Uint8Array): boolean =>
  Buffer.from(haystack).indexOf(Buffer.from(needle)) !== -1;

const valueOf = <T>(result: Result<T>): T => {
  if (!result.ok) {
    throw new Error(`${result.error.code}: ${result.error.message}`);
  }
  return result.value;
};

/** The loaded identity really is this record's: same public keys, and private keys that sign and unwrap. */
const expectUsable = async (identity: StoredIdentity | null, record: IdentityRecord) => {
  if (identity === null) {
    throw new Error('nothing was loaded');
  }
  expect(identity.displayName).toBe(record.displayName);
  expect(identity.signing.privateKey.extractable).toBe(false);
  expect(identity.encryption.privateKey.extractable).toBe(false);
  expect(new Uint8Array(await crypto.subtle.exportKey('spki', identity.signing.publicKey))).toEqual(
    record.signing.spki,
  );
  expect(new Uint8Array(await crypto.subtle.exportKey('spki', identity.encryption.publicKey))).toEqual(
    record.encryption.spki,
  );
  const message = utf8('parley');
  const signature = await signWithIdentity(crypto, identity.signing.privateKey, message);
  expect(await verifyIdentitySignature(crypto, record.signing.spki, signature, message)).toBe(true);
  const secret = new Uint8Array(32).fill(7);
  const wrapped = await crypto.subtle.encrypt(RSA_OAEP_SHA256, identity.encryption.publicKey, secret);
  expect(
    new Uint8Array(
      await crypto.subtle.decrypt(RSA_OAEP_SHA256, identity.encryption.privateKey, new Uint8Array(wrapped)),
    ),
  ).toEqual(secret);
};

describe('createSafeStorageIdentityVault', () => {
  let record: IdentityRecord;
  let other: IdentityRecord;
  let dir: string;
  let filePath: string;
  const vaultWith = (cipher: StringCipher): IdentityVault =>
    createSafeStorageIdentityVault({ filePath, cipher, passphrases, crypto });

  beforeAll(async () => {
    [record, other] = await Promise.all([
      generateIdentityRecord(crypto, 'Ada'),
      generateIdentityRecord(crypto, 'Bea'),
    ]);
  });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-vault-'));
    filePath = path.join(dir, 'identity.vault');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('with an OS keychain', () => {
    it('is empty before an identity was saved, and would use the keychain', async () => {
      const vault = vaultWith(xorCipher());
      expect(await vault.status()).toEqual({ state: 'empty', protection: 'os-keychain' });
      expect(await vault.load()).toEqual({ ok: true, value: null });
      expect(await vault.exportRecord()).toEqual({ ok: true, value: null });
    });

    it('round-trips both key pairs and the certificate through the file', async () => {
      valueOf(await vaultWith(xorCipher()).save(record));
      const reopened = vaultWith(xorCipher());
      expect(await reopened.status()).toEqual({ state: 'unlocked', protection: 'os-keychain' });
      const loaded = valueOf(await reopened.load());
      await expectUsable(loaded, record);
      expect(loaded?.certificate).toEqual(record.certificate);
      expect(valueOf(await reopened.exportRecord())).toEqual(record);
    });

    it('never writes a private key or the name in the clear, raw or base64', async () => {
      valueOf(await vaultWith(xorCipher()).save(record));
      const onDisk = new Uint8Array(await readFile(filePath));
      const text = Buffer.from(onDisk).toString('utf8');
      expect(JSON.parse(text)).toMatchObject({ v: 2, cipher: 'safe-storage' });
      for (const pkcs8 of [record.signing.pkcs8, record.encryption.pkcs8]) {
        expect(containsBytes(onDisk, pkcs8.subarray(64, 128))).toBe(false);
        expect(text).not.toContain(Buffer.from(pkcs8).toString('base64').slice(40, 120));
      }
      // Quoted, as a JSON field would be: three random base64 characters may spell "Ada" by chance.
      expect(text).not.toContain('"Ada"');
      expect(text).not.toContain('displayName');
    });

    // Windows has no POSIX file modes to check; there the file's ACL is inherited from the user's profile.
    it.skipIf(process.platform === 'win32')('keeps the vault file private to the user', async () => {
      valueOf(await vaultWith(xorCipher()).save(record));
      expect((await stat(filePath)).mode & 0o777).toBe(0o600);
    });

    it('ignores a passphrase: the keychain protects the keys', async () => {
      valueOf(await vaultWith(xorCipher()).save(record, { passphrase: 'not needed here' }));
      expect(JSON.parse(await readFile(filePath, 'utf8'))).toMatchObject({ cipher: 'safe-storage' });
    });

    it('reports IDENTITY_VAULT_UNAVAILABLE when the keychain has gone since', async () => {
      valueOf(await vaultWith(xorCipher()).save(record));
      const vault = vaultWith(noKeychain());
      expect(await vault.load()).toMatchObject({ ok: false, error: { code: 'IDENTITY_VAULT_UNAVAILABLE' } });
    });

    it('fails loudly on a damaged vault, or one from an earlier build, instead of reporting no identity', async () => {
      for (const content of [
        '{"v":2,"cipher":"safe-storage","data":"@@@"}',
        '{"v":1,"cipher":"safe-storage","data":"AAAA"}',
        'not json',
      ]) {
        await writeFile(filePath, content);
        await expect(vaultWith(xorCipher()).load()).rejects.toThrow();
        await expect(vaultWith(xorCipher()).status()).rejects.toThrow();
      }
    });

    it('renames the identity in the file, keeping its keys and never writing the name in the clear', async () => {
      const vault = vaultWith(xorCipher());
      expect(await vault.rename('Ada L.')).toMatchObject({ ok: false, error: { code: 'IDENTITY_MISSING' } });
      valueOf(await vault.save(record));
      valueOf(await vault.rename('Ada L.'));
      expect(valueOf(await vault.load())?.displayName).toBe('Ada L.');
      const reopened = vaultWith(xorCipher());
      await expectUsable(valueOf(await reopened.load()), { ...record, displayName: 'Ada L.' });
      expect(valueOf(await reopened.exportRecord())).toEqual({ ...record, displayName: 'Ada L.' });
      const text = await readFile(filePath, 'utf8');
      expect(JSON.parse(text)).toMatchObject({ v: 2, cipher: 'safe-storage' });
      expect(text).not.toContain('Ada L.');
    });

    it('fails to load when the keys cannot be decrypted with this keychain', async () => {
      valueOf(await vaultWith(xorCipher()).save(record));
      const otherKeychain = xorCipher({ decryptString: () => 'not json' });
      await expect(vaultWith(otherKeychain).load()).rejects.toThrow();
    });
  });

  describe('without an OS keychain', () => {
    it('needs a passphrase to store anything, and writes nothing without one', async () => {
      const vault = vaultWith(noKeychain());
      expect(await vault.status()).toEqual({ state: 'empty', protection: 'passphrase' });
      expect(await vault.save(record)).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_PASSPHRASE_REQUIRED' },
      });
      await expect(stat(filePath)).rejects.toThrow();
    });

    it("treats Linux's basic_text backend as no keychain", async () => {
      const vault = vaultWith(xorCipher({ storageBackend: () => 'basic_text' }));
      expect(await vault.status()).toEqual({ state: 'empty', protection: 'passphrase' });
      expect(await vault.save(record)).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_PASSPHRASE_REQUIRED' },
      });
    });

    it('writes the keys sealed under scrypt and AES-256-GCM, recording the KDF and its parameters', async () => {
      valueOf(await vaultWith(noKeychain()).save(record, { passphrase: 'open sesame' }));
      const text = await readFile(filePath, 'utf8');
      expect(JSON.parse(text)).toMatchObject({
        v: 2,
        cipher: 'passphrase',
        sealed: { kdf: { name: 'scrypt', N: 2 ** 10, r: 8, p: 1 }, aead: 'aes-256-gcm' },
      });
      for (const pkcs8 of [record.signing.pkcs8, record.encryption.pkcs8]) {
        expect(text).not.toContain(Buffer.from(pkcs8).toString('base64').slice(40, 120));
      }
      // Quoted, as a JSON field would be: three random base64 characters may spell "Ada" by chance.
      expect(text).not.toContain('"Ada"');
      expect(text).not.toContain('displayName');
    });

    it('starts locked, and unlocks with the passphrase only', async () => {
      valueOf(await vaultWith(noKeychain()).save(record, { passphrase: 'open sesame' }));
      const before = await readFile(filePath);
      const vault = vaultWith(noKeychain());
      expect(await vault.status()).toEqual({ state: 'locked', protection: 'passphrase' });
      expect(await vault.load()).toMatchObject({ ok: false, error: { code: 'IDENTITY_LOCKED' } });
      expect(await vault.exportRecord()).toMatchObject({ ok: false, error: { code: 'IDENTITY_LOCKED' } });

      expect(await vault.unlock('open sesame!')).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_WRONG_PASSPHRASE' },
      });
      expect(await vault.status()).toEqual({ state: 'locked', protection: 'passphrase' });
      expect(await readFile(filePath)).toEqual(before);

      expect(await vault.unlock('open sesame')).toEqual({ ok: true, value: undefined });
      expect(await vault.status()).toEqual({ state: 'unlocked', protection: 'passphrase' });
      await expectUsable(valueOf(await vault.load()), record);
      expect(valueOf(await vault.exportRecord())).toEqual(record);
    });

    it('keeps the passphrase when an unlocked vault stores a replacement', async () => {
      valueOf(await vaultWith(noKeychain()).save(record, { passphrase: 'open sesame' }));
      const vault = vaultWith(noKeychain());
      valueOf(await vault.unlock('open sesame'));
      valueOf(await vault.save(other));
      const reopened = vaultWith(noKeychain());
      valueOf(await reopened.unlock('open sesame'));
      await expectUsable(valueOf(await reopened.load()), other);
    });

    it('renames an unlocked vault under the same passphrase, and a locked one not at all', async () => {
      valueOf(await vaultWith(noKeychain()).save(record, { passphrase: 'open sesame' }));
      const before = await readFile(filePath);
      const locked = vaultWith(noKeychain());
      expect(await locked.rename('Ada L.')).toMatchObject({ ok: false, error: { code: 'IDENTITY_LOCKED' } });
      expect(await readFile(filePath)).toEqual(before);

      valueOf(await locked.unlock('open sesame'));
      valueOf(await locked.rename('Ada L.'));
      const reopened = vaultWith(noKeychain());
      expect(await reopened.unlock('open sesame!')).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_WRONG_PASSPHRASE' },
      });
      valueOf(await reopened.unlock('open sesame'));
      await expectUsable(valueOf(await reopened.load()), { ...record, displayName: 'Ada L.' });
      expect(await readFile(filePath, 'utf8')).not.toContain('Ada L.');
    });

    it('lets a locked vault be replaced under a new passphrase (recovery from a backup)', async () => {
      valueOf(await vaultWith(noKeychain()).save(record, { passphrase: 'forgotten' }));
      const vault = vaultWith(noKeychain());
      expect(await vault.save(other)).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_PASSPHRASE_REQUIRED' },
      });
      valueOf(await vault.save(other, { passphrase: 'a new one' }));
      const reopened = vaultWith(noKeychain());
      expect(await reopened.unlock('forgotten')).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_WRONG_PASSPHRASE' },
      });
      valueOf(await reopened.unlock('a new one'));
      await expectUsable(valueOf(await reopened.load()), other);
    });

    it('refuses a file sealed with a weaker scrypt cost than this build uses', async () => {
      valueOf(await vaultWith(noKeychain()).save(record, { passphrase: 'open sesame' }));
      const production = createSafeStorageIdentityVault({
        filePath,
        cipher: noKeychain(),
        passphrases: createPassphraseCipher(),
        crypto,
      });
      await expect(production.unlock('open sesame')).rejects.toThrow(RangeError);
    });
  });
});
