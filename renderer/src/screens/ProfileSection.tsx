// Profile: the display name (editable: contacts are told the new one) and the peer ID (which never changes).
import { useState, type SubmitEvent } from 'react';
import { useAppStore } from '../state/use-app-store';

const announcedTo = (count: number): string =>
  count === 0
    ? 'Saved. Contacts you add from now on will see it.'
    : `Saved. ${count === 1 ? 'Your contact sees' : `Your ${String(count)} contacts see`} it once they are online.`;

export const ProfileSection = ({ displayName, peerId }: { displayName: string; peerId: string }) => {
  const renameIdentity = useAppStore((state) => state.renameIdentity);
  const [name, setName] = useState(displayName);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ readonly text: string; readonly error: boolean } | null>(null);
  const unchanged = name.trim() === displayName;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      const outcome = await renameIdentity(name);
      if (outcome.ok) {
        setName(outcome.displayName);
        setStatus({ text: announcedTo(outcome.announced), error: false });
      } else {
        setStatus({ text: outcome.error, error: true });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="settings-section" aria-labelledby="settings-profile">
      <h2 id="settings-profile">Profile</h2>
      <form className="profile-form" onSubmit={(event) => void submit(event)}>
        <label htmlFor="profile-display-name">Display name</label>
        <div className="copy-row">
          <input
            id="profile-display-name"
            autoComplete="nickname"
            maxLength={64}
            value={name}
            disabled={busy}
            aria-describedby="profile-display-name-hint"
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" disabled={busy || unchanged}>
            Save name
          </button>
        </div>
        <p id="profile-display-name-hint" className="small muted">
          What your contacts see. Changing it tells each of them.
        </p>
        <p className={status?.error ? 'small error' : 'small'} role="status" data-testid="profile-status">
          {status?.text}
        </p>
      </form>
      <dl className="facts">
        <dt>Peer ID</dt>
        <dd className="mono">{peerId}</dd>
      </dl>
    </section>
  );
};
