import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes } from '../encoding/byte-codec';
import { base64ToBytes, bytesToBase64, utf8 } from '../encoding/bytes';
import type { IdentityRecord } from '../ports/identity-vault';
import type { IdentityCryptoPort } from './identity-crypto-port';
import { RSA_PSS_SHA256, signWithIdentity } from './identity-keys';
import { generateIdentityRecord } from './identity-record';
import { createKeyBundle, verifyKeyBundle, type KeyBundle } from './key-bundle';
import { derivePeerId } from './peer-id';

const crypto = webcrypto as unknown as IdentityCryptoPort;

const bundleOf = (record: IdentityRecord): Promise<KeyBundle> =>
  createKeyBundle(crypto, {
    signingSpki: record.signing.spki,
    encryptionSpki: record.encryption.spki,
    certificate: record.certificate,
  });

const signingKeyOf = (record: IdentityRecord) =>
  crypto.subtle.importKey('pkcs8', Uint8Array.from(record.signing.pkcs8), RSA_PSS_SHA256, false, ['sign']);

const failureCode = async (bundle: unknown) => {
  const result = await verifyKeyBundle(crypto, bundle);
  return result.ok ? 'ok' : result.error.code;
};

describe('key bundle', () => {
  let alice: IdentityRecord;
  let mallory: IdentityRecord;
  let aliceBundle: KeyBundle;

  beforeAll(async () => {
    [alice, mallory] = await Promise.all([
      generateIdentityRecord(crypto, 'Alice'),
      generateIdentityRecord(crypto, 'Mallory'),
    ]);
    aliceBundle = await bundleOf(alice);
  });

  it('carries the peer ID of the signing key and verifies, returning the decoded keys', async () => {
    expect(aliceBundle.peerId).toBe(await derivePeerId(crypto, alice.signing.spki));
    const verified = await verifyKeyBundle(crypto, aliceBundle);
    expect(verified).toMatchObject({ ok: true, value: { peerId: aliceBundle.peerId, bundle: aliceBundle } });
    if (verified.ok) {
      expect(verified.value.signingKey).toEqual(alice.signing.spki);
      expect(verified.value.encryptionKey).toEqual(alice.encryption.spki);
    }
  });

  it('refuses a peer ID that does not derive from the signing key', async () => {
    const other = await bundleOf(mallory);
    expect(await failureCode({ ...aliceBundle, peerId: other.peerId })).toBe('KEY_BUNDLE_PEER_ID_MISMATCH');
  });

  it("refuses someone else's encryption key under Alice's identity", async () => {
    const malloryBundle = await bundleOf(mallory);
    expect(await failureCode({ ...aliceBundle, encryptionKey: malloryBundle.encryptionKey })).toBe(
      'KEY_BUNDLE_BAD_CERTIFICATE',
    );
    expect(
      await failureCode({
        ...aliceBundle,
        encryptionKey: malloryBundle.encryptionKey,
        certificate: malloryBundle.certificate,
      }),
    ).toBe('KEY_BUNDLE_BAD_CERTIFICATE');
  });

  it('refuses a signature by the right key over anything but the certificate message', async () => {
    const signingKey = await signingKeyOf(alice);
    const undomained = await signWithIdentity(crypto, signingKey, alice.encryption.spki);
    const otherDomain = await signWithIdentity(
      crypto,
      signingKey,
      concatBytes(utf8('parley-encryption-key-v2\n'), alice.encryption.spki),
    );
    for (const certificate of [undomained, otherDomain]) {
      expect(await failureCode({ ...aliceBundle, certificate: bytesToBase64(certificate) })).toBe(
        'KEY_BUNDLE_BAD_CERTIFICATE',
      );
    }
  });

  it('refuses the signing key doubling as the encryption key', async () => {
    const signingKey = await signingKeyOf(alice);
    const certificate = await signWithIdentity(
      crypto,
      signingKey,
      concatBytes(utf8('parley-encryption-key-v1\n'), alice.signing.spki),
    );
    const reused = {
      ...aliceBundle,
      encryptionKey: aliceBundle.signingKey,
      certificate: bytesToBase64(certificate),
    };
    expect(await failureCode(reused)).toBe('KEY_BUNDLE_MALFORMED');
  });

  it('refuses keys that are not RSA-3072, even when correctly certified', async () => {
    const small = await webcrypto.subtle.generateKey(
      { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['encrypt', 'decrypt'],
    );
    const smallSpki = new Uint8Array(await webcrypto.subtle.exportKey('spki', small.publicKey));
    const certificate = await signWithIdentity(
      crypto,
      await signingKeyOf(alice),
      concatBytes(utf8('parley-encryption-key-v1\n'), smallSpki),
    );
    const weak = await createKeyBundle(crypto, {
      signingSpki: alice.signing.spki,
      encryptionSpki: smallSpki,
      certificate,
    });
    expect(await failureCode(weak)).toBe('KEY_BUNDLE_MALFORMED');
  });

  it('refuses malformed bundles with a coded error naming the field', async () => {
    const cases: unknown[] = [
      null,
      'a bundle',
      { ...aliceBundle, extra: true },
      { ...aliceBundle, signingKey: '%%%' },
      { ...aliceBundle, certificate: '' },
      { ...aliceBundle, encryptionKey: bytesToBase64(utf8('not a key')) },
      { peerId: aliceBundle.peerId, signingKey: aliceBundle.signingKey },
    ];
    for (const bundle of cases) {
      expect(await failureCode(bundle)).toBe('KEY_BUNDLE_MALFORMED');
    }
    const named = await verifyKeyBundle(crypto, { ...aliceBundle, certificate: 42 });
    expect(!named.ok && named.error.message).toContain('certificate');
  });

  it('binds the certificate to every byte of the encryption key', async () => {
    const tampered = Uint8Array.from(base64ToBytes(aliceBundle.encryptionKey));
    // A byte inside the modulus: still an RSA-3072 key, just not the certified one.
    tampered[200] = (tampered[200] ?? 0) ^ 0x02;
    expect(await failureCode({ ...aliceBundle, encryptionKey: bytesToBase64(tampered) })).toBe(
      'KEY_BUNDLE_BAD_CERTIFICATE',
    );
  });
});
