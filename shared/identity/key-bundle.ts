// A peer's public keys as others see them: the RSA-PSS signing key, from which its peer ID derives, and the
// RSA-OAEP encryption key, certified by the signing key so that nobody can pass off their own encryption key
// under someone else's peer ID.
import { z } from 'zod';
import type { CryptoKeyHandle, WebCryptoPort } from '../crypto/web-crypto-port';
import { bytesEqual, concatBytes } from '../encoding/byte-codec';
import { base64ToBytes, bytesToBase64, utf8 } from '../encoding/bytes';
import { firstIssue } from '../encoding/json-document';
import { fail, ok, type Result } from '../result';
import {
  IDENTITY_MODULUS_BITS,
  importEncryptionPublicKeySpki,
  importPublicKeySpki,
  signWithIdentity,
  verifyIdentitySignature,
} from './identity-keys';
import { derivePeerId, PeerIdSchema, type PeerId } from './peer-id';

export const ENCRYPTION_KEY_CERTIFICATE_DOMAIN = 'parley-encryption-key-v1';

// A 3072-bit SPKI is 422 bytes (564 base64 characters), a signature 384 bytes (512).
const KeyBase64 = z.base64().min(1).max(1024);

export const KeyBundleSchema = z.strictObject({
  peerId: PeerIdSchema,
  /** SPKI of the RSA-PSS signing key, base64. */
  signingKey: KeyBase64,
  /** SPKI of the RSA-OAEP encryption key, base64. */
  encryptionKey: KeyBase64,
  /** RSA-PSS signature by the signing key over utf8("parley-encryption-key-v1\n") || encryption SPKI, base64. */
  certificate: KeyBase64,
});
export type KeyBundle = z.infer<typeof KeyBundleSchema>;

/** A bundle that passed verifyKeyBundle, with its keys decoded. */
export interface VerifiedKeyBundle {
  readonly bundle: KeyBundle;
  readonly peerId: PeerId;
  readonly signingKey: Uint8Array;
  readonly encryptionKey: Uint8Array;
}

export const encryptionKeyCertificateMessage = (encryptionSpki: Uint8Array): Uint8Array =>
  concatBytes(utf8(`${ENCRYPTION_KEY_CERTIFICATE_DOMAIN}\n`), encryptionSpki);

export const certifyEncryptionKey = (
  crypto: WebCryptoPort,
  signingPrivateKey: CryptoKeyHandle,
  encryptionSpki: Uint8Array,
): Promise<Uint8Array> =>
  signWithIdentity(crypto, signingPrivateKey, encryptionKeyCertificateMessage(encryptionSpki));

export const createKeyBundle = async (
  crypto: WebCryptoPort,
  keys: {
    readonly signingSpki: Uint8Array;
    readonly encryptionSpki: Uint8Array;
    readonly certificate: Uint8Array;
  },
): Promise<KeyBundle> => ({
  peerId: await derivePeerId(crypto, keys.signingSpki),
  signingKey: bytesToBase64(keys.signingSpki),
  encryptionKey: bytesToBase64(keys.encryptionSpki),
  certificate: bytesToBase64(keys.certificate),
});

const F4 = Uint8Array.of(1, 0, 1);
const RsaAlgorithmSchema = z.object({
  modulusLength: z.literal(IDENTITY_MODULUS_BITS),
  publicExponent: z.custom<Uint8Array>((value) => ArrayBuffer.isView(value)),
});

/** RSA-3072 with e = 65537, read from the imported key's `algorithm` (WebCrypto's RsaHashedKeyAlgorithm). */
const isIdentitySizedRsaKey = (key: CryptoKeyHandle): boolean => {
  const algorithm = RsaAlgorithmSchema.safeParse((key as { readonly algorithm?: unknown }).algorithm);
  return algorithm.success && bytesEqual(algorithm.data.publicExponent, F4);
};

const importsAsIdentityKey = async (import_: () => Promise<CryptoKeyHandle>): Promise<boolean> => {
  try {
    return isIdentitySizedRsaKey(await import_());
  } catch {
    return false;
  }
};

/**
 * Checks a bundle received from anywhere: its shape, that the peer ID derives from the signing key, that both keys
 * are RSA-3072 and distinct, and that the signing key certified the encryption key.
 */
export const verifyKeyBundle = async (
  crypto: WebCryptoPort,
  input: unknown,
): Promise<Result<VerifiedKeyBundle>> => {
  const parsed = KeyBundleSchema.safeParse(input);
  if (!parsed.success) {
    return fail('KEY_BUNDLE_MALFORMED', `key bundle: ${firstIssue(parsed.error, 'bundle')}`);
  }
  const bundle = parsed.data;
  const signingKey = base64ToBytes(bundle.signingKey);
  const encryptionKey = base64ToBytes(bundle.encryptionKey);
  if ((await derivePeerId(crypto, signingKey)) !== bundle.peerId) {
    return fail('KEY_BUNDLE_PEER_ID_MISMATCH', 'the peer ID does not derive from the signing key');
  }
  if (bytesEqual(signingKey, encryptionKey)) {
    return fail('KEY_BUNDLE_MALFORMED', 'the encryption key must not be the signing key');
  }
  const [signingUsable, encryptionUsable] = await Promise.all([
    importsAsIdentityKey(() => importPublicKeySpki(crypto, signingKey)),
    importsAsIdentityKey(() => importEncryptionPublicKeySpki(crypto, encryptionKey)),
  ]);
  if (!signingUsable || !encryptionUsable) {
    return fail('KEY_BUNDLE_MALFORMED', 'both keys must be RSA-3072 public keys with exponent 65537');
  }
  const certificate = base64ToBytes(bundle.certificate);
  if (
    !(await verifyIdentitySignature(
      crypto,
      signingKey,
      certificate,
      encryptionKeyCertificateMessage(encryptionKey),
    ))
  ) {
    return fail('KEY_BUNDLE_BAD_CERTIFICATE', 'the signing key did not certify this encryption key');
  }
  return ok({ bundle, peerId: bundle.peerId, signingKey, encryptionKey });
};
