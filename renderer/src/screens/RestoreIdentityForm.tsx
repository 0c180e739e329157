// Restore: the backup file saved from Settings, and the passphrase chosen then. A wrong passphrase or a damaged
// file is refused with the reason and changes nothing.
import { useState, type SubmitEvent } from 'react';
import { useAppStore } from '../state/use-app-store';
import { MIN_PASSPHRASE } from './CreateIdentityForm';

/** Larger files are not Parley backups (the host's limit is the same order). */
const MAX_BACKUP_BYTES = 64 * 1024;

export const RestoreIdentityForm = () => {
  const [backup, setBackup] = useState<string | null>(null);
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
    if (file.size > MAX_BACKUP_BYTES) {
      setFileProblem('That file is too large to be a Parley backup.');
      return;
    }
    setFileProblem(null);
    setBackup(await file.text());
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
        accept=".txt,text/plain"
        disabled={restoring}
        onChange={(event) => void chooseFile(event.target.files?.[0])}
      />
      {fileProblem && (
        <p className="error small" role="alert">
          {fileProblem}
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
        {restoring ? 'Restoring…' : 'Restore my identity'}
      </button>
    </form>
  );
};
