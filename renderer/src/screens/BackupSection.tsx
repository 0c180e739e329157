// Backup: one passphrase chosen here, then either everything (identity and messages, the full backup file) or the
// identity alone, saved as a file. With it and the passphrase, Parley can be restored on a new device; without
// it, losing this device loses the identity.
import { useState, type SubmitEvent } from 'react';
import { useAppStore } from '../state/use-app-store';
import { MIN_PASSPHRASE } from './CreateIdentityForm';
import { saveFile } from './save-file';

type BackupKind = 'everything' | 'identity';

export const BackupSection = () => {
  const exportBackup = useAppStore((state) => state.exportBackup);
  const exportFullBackup = useAppStore((state) => state.exportFullBackup);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  /** The file for the chosen kind, or the reason there is none. */
  const make = async (kind: BackupKind) => {
    if (kind === 'everything') {
      return exportFullBackup(passphrase);
    }
    const exported = await exportBackup(passphrase);
    return 'error' in exported
      ? exported
      : { file: { name: 'parley-identity-backup.txt', type: 'text/plain', text: exported.backup } };
  };

  const save = async (kind: BackupKind) => {
    if (passphrase.length < MIN_PASSPHRASE) {
      setMessage(`Choose a passphrase of at least ${String(MIN_PASSPHRASE)} characters.`);
      return;
    }
    if (passphrase !== repeat) {
      setMessage('The two passphrases differ.');
      return;
    }
    setBusy(true);
    setMessage(
      kind === 'everything' ? 'Encrypting your identity and messages…' : 'Encrypting your identity…',
    );
    try {
      const made = await make(kind);
      if ('error' in made) {
        setMessage(made.error);
        return;
      }
      saveFile(made.file);
      setPassphrase('');
      setRepeat('');
      setMessage(`Saved ${made.file.name}. Keep it and its passphrase apart.`);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void save('everything');
  };

  return (
    <section className="settings-section" aria-labelledby="settings-backup">
      <h2 id="settings-backup">Backup</h2>
      <p className="muted small">
        Your identity and messages, encrypted under a passphrase you choose. With the file and the passphrase,
        Parley restores them on a new device; without them, losing this device loses both.
      </p>
      <form onSubmit={submit}>
        <div className="stack">
          <label>
            Backup passphrase
            <input
              type="password"
              autoComplete="new-password"
              minLength={MIN_PASSPHRASE}
              placeholder={`At least ${String(MIN_PASSPHRASE)} characters`}
              value={passphrase}
              disabled={busy}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          </label>
          <label>
            Repeat the passphrase
            <input
              type="password"
              autoComplete="new-password"
              value={repeat}
              disabled={busy}
              onChange={(e) => setRepeat(e.target.value)}
            />
          </label>
        </div>
        <div className="header-actions form-actions">
          <button type="submit" disabled={busy}>
            Back up everything (identity + messages)
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void save('identity')}>
            Save identity only
          </button>
        </div>
      </form>
      <p className="small muted" role="status" data-testid="backup-status">
        {message}
      </p>
    </section>
  );
};
