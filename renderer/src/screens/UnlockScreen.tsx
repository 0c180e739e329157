// Start-up on a device whose keys are protected by a passphrase (no OS keychain): ask for it to unlock them.
import { useState, type SubmitEvent } from 'react';
import { useAppStore } from '../state/use-app-store';
import { ErrorAlert } from './ErrorAlert';

export const UnlockScreen = () => {
  const [passphrase, setPassphrase] = useState('');
  const unlocking = useAppStore((state) => state.phase === 'unlocking');
  const error = useAppStore((state) => state.error);
  const unlock = useAppStore((state) => state.unlock);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (passphrase) {
      void unlock(passphrase);
    }
  };

  return (
    <main className="center">
      <form className="card onboarding" onSubmit={submit}>
        <h1>Unlock Parley</h1>
        <p className="muted">This device keeps your identity keys under your passphrase.</p>
        <label htmlFor="unlock-passphrase">Passphrase</label>
        <input
          id="unlock-passphrase"
          type="password"
          autoFocus
          autoComplete="current-password"
          value={passphrase}
          disabled={unlocking}
          onChange={(event) => setPassphrase(event.target.value)}
        />
        <button type="submit" disabled={unlocking || !passphrase}>
          {unlocking ? 'Unlocking…' : 'Unlock'}
        </button>
        <ErrorAlert message={error} />
      </form>
    </main>
  );
};
