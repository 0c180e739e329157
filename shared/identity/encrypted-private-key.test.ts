import { createPrivateKey, webcrypto } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { decryptPrivateKeyPem, encryptPrivateKeyPem, PBKDF2_ITERATIONS } from './encrypted-private-key';
import type { IdentityCryptoPort } from './identity-crypto-port';
import { generateEncryptionKeyPair } from './identity-keys';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const PASSPHRASE = 'a long enough passphrase';

const forgeDer = (pem: string) => forge.asn1.fromDer(forge.pem.decode(pem)[0]?.body ?? '');

const nodeAt = (node: forge.asn1.Asn1, path: number[]): forge.asn1.Asn1 =>
  path.reduce((current, index) => (current.value as forge.asn1.Asn1[])[index] as forge.asn1.Asn1, node);

/** The same PEM with one OID changed: a single deviation from the profile. */
const withOid = (pem: string, path: number[], oid: string): string => {
  const info = forgeDer(pem);
  nodeAt(info, path).value = forge.asn1.oidToDer(oid).getBytes();
  return forge.pki.encryptedPrivateKeyToPem(info);
};

const withIterations = (pem: string, count: number): string => {
  const info = forgeDer(pem);
  nodeAt(info, [0, 1, 0, 1, 1]).value = forge.asn1.integerToDer(count).getBytes();
  return forge.pki.encryptedPrivateKeyToPem(info);
};

const oidAt = (node: forge.asn1.Asn1, ...path: number[]): string =>
  forge.asn1.derToOid(nodeAt(node, path).value as string);

describe('encrypted private key PEM', () => {
  let pkcs8: Uint8Array;
  let pem: string;

  beforeAll(async () => {
    const pair = await generateEncryptionKeyPair(crypto, { extractablePrivateKey: true });
    pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
    pem = await encryptPrivateKeyPem(crypto, pkcs8, PASSPHRASE);
  });

  it('round-trips the PKCS#8 key with the right passphrase', async () => {
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\r?\n/);
    expect(await decryptPrivateKeyPem(crypto, pem, PASSPHRASE)).toEqual({ ok: true, value: pkcs8 });
  });

  it('is PBES2 with PBKDF2-HMAC-SHA256 at 600,000 iterations and AES-256-CBC', () => {
    const info = forgeDer(pem);
    expect(oidAt(info, 0, 0)).toBe('1.2.840.113549.1.5.13');
    expect(oidAt(info, 0, 1, 0, 0)).toBe('1.2.840.113549.1.5.12');
    expect(oidAt(info, 0, 1, 0, 1, 3, 0)).toBe('1.2.840.113549.2.9');
    expect(oidAt(info, 0, 1, 1, 0)).toBe('2.16.840.1.101.3.4.1.42');
    expect(forge.asn1.derToInteger(nodeAt(info, [0, 1, 0, 1, 1]).value as string)).toBe(PBKDF2_ITERATIONS);
    expect((nodeAt(info, [0, 1, 0, 1, 0]).value as string).length).toBe(16);
  });

  it('opens in OpenSSL (node:crypto) with the same passphrase', () => {
    const key = createPrivateKey({ key: pem, format: 'pem', passphrase: PASSPHRASE });
    expect(new Uint8Array(key.export({ format: 'der', type: 'pkcs8' }))).toEqual(pkcs8);
  });

  it('opens in node-forge, and reads what node-forge encrypts with the same profile', async () => {
    const password = forge.util.encodeUtf8(PASSPHRASE);
    const decrypted = forge.pki.decryptPrivateKeyInfo(forge.pki.encryptedPrivateKeyFromPem(pem), password);
    expect(forge.util.binary.raw.decode(forge.asn1.toDer(decrypted).getBytes())).toEqual(pkcs8);

    const info = forge.asn1.fromDer(forge.util.binary.raw.encode(pkcs8));
    const byForge = forge.pki.encryptedPrivateKeyToPem(
      forge.pki.encryptPrivateKeyInfo(info, password, {
        algorithm: 'aes256',
        prfAlgorithm: 'sha256',
        count: 600_000,
      }),
    );
    expect(await decryptPrivateKeyPem(crypto, byForge, PASSPHRASE)).toEqual({ ok: true, value: pkcs8 });
  }, 60_000);

  it('gives IDENTITY_WRONG_PASSPHRASE for any other passphrase', async () => {
    for (const passphrase of ['a long enough passphrasE', 'x', `${PASSPHRASE} `]) {
      expect(await decryptPrivateKeyPem(crypto, pem, passphrase)).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_WRONG_PASSPHRASE' },
      });
    }
  });

  it('treats a passphrase the same in composed and decomposed Unicode', async () => {
    const composed = 'mot de passe d\u00e9j\u00e0 vu';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const sealed = await encryptPrivateKeyPem(crypto, pkcs8, decomposed);
    expect(await decryptPrivateKeyPem(crypto, sealed, composed)).toEqual({ ok: true, value: pkcs8 });
  });

  it('refuses weaker or foreign profiles as malformed, before trying the passphrase', async () => {
    const nodeKey = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
    // OpenSSL's own default: PBKDF2 with only 2048 iterations.
    const openSslDefault = nodeKey.export({
      format: 'pem',
      type: 'pkcs8',
      cipher: 'aes-256-cbc',
      passphrase: PASSPHRASE,
    });
    const plain = nodeKey.export({ format: 'pem', type: 'pkcs8' });
    const truncated = pem
      .split(/\r?\n/)
      .filter((_, line) => line !== 3)
      .join('\r\n');
    const candidates = [
      openSslDefault.toString(),
      plain.toString(),
      withOid(pem, [0, 1, 0, 1, 3, 0], '1.2.840.113549.2.7'), // PRF HMAC-SHA1
      withOid(pem, [0, 1, 1, 0], '2.16.840.1.101.3.4.1.2'), // AES-128-CBC
      withOid(pem, [0, 0], '1.2.840.113549.1.12.1.3'), // PKCS#12 3DES
      '',
      'not pem',
      truncated,
      `${pem}${pem}`,
    ];
    for (const candidate of candidates) {
      expect(await decryptPrivateKeyPem(crypto, candidate, PASSPHRASE)).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_BACKUP_INVALID' },
      });
    }
  });

  it('refuses iteration counts below 600,000 or absurdly above', async () => {
    for (const count of [599_999, 10_000_001]) {
      expect(await decryptPrivateKeyPem(crypto, withIterations(pem, count), PASSPHRASE)).toMatchObject({
        ok: false,
        error: { code: 'IDENTITY_BACKUP_INVALID' },
      });
    }
  });
});
