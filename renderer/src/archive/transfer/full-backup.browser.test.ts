// The full backup on Chromium (its WebCrypto, CompressionStream and IndexedDB): an archive backed up and restored
// into a fresh database exports the same again; what opening refuses — a wrong passphrase, another identity's
// archive, a gzip bomb — is refused with its code before any database is touched.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostApi } from '../../../../shared/host/host-contract';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import { ok } from '../../../../shared/result';
import { type ArchiveDb, type MessageRecord } from '../archive-db';
import { recordOf } from '../message-batches';
import { exportArchive } from './archive-export';
import { importArchive } from './archive-import';
import { createFullBackup, fullBackupName, openFullBackup } from './full-backup';
import { streamGzip } from './gzip-streams';
import { scratchDatabases } from '../testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const PASSPHRASE = 'correct horse battery staple';
const cheap = { dangerousTestOnlyIterations: 1_000 } as const;
const scratch = scratchDatabases('full-backup', 'all tests');

/** The host's side, as far as a full backup needs it: an identity backup naming `owner` (keys not needed here). */
const hostFor = (owner: PeerId, calls: string[] = []): HostApi =>
  ({
    exportIdentityBackup: ({ passphrase }: { passphrase: string }) => {
      calls.push(passphrase);
      return Promise.resolve(
        ok({ backup: JSON.stringify({ format: 'parley-identity-backup', v: 1, peerId: owner }, null, 2) }),
      );
    },
  }) as unknown as HostApi;

const fill = async (db: ArchiveDb, texts: readonly { readonly text: string; readonly out: boolean }[]) => {
  const records: MessageRecord[] = texts.map(({ text, out }, n) => {
    const message = out ? textMessage(n, ME, BOB, n + 1, text) : textMessage(n, BOB, ME, n + 1, text);
    return out
      ? { ...recordOf(message, BOB), direction: 'out' }
      : { ...recordOf(message, BOB), direction: 'in', receivedAt: message.sentAt + 5, request: 0, unread: 1 };
  });
  await db.messages.bulkAdd(records);
  await db.statuses.bulkAdd(
    records.flatMap((record) =>
      record.direction === 'out' ? [{ id: record.id, status: 'read' as const }] : [],
    ),
  );
  await db.contacts.add({ peer: BOB, state: 'accepted', displayName: 'Bob' });
};

const withoutTime = <T extends { exportedAt: number }>({ exportedAt: _time, ...rest }: T) => rest;

describe('full backup', () => {
  it('restores any archive into a fresh database without loss', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ text: fc.string({ minLength: 1, maxLength: 200 }), out: fc.boolean() }), {
          minLength: 1,
          maxLength: 60,
        }),
        async (texts) => {
          const source = await scratch.archive();
          const target = await scratch.archive();
          try {
            await fill(source, texts);
            const calls: string[] = [];
            const made = await createFullBackup(
              { host: hostFor(ME, calls), archive: source, owner: ME },
              PASSPHRASE,
              Date.UTC(2025, 0, 2),
              cheap,
            );
            if (!made.ok) {
              throw new Error(made.error.message);
            }
            // The identity part is encrypted by the host under the same passphrase.
            expect(calls).toEqual([PASSPHRASE]);
            expect(made.value.name).toBe('parley-backup-2025-01-02.parley');
            const opened = await openFullBackup(made.value.text, PASSPHRASE, cheap);
            if (!opened.ok) {
              throw new Error(opened.error.message);
            }
            expect(opened.value.peerId).toBe(ME);
            // As the app restores one (start-messaging.ts): the backup is the user's own.
            await importArchive(target, opened.value.archive, Date.now(), { trusted: true });
            expect(withoutTime(await exportArchive(target, ME, 1))).toEqual(
              withoutTime(await exportArchive(source, ME, 1)),
            );
          } finally {
            source.close();
            target.close();
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('refuses a wrong passphrase, and another identity’s archive, before anything is restored', async () => {
    const source = await scratch.archive();
    await fill(source, [{ text: 'hello', out: true }]);
    const made = await createFullBackup(
      { host: hostFor(ME), archive: source, owner: ME },
      PASSPHRASE,
      1,
      cheap,
    );
    const stranger = await createFullBackup(
      { host: hostFor(BOB), archive: source, owner: ME },
      PASSPHRASE,
      1,
      cheap,
    );
    source.close();
    if (!made.ok || !stranger.ok) {
      throw new Error('the backups were not made');
    }
    expect(await openFullBackup(made.value.text, 'not the passphrase', cheap)).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_WRONG_PASSPHRASE' },
    });
    expect(await openFullBackup(stranger.value.text, PASSPHRASE, cheap)).toMatchObject({
      ok: false,
      error: { code: 'ARCHIVE_INVALID', message: 'this archive belongs to another identity' },
    });
  });

  it('refuses to make a backup that a restore would refuse as too large', async () => {
    const source = await scratch.archive();
    // Two bytes a character in UTF-8: what a restore counts is the bytes, not the characters.
    await fill(source, [{ text: 'п'.repeat(3_000), out: true }]);
    const deps = { host: hostFor(ME), archive: source, owner: ME };
    const fits = await createFullBackup(deps, PASSPHRASE, 1, cheap, {
      archiveBytes: 8_000,
      bundleChars: 1e6,
    });
    const past = await createFullBackup(deps, PASSPHRASE, 1, cheap, {
      archiveBytes: 5_000,
      bundleChars: 1e6,
    });
    const bundlePast = await createFullBackup(deps, PASSPHRASE, 1, cheap, {
      archiveBytes: 8_000,
      bundleChars: 100,
    });
    source.close();
    expect(fits.ok).toBe(true);
    expect(past).toMatchObject({ ok: false, error: { code: 'BACKUP_TOO_LARGE' } });
    expect(bundlePast).toMatchObject({ ok: false, error: { code: 'BACKUP_TOO_LARGE' } });
  });

  it('makes and opens a file at the full PBKDF2 count in the page', async () => {
    const source = await scratch.archive();
    const made = await createFullBackup({ host: hostFor(ME), archive: source, owner: ME }, PASSPHRASE, 1);
    source.close();
    if (!made.ok) {
      throw new Error(made.error.message);
    }
    expect(JSON.parse(made.value.text)).toMatchObject({ archive: { kdf: { iterations: 600_000 } } });
    expect(await openFullBackup(made.value.text, PASSPHRASE)).toMatchObject({ ok: true });
    expect(fullBackupName(Date.UTC(2030, 11, 31, 23))).toBe('parley-backup-2030-12-31.parley');
  });

  it('gunzips with a limit: a bomb and data that is not gzip give null', async () => {
    const zeros = await streamGzip.gzip(new Uint8Array(4_000_000));
    expect(zeros.length).toBeLessThan(10_000);
    expect(await streamGzip.gunzip(zeros, 1_000_000)).toBeNull();
    expect((await streamGzip.gunzip(zeros, 4_000_000))?.length).toBe(4_000_000);
    expect(await streamGzip.gunzip(new Uint8Array([1, 2, 3, 4]), 100)).toBeNull();
    expect(await streamGzip.gunzip(zeros.subarray(0, zeros.length - 4), 4_000_000)).toBeNull();
  });
});
