// First run: pick a display name and create the identity key pair.
import { useState, type SubmitEvent } from 'react';
import { useAppStore } from '../state/use-app-store';

export const OnboardingScreen = () => {
  const [name, setName] = useState('');
  const creating = useAppStore((state) => state.phase === 'creating');
  const error = useAppStore((state) => state.error);
  const createIdentity = useAppStore((state) => state.createIdentity);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (name.trim()) {
      void createIdentity(name.trim());
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
        <button type="submit" disabled={creating || !name.trim()}>
          {creating ? 'Creating your keys…' : 'Create my identity'}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
};
