// The full backup file: what it holds, what it is bound to, and every way a file is refused with a code.
import { webcrypto } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../encoding/bytes';
import type { IdentityCryptoPort } from '../identity/identity-crypto-port';
import { createZlibGzipPort } from '../testing/zlib-gzip-port';
import {
  BUNDLE_PBKDF2_ITERATIONS,
  isBackupBundle,
  openBackupBundle,
  sealBackupBundle,
  type BackupBundle,
  type GzipPort,
} from './backup-bundle';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const gzip = createZlibGzipPort(zlib);
const cheap = { dangerousTestOnlyIterations: 1_000 } as const;
const PASSPHRASE = 'correct horse battery staple';
const PEER = 'a'.repeat(32);
const IDENTITY = `${JSON.stringify(
  { format: 'parley-identity-backup', v: 1, peerId: PEER, displayName: 'Alice', signingKey: '…' },
  null,
  2,
)}\n`;
const ARCHIVE = JSON.stringify({ format: 'parley-archive', version: 1, owner: PEER, messages: ['café ☕'] });

const seal = (overrides: { archiveJson?: string; passphrase?: string } = {}) =>
  sealBackupBundle(
    crypto,
    gzip,
    {
      identityBackup: IDENTITY,
      archiveJson: overrides.archiveJson ?? ARCHIVE,
      createdAt: 1_720_000_000_000,
      passphrase: overrides.passphrase ?? PASSPHRASE,
    },
    cheap,
  );
const open = (text: string, passphrase = PASSPHRASE) =>
  openBackupBundle(crypto, gzip, text, passphrase, cheap);
const edit = (text: string, change: (bundle: BackupBundle) => void): string => {
  const bundle = JSON.parse(text) as BackupBundle;
  change(bundle);
  return JSON.stringify(bundle);
};

