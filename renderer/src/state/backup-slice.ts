// The full backup in the app store: the identity (encrypted by the host) and the whole archive in one file under
// one passphrase. Restoring one is part of onboarding (app-store.ts, restoreIdentity).
import type { HostApi } from '../../../shared/host/host-contract';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from '../archive/archive-db';
import { createFullBackup, type FullBackupFile } from '../archive/transfer/full-backup';

export interface BackupSlice {
  /** The full backup file to save, or the reason there is none. */
  readonly exportFullBackup: (passphrase: string) => Promise<{ file: FullBackupFile } | { error: string }>;
}

export interface BackupSliceContext {
  readonly host: HostApi;
  readonly archive: () => ArchiveDb | null;
  readonly identity: () => { readonly peerId: PeerId } | null;
  readonly now: () => number;
}

export const createBackupSlice = (context: BackupSliceContext): BackupSlice => ({
  async exportFullBackup(passphrase) {
    const archive = context.archive();
    const identity = context.identity();
    if (!archive || !identity) {
      return { error: 'Parley is not ready yet: the archive is still opening.' };
    }
    const made = await createFullBackup(
      { host: context.host, archive, owner: identity.peerId },
      passphrase,
      context.now(),
    );
    return made.ok ? { file: made.value } : { error: made.error.message };
  },
});
