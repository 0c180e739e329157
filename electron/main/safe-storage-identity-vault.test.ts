import { webcrypto } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CryptoKeyPairHandle, WebCryptoPort } from '../../shared/crypto/web-crypto-port';
import { utf8 } from '../../shared/encoding/bytes';
import {
  generateIdentityKeyPair,
  signWithIdentity,
  verifyIdentitySignature,
} from '../../shared/identity/identity-keys';
import {
  createSafeStorageIdentityVault,
  IdentityVaultUnavailableError,
  type StringCipher,
} from './safe-storage-identity-vault';

const crypto = webcrypto as unknown as WebCryptoPort;

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

const containsBytes = (haystack: Uint8Array, needle: Uint8Array): boolean =>
  Buffer.from(haystack).indexOf(Buffer.from(needle)) !== -1;

describe('createSafeStorageIdentityVault', () => {
  let keyPair: CryptoKeyPairHandle;
  let dir: string;
  let filePath: string;

  beforeAll(async () => {
    keyPair = await generateIdentityKeyPair(crypto, { extractablePrivateKey: true });
  });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-vault-'));
    filePath = path.join(dir, 'identity.vault');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for an extractable private key, since it exports it to encrypt it', () => {
    expect(
      createSafeStorageIdentityVault({ filePath, cipher: xorCipher(), crypto }).needsExtractableKey,
    ).toBe(true);
  });

  it('loads nothing before an identity was saved', async () => {
    expect(await createSafeStorageIdentityVault({ filePath, cipher: xorCipher(), crypto }).load()).toBeNull();
  });

  it('round-trips the identity: same name, same public key, a private key that still signs', async () => {
    await createSafeStorageIdentityVault({ filePath, cipher: xorCipher(), crypto }).save({
      displayName: 'Ada',
      keyPair,
    });
    const loaded = await createSafeStorageIdentityVault({ filePath, cipher: xorCipher(), crypto }).load();
    if (loaded === null) {
      throw new Error('nothing was loaded');
    }
    expect(loaded.displayName).toBe('Ada');
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keyPair.publicKey));
    const loadedSpki = new Uint8Array(await crypto.subtle.exportKey('spki', loaded.keyPair.publicKey));
    expect(loadedSpki).toEqual(spki);
    const message = utf8('parley');
    const signature = await signWithIdentity(crypto, loaded.keyPair.privateKey, message);
    expect(await verifyIdentitySignature(crypto, spki, signature, message)).toBe(true);
  });

  it('never writes the PKCS#8 private key in the clear, raw or base64', async () => {
    await createSafeStorageIdentityVault({ filePath, cipher: xorCipher(), crypto }).save({
      displayName: 'Ada',
      keyPair,
    });
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keyPair.privateKey));
    const onDisk = new Uint8Array(await readFile(filePath));
    expect(containsBytes(onDisk, pkcs8)).toBe(false);
    expect(containsBytes(onDisk, pkcs8.subarray(64, 128))).toBe(false);
    expect(Buffer.from(onDisk).toString('utf8')).not.toContain(
      Buffer.from(pkcs8).toString('base64').slice(40, 120),
    );
  });

  it.skipIf(process.platform === 'win32')('keeps the vault file private to the user', async () => {
    await createSafeStorageIdentityVault({ filePath, cipher: xorCipher(), crypto }).save({
      displayName: 'Ada',
      keyPair,
    });
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
  });

  it('refuses to save, and writes nothing, when OS encryption is unavailable', async () => {
    const vault = createSafeStorageIdentityVault({
      filePath,
      cipher: xorCipher({ isEncryptionAvailable: () => false }),
      crypto,
    });
    await expect(vault.save({ displayName: 'Ada', keyPair })).rejects.toBeInstanceOf(
      IdentityVaultUnavailableError,
    );
    await expect(stat(filePath)).rejects.toThrow();
  });

  it("treats Linux's basic_text backend as unavailable", async () => {
    const vault = createSafeStorageIdentityVault({
      filePath,
      cipher: xorCipher({ storageBackend: () => 'basic_text' }),
      crypto,
    });
    await expect(vault.save({ displayName: 'Ada', keyPair })).rejects.toThrow(/no OS keyring/);
  });

  it('fails loudly on a damaged vault instead of reporting no identity', async () => {
    await writeFile(filePath, '{"v":1,"cipher":"safe-storage","data":"@@@"}');
    await expect(
      createSafeStorageIdentityVault({ filePath, cipher: xorCipher(), crypto }).load(),
    ).rejects.toThrow();
  });

  it('fails to load when the key cannot be decrypted with this keychain', async () => {
    await createSafeStorageIdentityVault({ filePath, cipher: xorCipher(), crypto }).save({
      displayName: 'Ada',
      keyPair,
    });
    const otherKeychain = xorCipher({ decryptString: () => 'not json' });
    await expect(
      createSafeStorageIdentityVault({ filePath, cipher: otherKeychain, crypto }).load(),
    ).rejects.toThrow();
  });
});
