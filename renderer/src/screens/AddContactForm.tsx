// Adds a contact from an invite link or a bare peer ID: the app asks for confirmation (InviteConfirmDialog),
// then sends a contact request; they must accept before messages flow.
import { useCallback, useState, type SubmitEvent } from 'react';
import { useAppStore } from '../state/use-app-store';
import { QrScanner } from './QrScanner';

/** The field's element ID, which the new-chat shortcut and menu command focus. */
const ADD_CONTACT_INPUT = 'add-contact-input';

export const focusNewChat = (): void => document.getElementById(ADD_CONTACT_INPUT)?.focus();

export const AddContactForm = () => {
  const openInvite = useAppStore((state) => state.openInvite);
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const scanned = useCallback(
    (text: string) => {
      setScanning(false);
      setInputError(openInvite(text));
    },
    [openInvite],
  );

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const problem = openInvite(input);
    setInputError(problem);
    if (problem === null) {
      setInput('');
    }
  };

  return (
    <>
      <form className="add-contact" onSubmit={submit}>
        <input
          id={ADD_CONTACT_INPUT}
          aria-label="Invite link or peer ID"
          aria-invalid={inputError !== null}
          aria-describedby={inputError ? 'add-contact-error' : undefined}
          data-testid="contact-peer-id"
          placeholder="Paste an invite link or peer ID"
          value={input}
          onChange={(event) => setInput(event.target.value)}
        />
        <button type="submit">Add</button>
        <button
          type="button"
          className="secondary"
          aria-label="Scan a QR code"
          onClick={() => setScanning(true)}
        >
          Scan
        </button>
      </form>
      {scanning && (
        <QrScanner title="Scan an invite code" onResult={scanned} onClose={() => setScanning(false)} />
      )}
      {inputError && (
        <p id="add-contact-error" className="error small" role="alert">
          {inputError}
        </p>
      )}
    </>
  );
};
