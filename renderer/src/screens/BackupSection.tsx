// Identity backup: the keys, encrypted under a passphrase chosen here, saved as a file. With it (and the
// passphrase) the identity can be restored on a new device; without it, losing this device loses the identity.
import { useState, type SubmitEvent } from 'react';
import { useAppStore } from '../state/use-app-store';
import { saveFile } from './save-file';

const MIN_PASSPHRASE = 8;

export const BackupSection = () => {
  const exportBackup = useAppStore((state) => state.exportBackup);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (passphrase.length < MIN_PASSPHRASE) {
      setMessage(`Choose a passphrase of at least ${String(MIN_PASSPHRASE)} characters.`);
      return;
    }
    if (passphrase !== repeat) {
      setMessage('The two passphrases differ.');
      return;
    }
    const exported = await exportBackup(passphrase);
    if ('error' in exported) {
      setMessage(exported.error);
      return;
    }
    saveFile({ name: 'parley-identity-backup.txt', type: 'text/plain', text: exported.backup });
    setPassphrase('');
    setRepeat('');
    setMessage('Backup saved. Keep it and its passphrase apart.');
  };

  return (
    <section className="settings-section" aria-labelledby="settings-backup">
      <h2 id="settings-backup">Identity backup</h2>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <label>
          Backup passphrase
          <input
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
        </label>
        <label>
          Repeat the passphrase
          <input
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </label>
        <button type="submit">Save backup file</button>
      </form>
      <p className="small muted" aria-live="polite">
        {message}
      </p>
    </section>
  );
};
