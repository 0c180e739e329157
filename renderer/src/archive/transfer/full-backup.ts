// The full backup in the page: made from the host's identity backup and this identity's archive, and opened
// for a restore with everything checked first — the passphrase, the file's integrity, and the archive validated
// whole by the archive import — so a restore that fails changes nothing.
import {
  openBackupBundle,
  sealBackupBundle,
  type BackupBundleOptions,
} from '../../../../shared/backup/backup-bundle';
import type { HostApi } from '../../../../shared/host/host-contract';
import type { IdentityCryptoPort } from '../../../../shared/identity/identity-crypto-port';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { ok, type Result } from '../../../../shared/result';
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

/** Identity (encrypted by the host) and the whole archive, under one passphrase. */
export const createFullBackup = async (
  deps: { readonly host: HostApi; readonly archive: ArchiveDb; readonly owner: PeerId },
  passphrase: string,
  now: number,
  options: BackupBundleOptions = {},
): Promise<Result<FullBackupFile>> => {
  const identity = await deps.host.exportIdentityBackup({ passphrase });
  if (!identity.ok) {
    return identity;
  }
  const archive = await exportArchive(deps.archive, deps.owner, now);
  const text = await sealBackupBundle(
    pageCrypto(),
    streamGzip,
    {
      identityBackup: identity.value.backup,
      archiveJson: JSON.stringify(archive),
      createdAt: now,
      passphrase,
    },
    options,
  );
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
