// The browser vault's rules, run on Node's WebCrypto with an in-memory slot in place of IndexedDB (the e2e
// journeys exercise the real IndexedDB in Chromium).
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdentityCryptoPort } from '../../../shared/identity/identity-crypto-port';
import {
  RSA_OAEP_SHA256,
  signWithIdentity,
  verifyIdentitySignature,
} from '../../../shared/identity/identity-keys';
import { generateIdentityRecord } from '../../../shared/identity/identity-record';
import type { IdentityRecord } from '../../../shared/ports/identity-vault';
import { createIdbIdentityVault, type StoredValueSlot } from './idb-identity-vault';

const crypto = webcrypto as unknown as Crypto;

const memorySlot = (): StoredValueSlot & { value: unknown } => {
  const slot = {
    value: undefined as unknown,
    read: () => Promise.resolve(slot.value),
    write: (value: unknown) => {
      slot.value = value;
      return Promise.resolve();
    },
  };
  return slot;
};

/** Every byte array anywhere inside a stored value. */
const byteArraysIn = (value: unknown): Uint8Array[] => {
  if (value instanceof Uint8Array) {
    return [value];
  }
  if (typeof value === 'object' && value !== null && !(value instanceof CryptoKey)) {
    return Object.values(value).flatMap(byteArraysIn);
  }
  return [];
};
const contains = (haystack: Uint8Array, needle: Uint8Array) =>
  Buffer.from(haystack).includes(Buffer.from(needle));

describe('createIdbIdentityVault', () => {
  let record: IdentityRecord;

  beforeAll(async () => {
    record = await generateIdentityRecord(webcrypto as unknown as IdentityCryptoPort, 'Ada');
  });

  it('is empty, never locked, and protected by browser storage', async () => {
    const vault = createIdbIdentityVault({ slot: memorySlot(), crypto });
    expect(await vault.status()).toEqual({ state: 'empty', protection: 'browser-storage' });
    expect(await vault.load()).toEqual({ ok: true, value: null });
    expect(await vault.unlock('anything')).toEqual({ ok: true, value: undefined });
  });

  it('keeps private keys as non-extractable CryptoKeys that still sign and unwrap', async () => {
    const slot = memorySlot();
    await createIdbIdentityVault({ slot, crypto }).save(record);
    const vault = createIdbIdentityVault({ slot, crypto });
    expect(await vault.status()).toEqual({ state: 'unlocked', protection: 'browser-storage' });
    const loaded = await vault.load();
    if (!loaded.ok || loaded.value === null) {
      throw new Error('nothing was loaded');
    }
    const { signing, encryption, displayName, certificate } = loaded.value;
    expect(displayName).toBe('Ada');
    expect(certificate).toEqual(record.certificate);
    expect([signing.privateKey.extractable, encryption.privateKey.extractable]).toEqual([false, false]);
    const signature = await signWithIdentity(
      webcrypto as unknown as IdentityCryptoPort,
      signing.privateKey,
      record.certificate,
    );
    expect(
      await verifyIdentitySignature(
        webcrypto as unknown as IdentityCryptoPort,
        record.signing.spki,
        signature,
        record.certificate,
      ),
    ).toBe(true);
    const secret = new Uint8Array(32).fill(9);
    const wrapped = await webcrypto.subtle.encrypt(
      RSA_OAEP_SHA256,
      encryption.publicKey as CryptoKey,
      secret,
    );
    expect(
      new Uint8Array(
        await webcrypto.subtle.decrypt(RSA_OAEP_SHA256, encryption.privateKey as CryptoKey, wrapped),
      ),
    ).toEqual(secret);
  });

  it('stores no private key bytes in the clear, only the sealed copy under a non-extractable AES key', async () => {
    const slot = memorySlot();
    await createIdbIdentityVault({ slot, crypto }).save(record);
    for (const bytes of byteArraysIn(slot.value)) {
      expect(contains(bytes, record.signing.pkcs8.subarray(100, 164))).toBe(false);
      expect(contains(bytes, record.encryption.pkcs8.subarray(100, 164))).toBe(false);
    }
    const entry = slot.value as { backupCopy: { key: CryptoKey } };
    expect(entry.backupCopy.key.extractable).toBe(false);
    expect(entry.backupCopy.key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
  });

  it('renames the identity in place: the same CryptoKeys and sealed copies, a new name', async () => {
    const slot = memorySlot();
    const vault = createIdbIdentityVault({ slot, crypto });
    expect(await vault.rename('Ada L.')).toMatchObject({ ok: false, error: { code: 'IDENTITY_MISSING' } });
    expect(slot.value).toBeUndefined();
    await vault.save(record);
    type Stored = { signing: CryptoKeyPair; encryption: CryptoKeyPair; backupCopy: { key: CryptoKey } };
    const before = slot.value as Stored;
    expect(await vault.rename('Ada L.')).toEqual({ ok: true, value: undefined });
    const after = slot.value as Stored;
    expect(after).toEqual({ ...before, displayName: 'Ada L.' });
    expect(after.signing.privateKey).toBe(before.signing.privateKey);
    expect(after.encryption.privateKey).toBe(before.encryption.privateKey);
    expect(after.backupCopy.key).toBe(before.backupCopy.key);
    const reopened = createIdbIdentityVault({ slot, crypto });
    expect(await reopened.exportRecord()).toEqual({ ok: true, value: { ...record, displayName: 'Ada L.' } });
  });

  it('gives back the exact PKCS#8 keys for a backup', async () => {
    const slot = memorySlot();
    await createIdbIdentityVault({ slot, crypto }).save(record);
    expect(await createIdbIdentityVault({ slot, crypto }).exportRecord()).toEqual({
      ok: true,
      value: record,
    });
  });

  it('will not export a sealed copy that was altered, or swapped between the two keys', async () => {
    const slot = memorySlot();
    await createIdbIdentityVault({ slot, crypto }).save(record);
    const entry = slot.value as { backupCopy: { signing: object; encryption: object } };
    const { signing, encryption } = entry.backupCopy;
    entry.backupCopy.signing = encryption;
    entry.backupCopy.encryption = signing;
    await expect(createIdbIdentityVault({ slot, crypto }).exportRecord()).rejects.toThrow();
  });

  it('fails loudly on a damaged entry or one from an earlier build, rather than reporting no identity', async () => {
    for (const value of [{ displayName: 'Old', keyPair: {} }, 'garbage', { v: 2 }]) {
      const slot = memorySlot();
      slot.value = value;
      const vault = createIdbIdentityVault({ slot, crypto });
      await expect(vault.status()).rejects.toThrow(/damaged or from an earlier/);
      await expect(vault.load()).rejects.toThrow();
    }
  });
});
