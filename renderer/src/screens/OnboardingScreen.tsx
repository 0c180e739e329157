// First run: pick a display name and create the identity key pair.
import { useState, type SubmitEvent } from 'react';
import { useAppStore } from '../state/use-app-store';
import { ErrorAlert } from './ErrorAlert';

const MIN_PASSPHRASE = 8;

export const OnboardingScreen = () => {
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  // Without an OS keychain the keys are encrypted under a passphrase the user chooses now.
  const needsPassphrase = useAppStore((state) => state.keyProtection === 'passphrase');
  const creating = useAppStore((state) => state.phase === 'creating');
  const error = useAppStore((state) => state.error);
  const createIdentity = useAppStore((state) => state.createIdentity);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (name.trim() && (!needsPassphrase || passphrase.length >= MIN_PASSPHRASE)) {
      void createIdentity(name.trim(), needsPassphrase ? passphrase : undefined);
    }
  };

  return (
    <main className="center">
      <form className="card onboarding" onSubmit={submit}>
        <h1>Welcome to Parley</h1>
        <p className="muted">
          Private conversations, straight from your device to theirs. Your keys never leave this device.
        </p>
        <label htmlFor="display-name">Your name</label>
        <input
          id="display-name"
          value={name}
          maxLength={64}
          autoFocus
          disabled={creating}
          onChange={(event) => setName(event.target.value)}
          placeholder="How contacts will see you"
        />
        {needsPassphrase && (
          <>
            <label htmlFor="new-passphrase">Passphrase to protect your keys on this device</label>
            <input
              id="new-passphrase"
              type="password"
              autoComplete="new-password"
              minLength={MIN_PASSPHRASE}
              value={passphrase}
              disabled={creating}
              onChange={(event) => setPassphrase(event.target.value)}
              placeholder={`At least ${MIN_PASSPHRASE} characters`}
            />
          </>
        )}
        <button
          type="submit"
          disabled={creating || !name.trim() || (needsPassphrase && passphrase.length < MIN_PASSPHRASE)}
        >
          {creating ? 'Creating your keys…' : 'Create my identity'}
        </button>
        <ErrorAlert message={error} />
      </form>
    </main>
  );
};
