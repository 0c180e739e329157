// Identity keys: an RSA-PSS signing pair and a separate RSA-OAEP encryption pair (RSA-3072, SHA-256, e = 65537);
// their generation, import from PKCS#8, domain-separated signing and key unwrapping, over the WebCrypto port.
import type { CryptoKeyHandle, CryptoKeyPairHandle, WebCryptoPort } from '../crypto/web-crypto-port';
import { concatBytes } from '../encoding/byte-codec';
import { utf8 } from '../encoding/bytes';
import type { IdentityRecord, StoredIdentity } from '../ports/identity-vault';

export const IDENTITY_MODULUS_BITS = 3072;
// RFC 8017 recommends a salt as long as the hash output.
const PSS = { name: 'RSA-PSS', saltLength: 32 } as const;
export const RSA_PSS_SHA256 = { name: 'RSA-PSS', hash: 'SHA-256' } as const;
export const RSA_OAEP_SHA256 = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;

const rsaKeyGenParams = (name: 'RSA-PSS' | 'RSA-OAEP') =>
  ({
    name,
    modulusLength: IDENTITY_MODULUS_BITS,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  }) as const;

/** The signing pair. Vaults store private keys as PKCS#8, so the identity service generates them extractable. */
export const generateIdentityKeyPair = (
  crypto: WebCryptoPort,
  options: { readonly extractablePrivateKey: boolean },
): Promise<CryptoKeyPairHandle> =>
  crypto.subtle.generateKey(rsaKeyGenParams('RSA-PSS'), options.extractablePrivateKey, ['sign', 'verify']);

/** The encryption pair: other peers wrap keys to its public half (sealed envelopes). */
export const generateEncryptionKeyPair = (
  crypto: WebCryptoPort,
  options: { readonly extractablePrivateKey: boolean },
): Promise<CryptoKeyPairHandle> =>
  crypto.subtle.generateKey(rsaKeyGenParams('RSA-OAEP'), options.extractablePrivateKey, [
    'encrypt',
    'decrypt',
  ]);

export const exportPublicKeySpki = async (crypto: WebCryptoPort, key: CryptoKeyHandle): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.exportKey('spki', key));

export const importPublicKeySpki = (crypto: WebCryptoPort, spki: Uint8Array): Promise<CryptoKeyHandle> =>
  crypto.subtle.importKey('spki', Uint8Array.from(spki), RSA_PSS_SHA256, true, ['verify']);

export const importEncryptionPublicKeySpki = (
  crypto: WebCryptoPort,
  spki: Uint8Array,
): Promise<CryptoKeyHandle> =>
  crypto.subtle.importKey('spki', Uint8Array.from(spki), RSA_OAEP_SHA256, true, ['encrypt']);

export const signWithIdentity = async (
  crypto: WebCryptoPort,
  privateKey: CryptoKeyHandle,
  data: Uint8Array,
): Promise<Uint8Array> => new Uint8Array(await crypto.subtle.sign(PSS, privateKey, Uint8Array.from(data)));

export const verifyIdentitySignature = async (
  crypto: WebCryptoPort,
  publicKeySpki: Uint8Array,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> => {
  try {
    const key = await importPublicKeySpki(crypto, publicKeySpki);
    return await crypto.subtle.verify(PSS, key, Uint8Array.from(signature), Uint8Array.from(data));
  } catch {
    // A malformed key or signature is simply not a valid signature.
    return false;
  }
};

// Printable ASCII: a newline inside a domain would let two (domain, data) pairs sign the same bytes.
const SIGNING_DOMAIN_PATTERN = /^[\x20-\x7e]{1,64}$/;

/** `utf8(domain + "\n") || data`: what every identity signature covers, so no signature serves two purposes. */
export const domainSeparated = (domain: string, data: Uint8Array): Uint8Array<ArrayBuffer> => {
  if (!SIGNING_DOMAIN_PATTERN.test(domain)) {
    throw new RangeError(`invalid signing domain: ${JSON.stringify(domain.slice(0, 80))}`);
  }
  return concatBytes(utf8(`${domain}\n`), data);
};

/** RSA-OAEP decryption of a wrapped key; null when it does not decrypt under this key. */
export const unwrapWithIdentity = async (
  crypto: WebCryptoPort,
  privateKey: CryptoKeyHandle,
  wrapped: Uint8Array,
): Promise<Uint8Array | null> => {
  try {
    return new Uint8Array(await crypto.subtle.decrypt(RSA_OAEP_SHA256, privateKey, Uint8Array.from(wrapped)));
  } catch {
    return null;
  }
};

/** The key pairs as bytes, for a vault to store; the private keys must be extractable. */
export const exportIdentityRecord = async (
  crypto: WebCryptoPort,
  identity: StoredIdentity,
): Promise<IdentityRecord> => {
  const [signingPkcs8, signingSpki, encryptionPkcs8, encryptionSpki] = await Promise.all([
    crypto.subtle.exportKey('pkcs8', identity.signing.privateKey),
    crypto.subtle.exportKey('spki', identity.signing.publicKey),
    crypto.subtle.exportKey('pkcs8', identity.encryption.privateKey),
    crypto.subtle.exportKey('spki', identity.encryption.publicKey),
  ]);
  return {
    displayName: identity.displayName,
    signing: { pkcs8: new Uint8Array(signingPkcs8), spki: new Uint8Array(signingSpki) },
    encryption: { pkcs8: new Uint8Array(encryptionPkcs8), spki: new Uint8Array(encryptionSpki) },
    certificate: Uint8Array.from(identity.certificate),
  };
};

/** Imports a stored record for use: the private keys come back non-extractable. Throws on malformed keys. */
export const importIdentityRecord = async (
  crypto: WebCryptoPort,
  record: IdentityRecord,
): Promise<StoredIdentity> => {
  const bytes = (data: Uint8Array) => Uint8Array.from(data);
  const [signingPrivate, signingPublic, encryptionPrivate, encryptionPublic] = await Promise.all([
    crypto.subtle.importKey('pkcs8', bytes(record.signing.pkcs8), RSA_PSS_SHA256, false, ['sign']),
    crypto.subtle.importKey('spki', bytes(record.signing.spki), RSA_PSS_SHA256, true, ['verify']),
    crypto.subtle.importKey('pkcs8', bytes(record.encryption.pkcs8), RSA_OAEP_SHA256, false, ['decrypt']),
    crypto.subtle.importKey('spki', bytes(record.encryption.spki), RSA_OAEP_SHA256, true, ['encrypt']),
  ]);
  return {
    displayName: record.displayName,
    signing: { privateKey: signingPrivate, publicKey: signingPublic },
    encryption: { privateKey: encryptionPrivate, publicKey: encryptionPublic },
    certificate: Uint8Array.from(record.certificate),
  };
};
