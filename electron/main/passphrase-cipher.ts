// Passphrase encryption for the identity vault where there is no OS keychain: scrypt (RFC 7914; N = 2^17, r = 8,
// p = 1, so 128 MiB and a fraction of a second per guess) derives an AES-256-GCM key from the passphrase. The KDF
// parameters travel with the ciphertext, so a later build can raise them without a migration.
import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  randomBytes,
  scrypt,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';
import { base64ToBytes, bytesToBase64 } from '../../shared/encoding/bytes';

export const SCRYPT_COST = 2 ** 17;
const SCRYPT_BLOCK_SIZE = 8;
const SCRYPT_PARALLELISM = 1;
// A crafted file must not make us allocate more than 256 MiB.
const MAX_SCRYPT_COST = 2 ** 18;
const MIN_TEST_SCRYPT_COST = 2 ** 4;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** scrypt needs 128·N·r bytes; Node's default limit (32 MiB) is below that for N = 2^17, so allow twice it. */
const maxmemFor = (cost: number): number => 2 * 128 * cost * SCRYPT_BLOCK_SIZE;

const Base64Schema = z.base64();

export const ScryptParamsSchema = z.strictObject({
  name: z.literal('scrypt'),
  N: z.number().int().positive(),
  r: z.literal(SCRYPT_BLOCK_SIZE),
  p: z.literal(SCRYPT_PARALLELISM),
  salt: Base64Schema,
});
export type ScryptParams = z.infer<typeof ScryptParamsSchema>;

export const PassphraseSealedSchema = z.strictObject({
  kdf: ScryptParamsSchema,
  aead: z.literal('aes-256-gcm'),
  nonce: Base64Schema,
  /** Ciphertext followed by the 16-byte tag. */
  data: Base64Schema,
});
export type PassphraseSealed = z.infer<typeof PassphraseSealedSchema>;

/** A key derived from a passphrase, with the parameters that reproduce it. */
export interface PassphraseKey {
  readonly kdf: ScryptParams;
  readonly key: KeyObject;
}

export interface PassphraseCipher {
  /** A key for a new passphrase, with a fresh random salt. */
  newKey(passphrase: string): Promise<PassphraseKey>;
  /** The key for stored parameters; throws for parameters this build does not accept (a damaged or crafted file). */
  keyFor(passphrase: string, kdf: ScryptParams): Promise<PassphraseKey>;
  /** `context` names what is sealed; it and the KDF parameters are authenticated with the ciphertext. */
  seal(key: PassphraseKey, plaintext: Uint8Array, context: string): PassphraseSealed;
  /** Null when the key is wrong or anything sealed was altered. */
  open(key: PassphraseKey, sealed: PassphraseSealed, context: string): Uint8Array | null;
}

const isPowerOfTwo = (value: number): boolean =>
  Number.isInteger(value) && value > 1 && (value & (value - 1)) === 0;

// Honest about its name: a cheap work factor exists for the test suite's speed, never for a running app.
const checkTestOnlyCost = (cost: number): void => {
  if (process.env['NODE_ENV'] === 'production' || process.env['VITEST'] !== 'true') {
    throw new Error('dangerousTestOnlyScryptCost is refused outside the test suite');
  }
  if (!isPowerOfTwo(cost) || cost < MIN_TEST_SCRYPT_COST || cost >= SCRYPT_COST) {
    throw new RangeError(
      `dangerousTestOnlyScryptCost must be a power of two from ${MIN_TEST_SCRYPT_COST} below ${SCRYPT_COST}`,
    );
  }
};

const deriveKey = (passphrase: string, kdf: ScryptParams): Promise<KeyObject> =>
  new Promise((resolve, reject) => {
    const options = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: maxmemFor(kdf.N) };
    // NFC, so the same passphrase typed on any OS derives the same key.
    scrypt(passphrase.normalize('NFC'), base64ToBytes(kdf.salt), KEY_BYTES, options, (error, derived) => {
      if (error) {
        reject(error);
        return;
      }
      const key = createSecretKey(derived);
      derived.fill(0);
      resolve(key);
    });
  });

const additionalData = (context: string, kdf: ScryptParams): Buffer =>
  Buffer.from(`${context}\n${kdf.name}\n${kdf.N}\n${kdf.r}\n${kdf.p}\n${kdf.salt}`, 'utf8');

export const createPassphraseCipher = (
  options: { readonly dangerousTestOnlyScryptCost?: number } = {},
): PassphraseCipher => {
  const { dangerousTestOnlyScryptCost } = options;
  if (dangerousTestOnlyScryptCost !== undefined) {
    checkTestOnlyCost(dangerousTestOnlyScryptCost);
  }
  const cost = dangerousTestOnlyScryptCost ?? SCRYPT_COST;

  return {
    async newKey(passphrase) {
      const kdf: ScryptParams = {
        name: 'scrypt',
        N: cost,
        r: SCRYPT_BLOCK_SIZE,
        p: SCRYPT_PARALLELISM,
        salt: bytesToBase64(randomBytes(SALT_BYTES)),
      };
      return { kdf, key: await deriveKey(passphrase, kdf) };
    },

    async keyFor(passphrase, kdf) {
      // Below this build's cost would accept a file weakened by whoever could write it; above, exhaust memory.
      if (!isPowerOfTwo(kdf.N) || kdf.N < cost || kdf.N > MAX_SCRYPT_COST) {
        throw new RangeError(`scrypt cost ${kdf.N} is outside ${cost}–${MAX_SCRYPT_COST}`);
      }
      if (base64ToBytes(kdf.salt).length !== SALT_BYTES) {
        throw new RangeError('the scrypt salt must be 16 bytes');
      }
      return { kdf, key: await deriveKey(passphrase, kdf) };
    },

    seal(key, plaintext, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key.key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(context, key.kdf));
      const data = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { kdf: key.kdf, aead: 'aes-256-gcm', nonce: bytesToBase64(nonce), data: bytesToBase64(data) };
    },

    open(key, sealed, context) {
      const nonce = base64ToBytes(sealed.nonce);
      const data = base64ToBytes(sealed.data);
      if (nonce.length !== NONCE_BYTES || data.length < TAG_BYTES) {
        return null;
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.key, nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(additionalData(context, sealed.kdf));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        return new Uint8Array(
          Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]),
        );
      } catch {
        return null;
      }
    },
  };
};