describe('full backup file', () => {
  it('opens to the identity backup as the host wrote it and the archive text, under the same passphrase', async () => {
    const text = await seal();
    expect(await open(text)).toEqual({
      ok: true,
      value: { createdAt: 1_720_000_000_000, peerId: PEER, identityBackup: IDENTITY, archiveJson: ARCHIVE },
    });
  });

  it('records its format, version and every parameter, and keeps the archive out of sight', async () => {
    const text = await seal();
    const bundle = JSON.parse(text) as BackupBundle;
    expect(bundle).toMatchObject({
      format: 'parley-backup',
      v: 1,
      archive: {
        kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 1_000 },
        cipher: { name: 'AES-256-GCM' },
        compression: 'gzip',
      },
    });
    expect(base64ToBytes(bundle.archive.kdf.salt)).toHaveLength(16);
    expect(base64ToBytes(bundle.archive.cipher.iv)).toHaveLength(12);
    expect(text).not.toContain('café');
    // Fresh salt and IV every time.
    const again = JSON.parse(await seal()) as BackupBundle;
    expect(again.archive.kdf.salt).not.toBe(bundle.archive.kdf.salt);
    expect(again.archive.cipher.iv).not.toBe(bundle.archive.cipher.iv);
  });

  it('is told apart from an identity backup by its content', async () => {
    expect(isBackupBundle(await seal())).toBe(true);
    expect(isBackupBundle(` \n{ "format" : "parley-backup", "v": 1 }`)).toBe(true);
    expect(isBackupBundle(IDENTITY)).toBe(false);
    expect(isBackupBundle('not json')).toBe(false);
  });

  it('refuses a wrong passphrase with its own code', async () => {
    const text = await seal();
    expect(await open(text, 'not the passphrase')).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_WRONG_PASSPHRASE' },
    });
    // NFC and NFD spell the same passphrase.
    const accented = await seal({ passphrase: 'cr\u00e8me br\u00fbl\u00e9e' });
    expect(await open(accented, 'cre\u0300me bru\u0302le\u0301e')).toMatchObject({ ok: true });
  });

  it.each([
    [
      'a flipped ciphertext byte',
      (b: BackupBundle) => {
        const data = base64ToBytes(b.archive.data);
        data[5] = (data[5] ?? 0) ^ 1;
        b.archive.data = bytesToBase64(data);
      },
    ],
    [
      'a cut tag',
      (b: BackupBundle) => {
        b.archive.data = bytesToBase64(base64ToBytes(b.archive.data).subarray(0, -1));
      },
    ],
    [
      'another date',
      (b: BackupBundle) => {
        b.createdAt += 1;
      },
    ],
    [
      'another IV',
      (b: BackupBundle) => {
        b.archive.cipher.iv = bytesToBase64(new Uint8Array(12));
      },
    ],
    [
      'a swapped identity part',
      (b: BackupBundle) => {
        b.identity = IDENTITY.replace('Alice', 'Mallory');
      },
    ],
  ])('refuses a file with %s as altered (BACKUP_INVALID)', async (_, change) => {
    expect(await open(edit(await seal(), change))).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_INVALID', message: expect.stringContaining('altered') as unknown },
    });
  });

  it('refuses weakened or excessive PBKDF2 counts before deriving anything', async () => {
    const text = await seal();
    const weakened = edit(text, (b) => {
      b.archive.kdf.iterations = 10;
    });
    expect(await open(weakened)).toMatchObject({ ok: false, error: { code: 'BACKUP_INVALID' } });
    // Without the test knob, even the suite's own count is too low.
    expect(await openBackupBundle(crypto, gzip, text, PASSPHRASE)).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_INVALID', message: expect.stringContaining('600000') as unknown },
    });
    const excessive = edit(text, (b) => {
      b.archive.kdf.iterations = 100_000_000;
    });
    expect(await open(excessive)).toMatchObject({ ok: false, error: { code: 'BACKUP_INVALID' } });
  });

  it.each([
    ['empty text', ''],
    ['not JSON', 'parley'],
    ['a truncated file', '{"format":"parley-backup","v":1,"createdAt":'],
    ['JSON of another kind', '[1,2,3]'],
    ['a later version', JSON.stringify({ format: 'parley-backup', v: 2 })],
    ['an identity backup', IDENTITY],
  ])('refuses %s with BACKUP_INVALID', async (_, text) => {
    expect(await open(text)).toMatchObject({ ok: false, error: { code: 'BACKUP_INVALID' } });
  });

  it('refuses extra fields, a prototype-polluting key and an identity part that is not an identity backup', async () => {
    const text = await seal();
    const extra = edit(text, (b) => {
      Object.assign(b.archive, { note: 'hi' });
    });
    const polluting = text.replace('{"format"', '{"__proto__":{"polluted":true},"format"');
    const notIdentity = edit(text, (b) => {
      b.identity = '{"format":"something-else"}';
    });
    for (const hostile of [extra, polluting, notIdentity]) {
      expect(await open(hostile)).toMatchObject({ ok: false, error: { code: 'BACKUP_INVALID' } });
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses an archive that decompresses past the limit (a gzip bomb) without holding it', async () => {
    const tiny: GzipPort = { ...gzip, gunzip: (data) => gzip.gunzip(data, 10) };
    expect(await openBackupBundle(crypto, tiny, await seal(), PASSPHRASE, cheap)).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_INVALID' },
    });
  });

  it('keeps the test-only iteration count to tests and to counts below the real one', async () => {
    await expect(
      sealBackupBundle(
        crypto,
        gzip,
        { identityBackup: IDENTITY, archiveJson: ARCHIVE, createdAt: 0, passphrase: PASSPHRASE },
        { dangerousTestOnlyIterations: BUNDLE_PBKDF2_ITERATIONS },
      ),
    ).rejects.toThrow(RangeError);
    const vitest = process.env['VITEST'];
    process.env['VITEST'] = 'false';
    try {
      await expect(seal()).rejects.toThrow('refused outside the test suite');
    } finally {
      process.env['VITEST'] = vitest;
    }
  });

  it('uses 600,000 PBKDF2 iterations without the test knob, and opens what it made', async () => {
    const text = await sealBackupBundle(crypto, gzip, {
      identityBackup: IDENTITY,
      archiveJson: ARCHIVE,
      createdAt: 1,
      passphrase: PASSPHRASE,
    });
    expect((JSON.parse(text) as BackupBundle).archive.kdf.iterations).toBe(600_000);
    expect(await openBackupBundle(crypto, gzip, text, PASSPHRASE)).toMatchObject({ ok: true });
  });
});
