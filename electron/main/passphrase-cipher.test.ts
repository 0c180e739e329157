import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64ToBytes } from '../../shared/encoding/bytes';
import { createPassphraseCipher, SCRYPT_COST, type PassphraseSealed } from './passphrase-cipher';

const CONTEXT = 'parley-test-context';
const secret = new TextEncoder().encode('two PKCS#8 keys, say');
// Fast enough for the many cases below; one test runs the real cost.
const cheap = () => createPassphraseCipher({ dangerousTestOnlyScryptCost: 2 ** 10 });

describe('passphrase cipher', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('uses scrypt at N = 2^17, r = 8, p = 1 with a 16-byte salt, and round-trips with the right passphrase', async () => {
    const cipher = createPassphraseCipher();
    const key = await cipher.newKey('correct horse battery staple');
    expect(key.kdf).toMatchObject({ name: 'scrypt', N: SCRYPT_COST, r: 8, p: 1 });
    expect(SCRYPT_COST).toBe(2 ** 17);
    expect(base64ToBytes(key.kdf.salt)).toHaveLength(16);
    const sealed = cipher.seal(key, secret, CONTEXT);
    expect(sealed).toMatchObject({ kdf: key.kdf, aead: 'aes-256-gcm' });
    const again = await cipher.keyFor('correct horse battery staple', sealed.kdf);
    expect(cipher.open(again, sealed, CONTEXT)).toEqual(secret);
  }, 30_000);

  it('opens nothing with a wrong passphrase', async () => {
    const cipher = cheap();
    const sealed = cipher.seal(await cipher.newKey('right one'), secret, CONTEXT);
    expect(cipher.open(await cipher.keyFor('wrong one', sealed.kdf), sealed, CONTEXT)).toBeNull();
  });

  it('salts every new key, so the same passphrase never gives the same key twice', async () => {
    const cipher = cheap();
    const [one, two] = await Promise.all([cipher.newKey('same'), cipher.newKey('same')]);
    expect(one.kdf.salt).not.toBe(two.kdf.salt);
    expect(cipher.open(two, cipher.seal(one, secret, CONTEXT), CONTEXT)).toBeNull();
  });

  it('authenticates the context, the KDF parameters and every ciphertext byte', async () => {
    const cipher = cheap();
    const key = await cipher.newKey('passphrase');
    const sealed = cipher.seal(key, secret, CONTEXT);
    const flipped = Buffer.from(base64ToBytes(sealed.data));
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const variants: PassphraseSealed[] = [
      { ...sealed, data: flipped.toString('base64') },
      { ...sealed, kdf: { ...sealed.kdf, N: 2 ** 11 } },
      { ...sealed, nonce: Buffer.alloc(12).toString('base64') },
      { ...sealed, data: '' },
    ];
    for (const variant of variants) {
      expect(cipher.open(key, variant, CONTEXT)).toBeNull();
    }
    expect(cipher.open(key, sealed, 'another-context')).toBeNull();
  });

  it('refuses stored parameters weaker than its own or big enough to exhaust memory', async () => {
    const weakFile = cheap().seal(await cheap().newKey('passphrase'), secret, CONTEXT);
    await expect(createPassphraseCipher().keyFor('passphrase', weakFile.kdf)).rejects.toThrow(RangeError);
    const cipher = cheap();
    for (const N of [2 ** 9, 2 ** 19, 1000]) {
      await expect(cipher.keyFor('passphrase', { ...weakFile.kdf, N })).rejects.toThrow(RangeError);
    }
    await expect(cipher.keyFor('passphrase', { ...weakFile.kdf, salt: 'AAAA' })).rejects.toThrow(/salt/);
  });

  it('treats a passphrase the same in composed and decomposed Unicode', async () => {
    const cipher = cheap();
    const sealed = cipher.seal(await cipher.newKey('d\u00e9j\u00e0 vu'), secret, CONTEXT);
    const key = await cipher.keyFor('d\u00e9j\u00e0 vu'.normalize('NFD'), sealed.kdf);
    expect(cipher.open(key, sealed, CONTEXT)).toEqual(secret);
  });

  it('refuses the test-only work factor in production or outside the test suite', () => {
    vi.stubEnv('NODE_ENV', 'production');
    expect(cheap).toThrow(/outside the test suite/);
    vi.unstubAllEnvs();
    vi.stubEnv('VITEST', '');
    expect(cheap).toThrow(/outside the test suite/);
  });

  it('accepts only a power of two below the real cost as the test-only work factor', () => {
    for (const cost of [SCRYPT_COST, 2 ** 20, 1000, 2]) {
      expect(() => createPassphraseCipher({ dangerousTestOnlyScryptCost: cost })).toThrow(RangeError);
    }
  });
});
