// The benchmark's identities: built once from the insecure prime pool (insecure-rsa.ts) and cached in
// bench/.cache/, so later runs start in a second. Each identity uses two moduli no other key uses: one for its
// RSA-PSS signing key, one for its RSA-OAEP encryption key, certified by the first as the protocol requires.
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { WebCryptoPort } from '../../shared/crypto/web-crypto-port';
import { verifyIdentitySignature } from '../../shared/identity/identity-keys';
import {
  createKeyBundle,
  encryptionKeyCertificateMessage,
  verifyKeyBundle,
} from '../../shared/identity/key-bundle';
import { signalingAuthMessage } from '../../shared/signaling/signaling-auth';
import { signingKeyOf, signPss, type BenchIdentity } from './bench-identity';
import { generatePrimes, primePair, primesForModuli, PRIME_BITS, rsaPrivateJwk } from './insecure-rsa';

const CACHE = new URL('../.cache/', import.meta.url);
const PRIMES_FILE = new URL(`signaling-primes-${PRIME_BITS}.json`, CACHE);
const IDENTITIES_FILE = new URL('signaling-identities-v1.json', CACHE);
/** Certificates signed at once: enough to keep the thread pool busy without piling up promises. */
const SIGNING_CONCURRENCY = 64;

const crypto = webcrypto as unknown as WebCryptoPort;

const readJson = (file: URL): unknown => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

const writeJson = (file: URL, value: unknown): void => {
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, JSON.stringify(value));
};

const loadPrimes = async (count: number, log: (line: string) => void): Promise<bigint[]> => {
  const file = readJson(PRIMES_FILE) as { primes: string[] } | null;
  const cached = (file?.primes ?? []).map((hex) => BigInt(`0x${hex}`));
  if (cached.length >= count) {
    return cached.slice(0, count);
  }
  log(`generating ${count - cached.length} random ${PRIME_BITS}-bit primes (once; cached in bench/.cache/)`);
  const fresh = await generatePrimes(count - cached.length);
  const primes = [...new Set([...cached, ...fresh])];
  writeJson(PRIMES_FILE, { primes: primes.map((prime) => prime.toString(16)) });
  return primes.length >= count ? primes.slice(0, count) : loadPrimes(count, log);
};

const keyFromPair = (primes: readonly bigint[], pairIndex: number) => {
  const [i, j] = primePair(pairIndex);
  const p = primes[i];
  const q = primes[j];
  if (p === undefined || q === undefined) {
    throw new RangeError(`prime pair ${pairIndex} is outside the pool`);
  }
  const privateKey = createPrivateKey({ key: rsaPrivateJwk(p, q), format: 'jwk' });
  const spki = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  return { privateKey, spki };
};

const buildIdentity = async (primes: readonly bigint[], index: number): Promise<BenchIdentity> => {
  const signing = keyFromPair(primes, 2 * index);
  const encryption = keyFromPair(primes, 2 * index + 1);
  const certificate = await signPss(signing.privateKey, encryptionKeyCertificateMessage(encryption.spki));
  return {
    bundle: await createKeyBundle(crypto, {
      signingSpki: signing.spki,
      encryptionSpki: encryption.spki,
      certificate: new Uint8Array(certificate),
    }),
    signingPkcs8: signing.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
};

/**
 * Proof that the server will take these identities: the bundle passes the server's own verifyKeyBundle, and the
 * signing key answers a login challenge the way the server checks it.
 */
const assertServerAccepts = async (identity: BenchIdentity): Promise<void> => {
  const verified = await verifyKeyBundle(crypto, identity.bundle);
  if (!verified.ok) {
    throw new Error(`bench identity rejected: ${verified.error.code} ${verified.error.message}`);
  }
  const challenge = signalingAuthMessage('127.0.0.1:1', 'default', 'bm9uY2U=');
  const signature = await signPss(signingKeyOf(identity), challenge);
  if (!(await verifyIdentitySignature(crypto, verified.value.signingKey, signature, challenge))) {
    throw new Error('bench identity cannot sign a login the server accepts');
  }
};

export const loadIdentityPool = async (
  count: number,
  log: (line: string) => void,
): Promise<BenchIdentity[]> => {
  let identities = (readJson(IDENTITIES_FILE) as { identities: BenchIdentity[] } | null)?.identities ?? [];
  if (identities.length < count) {
    const primes = await loadPrimes(primesForModuli(2 * count), log);
    log(`building ${count} identities from ${primes.length} primes (once; cached in bench/.cache/)`);
    identities = [];
    for (let start = 0; start < count; start += SIGNING_CONCURRENCY) {
      const indices = Array.from(
        { length: Math.min(SIGNING_CONCURRENCY, count - start) },
        (_, k) => start + k,
      );
      identities.push(...(await Promise.all(indices.map((index) => buildIdentity(primes, index)))));
    }
    writeJson(IDENTITIES_FILE, { identities });
  }
  const chosen = identities.slice(0, count);
  const [first, last] = [chosen[0], chosen.at(-1)];
  if (!first || !last) {
    throw new RangeError('no identities');
  }
  await Promise.all([assertServerAccepts(first), assertServerAccepts(last)]);
  if (new Set(chosen.map((identity) => identity.bundle.peerId)).size !== chosen.length) {
    throw new Error('bench identities repeat a peer ID');
  }
  return chosen;
};
