// The full backup in the page: made from the host's identity backup and this identity's archive, and opened
// for a restore with everything checked first — the passphrase, the file's integrity, and the archive validated
// whole by the archive import — so a restore that fails changes nothing.
import {
  MAX_ARCHIVE_BYTES,
  MAX_BUNDLE_CHARS,
  openBackupBundle,
  sealBackupBundle,
  type BackupBundleOptions,
} from '../../../../shared/backup/backup-bundle';
import type { HostApi } from '../../../../shared/host/host-contract';
import type { IdentityCryptoPort } from '../../../../shared/identity/identity-crypto-port';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { fail, ok, type Result } from '../../../../shared/result';
import type { ArchiveDb } from '../archive-db';
import { exportArchive } from './archive-export';
import { parseArchiveFile, type ArchiveFileInput } from './archive-import';
import { streamGzip } from './gzip-streams';

export const FULL_BACKUP_EXTENSION = '.parley';

export interface FullBackupFile {
  readonly name: string;
  readonly type: string;
  readonly text: string;
}

export interface OpenedFullBackup {
  readonly peerId: PeerId;
  /** For the host's restoreIdentityBackup, with the same passphrase. */
  readonly identityBackup: string;
  /** Validated: importArchive merges it as it is. */
  readonly archive: ArchiveFileInput;
}

// The page's WebCrypto has PBKDF2 and HKDF; the DOM's typings differ from the port only in spelling.
const pageCrypto = (): IdentityCryptoPort => globalThis.crypto as unknown as IdentityCryptoPort;

export const fullBackupName = (now: number): string =>
  `parley-backup-${new Date(now).toISOString().slice(0, 10)}${FULL_BACKUP_EXTENSION}`;

/** What a restore accepts (backup-bundle.ts); a backup past either could never be restored, so it is not made. */
export interface FullBackupLimits {
  readonly archiveBytes: number;
  readonly bundleChars: number;
}
const RESTORABLE: FullBackupLimits = { archiveBytes: MAX_ARCHIVE_BYTES, bundleChars: MAX_BUNDLE_CHARS };

const tooLarge = () =>
  fail(
    'BACKUP_TOO_LARGE',
    'this archive is too large for one backup file; export the archive instead, or let retention trim it first',
  );

/** Identity (encrypted by the host) and the whole archive, under one passphrase. */
export const createFullBackup = async (
  deps: { readonly host: HostApi; readonly archive: ArchiveDb; readonly owner: PeerId },
  passphrase: string,
  now: number,
  options: BackupBundleOptions = {},
  limits: FullBackupLimits = RESTORABLE,
): Promise<Result<FullBackupFile>> => {
  const identity = await deps.host.exportIdentityBackup({ passphrase });
  if (!identity.ok) {
    return identity;
  }
  const archiveJson = JSON.stringify(await exportArchive(deps.archive, deps.owner, now));
  // UTF-8 bytes, which a restore counts once unpacked (text in most scripts takes 2 to 4 bytes a character).
  if (new Blob([archiveJson]).size > limits.archiveBytes) {
    return tooLarge();
  }
  const text = await sealBackupBundle(
    pageCrypto(),
    streamGzip,
    { identityBackup: identity.value.backup, archiveJson, createdAt: now, passphrase },
    options,
  );
  if (text.length > limits.bundleChars) {
    return tooLarge();
  }
  return ok({ name: fullBackupName(now), type: 'application/octet-stream', text });
};

/**
 * Decrypts and validates a full backup without changing anything: BACKUP_WRONG_PASSPHRASE, BACKUP_INVALID, or
 * ARCHIVE_INVALID when the archive inside would be refused by the import.
 */
export const openFullBackup = async (
  text: string,
  passphrase: string,
  options: BackupBundleOptions = {},
): Promise<Result<OpenedFullBackup>> => {
  const opened = await openBackupBundle(pageCrypto(), streamGzip, text, passphrase, options);
  if (!opened.ok) {
    return opened;
  }
  const archive = parseArchiveFile(opened.value.archiveJson, opened.value.peerId);
  if (!archive.ok) {
    return archive;
  }
  return ok({
    peerId: opened.value.peerId,
    identityBackup: opened.value.identityBackup,
    archive: archive.value,
  });
};
