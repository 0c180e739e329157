// BENCH ONLY, NOT SECURE: RSA-3072 keys assembled from a small pool of random 1536-bit primes shared between
// keys. One real 3072-bit key generation takes ~400 ms here and the benchmark needs over 20,000 keys; a pool of
// ~220 primes gives that many distinct moduli (every pair of primes is one) in seconds. Anyone holding two moduli
// that share a prime factors both with one gcd, so these keys must never be used outside this benchmark. The
// server cannot tell the difference: each one is a well-formed RSA-3072 key with e = 65537.
import { generatePrime, type JsonWebKey } from 'node:crypto';

export const PRIME_BITS = 1536;
export const MODULUS_BITS = 2 * PRIME_BITS;
const E = 65537n;

/**
 * `count` distinct random primes. The asynchronous generatePrime runs on libuv's thread pool, so several are
 * found in parallel across the cores.
 */
export const generatePrimes = async (count: number): Promise<bigint[]> => {
  const primes = new Set<bigint>();
  while (primes.size < count) {
    const batch = await Promise.all(
      Array.from(
        { length: count - primes.size },
        () =>
          new Promise<bigint>((resolve, reject) =>
            generatePrime(PRIME_BITS, { bigint: true }, (error, prime) =>
              error ? reject(error) : resolve(prime),
            ),
          ),
      ),
    );
    // e must be invertible modulo p - 1; 65537 is prime, so that fails only when it divides p - 1.
    batch.filter((prime) => prime % E !== 1n).forEach((prime) => primes.add(prime));
  }
  return [...primes];
};

/** How many primes give at least `moduli` distinct pairs. */
export const primesForModuli = (moduli: number): number => {
  let primes = 2;
  while ((primes * (primes - 1)) / 2 < moduli) {
    primes += 1;
  }
  return primes;
};

/** The `index`-th pair (i < j) of prime indices, in a fixed order, so identical pools give identical keys. */
export const primePair = (index: number): readonly [number, number] => {
  let j = 1;
  let first = 0;
  while (first + j <= index) {
    first += j;
    j += 1;
  }
  return [index - first, j];
};

const modularInverse = (value: bigint, modulus: bigint): bigint => {
  let [oldRemainder, remainder] = [((value % modulus) + modulus) % modulus, modulus];
  let [oldCoefficient, coefficient] = [1n, 0n];
  while (remainder !== 0n) {
    const quotient = oldRemainder / remainder;
    [oldRemainder, remainder] = [remainder, oldRemainder - quotient * remainder];
    [oldCoefficient, coefficient] = [coefficient, oldCoefficient - quotient * coefficient];
  }
  if (oldRemainder !== 1n) {
    throw new RangeError('not invertible');
  }
  return ((oldCoefficient % modulus) + modulus) % modulus;
};

const base64Url = (value: bigint): string => {
  const hex = value.toString(16);
  return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex').toString('base64url');
};

/** The private key with primes p and q as a JWK (RFC 7518 §6.3), CRT parameters included. */
export const rsaPrivateJwk = (p: bigint, q: bigint): JsonWebKey => {
  const n = p * q;
  if (p === q || n.toString(2).length !== MODULUS_BITS) {
    throw new RangeError(`primes do not make a ${MODULUS_BITS}-bit modulus`);
  }
  const d = modularInverse(E, (p - 1n) * (q - 1n));
  return {
    kty: 'RSA',
    n: base64Url(n),
    e: base64Url(E),
    d: base64Url(d),
    p: base64Url(p),
    q: base64Url(q),
    dp: base64Url(d % (p - 1n)),
    dq: base64Url(d % (q - 1n)),
    qi: base64Url(modularInverse(q, p)),
  };
};
