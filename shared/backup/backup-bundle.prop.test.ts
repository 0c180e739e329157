// Properties of the full backup file: any archive text and passphrase round-trip; any change to the file, or any
// text at all that is not one, is refused with a code and never throws nor yields other content.
import { webcrypto } from 'node:crypto';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IdentityCryptoPort } from '../identity/identity-crypto-port';
import { createZlibGzipPort } from '../testing/zlib-gzip-port';
import { openBackupBundle, sealBackupBundle } from './backup-bundle';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const gzip = createZlibGzipPort(zlib);
const cheap = { dangerousTestOnlyIterations: 100 } as const;
const IDENTITY = JSON.stringify({ format: 'parley-identity-backup', v: 1, peerId: 'b'.repeat(32) });
const PASSPHRASE = 'a passphrase for the properties';
const CODES = ['BACKUP_INVALID', 'BACKUP_WRONG_PASSPHRASE'];

const seal = (archiveJson: string, passphrase = PASSPHRASE) =>
  sealBackupBundle(crypto, gzip, { identityBackup: IDENTITY, archiveJson, createdAt: 5, passphrase }, cheap);

describe('full backup file (properties)', () => {
  it('round-trips any archive text under any passphrase', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 2_000 }),
        fc.string({ minLength: 1 }),
        async (archive, passphrase) => {
          const opened = await openBackupBundle(
            crypto,
            gzip,
            await seal(archive, passphrase),
            passphrase,
            cheap,
          );
          expect(opened).toEqual({
            ok: true,
            value: { createdAt: 5, peerId: 'b'.repeat(32), identityBackup: IDENTITY, archiveJson: archive },
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses any single changed character with a code, or opens to the very same content', async () => {
    const text = await seal('{"format":"parley-archive","messages":["hello"]}');
    const original = await openBackupBundle(crypto, gzip, text, PASSPHRASE, cheap);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: text.length - 1 }),
        fc.string({ minLength: 1, maxLength: 1 }),
        async (at, replacement) => {
          fc.pre(text[at] !== replacement);
          const changed = `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
          const opened = await openBackupBundle(crypto, gzip, changed, PASSPHRASE, cheap);
          if (opened.ok) {
            // Only a change JSON does not see (an escape spelling the same character) may open.
            expect(opened).toEqual(original);
          } else {
            expect(CODES).toContain(opened.error.code);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a truncated file, whatever its length', async () => {
    const text = await seal('{"messages":[]}');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: text.length - 2 }), async (length) => {
        const opened = await openBackupBundle(crypto, gzip, text.slice(0, length), PASSPHRASE, cheap);
        expect(opened).toMatchObject({ ok: false, error: { code: 'BACKUP_INVALID' } });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses arbitrary JSON and text without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify({ format: 'parley-backup', v: 1, archive: v })),
        ),
        async (text) => {
          const opened = await openBackupBundle(crypto, gzip, text, PASSPHRASE, cheap);
          expect(opened).toMatchObject({ ok: false, error: { code: 'BACKUP_INVALID' } });
        },
      ),
      { numRuns: 300 },
    );
  });
});
