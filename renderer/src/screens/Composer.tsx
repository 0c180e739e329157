// Writing a message: Enter sends, Shift+Enter adds a line; typing tells the contact (ephemeral, never stored).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useAppStore } from '../state/use-app-store';

/** After this long without a keystroke the contact is told typing stopped. */
const TYPING_IDLE_MS = 3_000;

export const Composer = ({ enabled, placeholder }: { enabled: boolean; placeholder: string }) => {
  const sendText = useAppStore((state) => state.sendText);
  const setTyping = useAppStore((state) => state.setTyping);
  const [draft, setDraft] = useState('');
  const idleTimer = useRef<number | null>(null);

  const stopTyping = () => {
    if (idleTimer.current !== null) {
      window.clearTimeout(idleTimer.current);
      idleTimer.current = null;
      setTyping(false);
    }
  };
  useEffect(() => stopTyping, []); // eslint-disable-line react-hooks/exhaustive-deps -- on unmount only

  const onChange = (text: string) => {
    setDraft(text);
    if (idleTimer.current === null) {
      setTyping(true);
    } else {
      window.clearTimeout(idleTimer.current);
    }
    idleTimer.current = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey) {
      return;
    }
    event.preventDefault();
    const text = draft;
    if (!text.trim()) {
      return;
    }
    stopTyping();
    void sendText(text).then((sent) => {
      if (sent) {
        setDraft((current) => (current === text ? '' : current));
      }
    });
  };

  return (
    <textarea
      className="composer"
      aria-label="Message"
      data-testid="composer"
      placeholder={placeholder}
      disabled={!enabled}
      value={draft}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={onKeyDown}
      rows={2}
    />
  );
};
