// The signaling server a new identity will use, shown so it can be confirmed or changed before the first sign-in.
import { useState, type SubmitEvent } from 'react';
import { ChosenSignalingUrlSchema } from '../../../shared/settings/settings-schema';
import { useAppStore } from '../state/use-app-store';

export const SignalingServerField = () => {
  const current = useAppStore((state) => state.settings?.signalingUrl);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const [draft, setDraft] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (current === undefined) {
    return null;
  }
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = ChosenSignalingUrlSchema.safeParse((draft ?? current).trim());
    if (!parsed.success) {
      setMessage('Enter a ws:// or wss:// address with a host name or an IPv4 address.');
      return;
    }
    const problem = await updateSettings({ signalingUrl: parsed.data });
    setMessage(problem ?? 'Saved.');
    setDraft(null);
  };
  return (
    <details className="signaling-choice">
      <summary>Signaling server: {current}</summary>
      <form className="copy-row" onSubmit={(event) => void submit(event)}>
        <input
          aria-label="Signaling server address"
          value={draft ?? current}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit">Use</button>
      </form>
      <p className="small muted" aria-live="polite">
        {message ?? 'Your organisation may run its own; the server never sees what you write.'}
      </p>
    </details>
  );
};
