// Restore: a backup file saved from Settings — a full backup (identity and messages) or an identity backup, told
// apart by content — and the passphrase chosen then. A wrong passphrase or a damaged file is refused with the
// reason and changes nothing.
import { useState, type SubmitEvent } from 'react';
import { isBackupBundle, MAX_BUNDLE_CHARS } from '../../../shared/backup/backup-bundle';
import { useAppStore } from '../state/use-app-store';
import { MIN_PASSPHRASE } from './CreateIdentityForm';

/** Larger identity backups are not Parley's (the host's limit is the same order). */
const MAX_IDENTITY_BACKUP_BYTES = 64 * 1024;

export const RestoreIdentityForm = () => {
  const [backup, setBackup] = useState<string | null>(null);
  const full = backup !== null && isBackupBundle(backup);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [vaultPassphrase, setVaultPassphrase] = useState('');
  const needsPassphrase = useAppStore((state) => state.keyProtection === 'passphrase');
  const restoring = useAppStore((state) => state.phase === 'creating');
  const restoreIdentity = useAppStore((state) => state.restoreIdentity);

  const chooseFile = async (file: File | undefined) => {
    setBackup(null);
    if (!file) {
      return;
    }
    if (file.size > MAX_BUNDLE_CHARS) {
      setFileProblem('That file is too large to be a Parley backup.');
      return;
    }
    const text = await file.text();
    if (!isBackupBundle(text) && file.size > MAX_IDENTITY_BACKUP_BYTES) {
      setFileProblem('That file is not a Parley backup.');
      return;
    }
    setFileProblem(null);
    setBackup(text);
  };

  const ready =
    backup !== null && passphrase !== '' && (!needsPassphrase || vaultPassphrase.length >= MIN_PASSPHRASE);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (ready) {
      void restoreIdentity(backup, passphrase, needsPassphrase ? vaultPassphrase : undefined);
    }
  };

  return (
    <form className="stack wide" onSubmit={submit}>
      <label htmlFor="backup-file">Backup file</label>
      <input
        id="backup-file"
        type="file"
        accept=".parley,.txt,.json,text/plain,application/json"
        disabled={restoring}
        onChange={(event) => void chooseFile(event.target.files?.[0])}
      />
      {fileProblem && (
        <p className="error small" role="alert">
          {fileProblem}
        </p>
      )}
      {backup !== null && (
        <p className="small muted" data-testid="backup-kind">
          {full
            ? 'A full backup: your identity and your messages.'
            : 'An identity backup: your identity, without messages.'}
        </p>
      )}
      <label htmlFor="backup-passphrase">The backup&apos;s passphrase</label>
      <input
        id="backup-passphrase"
        type="password"
        autoComplete="current-password"
        value={passphrase}
        disabled={restoring}
        onChange={(event) => setPassphrase(event.target.value)}
      />
      {needsPassphrase && (
        <>
          <label htmlFor="vault-passphrase">Passphrase to protect your keys on this device</label>
          <input
            id="vault-passphrase"
            type="password"
            autoComplete="new-password"
            value={vaultPassphrase}
            disabled={restoring}
            onChange={(event) => setVaultPassphrase(event.target.value)}
            placeholder={`At least ${String(MIN_PASSPHRASE)} characters`}
          />
        </>
      )}
      <button type="submit" disabled={restoring || !ready}>
        {restoring ? 'Restoring…' : full ? 'Restore my identity and messages' : 'Restore my identity'}
      </button>
    </form>
  );
};
