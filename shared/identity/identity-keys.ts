// RSA-PSS identity keys: generation, signing and verification over the WebCrypto port.
import type { CryptoKeyHandle, CryptoKeyPairHandle, WebCryptoPort } from '../crypto/web-crypto-port';

export const IDENTITY_MODULUS_BITS = 3072;
// RFC 8017 recommends a salt as long as the hash output.
const PSS = { name: 'RSA-PSS', saltLength: 32 } as const;
const RSA_PSS_SHA256 = { name: 'RSA-PSS', hash: 'SHA-256' } as const;

export const generateIdentityKeyPair = (
  crypto: WebCryptoPort,
  options: { readonly extractablePrivateKey: boolean },
): Promise<CryptoKeyPairHandle> =>
  crypto.subtle.generateKey(
    {
      name: 'RSA-PSS',
      modulusLength: IDENTITY_MODULUS_BITS,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    options.extractablePrivateKey,
    ['sign', 'verify'],
  );

export const exportPublicKeySpki = async (crypto: WebCryptoPort, key: CryptoKeyHandle): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.exportKey('spki', key));

export const importPublicKeySpki = (crypto: WebCryptoPort, spki: Uint8Array): Promise<CryptoKeyHandle> =>
  crypto.subtle.importKey('spki', Uint8Array.from(spki), RSA_PSS_SHA256, true, ['verify']);

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
