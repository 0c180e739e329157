// Adds a contact by peer ID: sends them a contact request (they must accept before messages flow).
import { useState, type SubmitEvent } from 'react';
import { PeerIdSchema } from '../../../shared/identity/peer-id';
import { useAppStore } from '../state/use-app-store';

export const AddContactForm = () => {
  const addContact = useAppStore((state) => state.addContact);
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = PeerIdSchema.safeParse(input.trim().toLowerCase());
    if (!parsed.success) {
      setInputError('A peer ID is 32 letters and digits (a–z, 2–7).');
      return;
    }
    setInputError(null);
    setInput('');
    void addContact(parsed.data);
  };

  return (
    <>
      <form className="add-contact" onSubmit={submit}>
        <input
          aria-label="Contact's peer ID"
          data-testid="contact-peer-id"
          placeholder="Paste a contact's peer ID"
          value={input}
          onChange={(event) => setInput(event.target.value)}
        />
        <button type="submit">Add</button>
      </form>
      {inputError && <p className="error small">{inputError}</p>}
    </>
  );
};
