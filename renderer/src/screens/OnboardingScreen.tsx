// First run: create an identity (a display name; key generation runs off the UI thread and shows progress), or
// restore one from a backup file with its passphrase. The signaling server can be confirmed or changed here.
import { useState } from 'react';
import { useAppStore } from '../state/use-app-store';
import { CreateIdentityForm } from './CreateIdentityForm';
import { ErrorAlert } from './ErrorAlert';
import { RestoreIdentityForm } from './RestoreIdentityForm';
import { SignalingServerField } from './SignalingServerField';

export const OnboardingScreen = () => {
  const [mode, setMode] = useState<'create' | 'restore'>('create');
  const error = useAppStore((state) => state.error);
  const busy = useAppStore((state) => state.phase === 'creating');
  return (
    <main className="center">
      <div className="card onboarding">
        <h1>Welcome to Parley</h1>
        <p className="muted">
          Private conversations, straight from your device to theirs. Your keys never leave this device.
        </p>
        <div className="tabs" role="tablist" aria-label="How to start">
          <button
            role="tab"
            aria-selected={mode === 'create'}
            className={mode === 'create' ? 'tab active' : 'tab'}
            disabled={busy}
            onClick={() => setMode('create')}
          >
            New identity
          </button>
          <button
            role="tab"
            aria-selected={mode === 'restore'}
            className={mode === 'restore' ? 'tab active' : 'tab'}
            disabled={busy}
            onClick={() => setMode('restore')}
          >
            Restore from a backup
          </button>
        </div>
        {mode === 'create' ? <CreateIdentityForm /> : <RestoreIdentityForm />}
        <SignalingServerField />
        <ErrorAlert message={error} />
      </div>
    </main>
  );
};
