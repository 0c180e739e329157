// Writing a message: Enter (or the Send button) sends, Shift+Enter adds a line; the draft is kept per
// conversation; a reply shows what it answers; typing tells the contact (ephemeral, never stored).
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import { useAppStore } from '../state/use-app-store';
import { useClock } from './clock-context';
import { SendIcon } from './SendIcon';
import { useExpiryNow } from './use-expiry-now';

/** After this long without a keystroke the contact is told typing stopped. */
const TYPING_IDLE_MS = 3_000;

export const Composer = (props: {
  readonly peer: PeerId;
  readonly name: string;
  readonly enabled: boolean;
  readonly placeholder: string;
}) => {
  const { peer } = props;
  const sendText = useAppStore((state) => state.sendText);
  const setTyping = useAppStore((state) => state.setTyping);
  const draft = useAppStore((state) => state.drafts[peer] ?? '');
  const setDraft = useAppStore((state) => state.setDraft);
  const replyingTo = useAppStore((state) => state.replyingTo[peer]);
  const cancelReply = useAppStore((state) => state.cancelReply);
  // The message being replied to may leave while the reply is written: deleted (for me, or by its sender for
  // everyone), purged, or expired. Its text then leaves the reply bar, as it leaves the list's quotes.
  const archive = useAppStore((state) => state.archive);
  const quotedId = replyingTo?.id;
  const quotedStored =
    useLiveQuery(
      async () =>
        quotedId === undefined || !archive
          ? true
          : (await archive.messages.where('id').equals(quotedId).count()) > 0,
      [archive, quotedId],
    ) ?? true;
  const now = useExpiryNow([replyingTo?.expiresAt], useClock());
  const quotedText =
    !quotedStored || (replyingTo?.expiresAt !== undefined && replyingTo.expiresAt <= now)
      ? 'A message that is no longer here'
      : replyingTo?.text;
  const input = useRef<HTMLTextAreaElement>(null);
  const idleTimer = useRef<number | null>(null);

  const stopTyping = () => {
    if (idleTimer.current !== null) {
      window.clearTimeout(idleTimer.current);
      idleTimer.current = null;
      setTyping(peer, false);
    }
  };
  useEffect(() => stopTyping, []); // eslint-disable-line react-hooks/exhaustive-deps -- on unmount only
  // A kept draft is continued where it ends, not typed in front of.
  useEffect(() => {
    const end = input.current?.value.length ?? 0;
    input.current?.setSelectionRange(end, end);
  }, [peer]);
  useEffect(() => {
    if (replyingTo) {
      input.current?.focus();
    }
  }, [replyingTo]);

  const onChange = (text: string) => {
    setDraft(peer, text);
    if (idleTimer.current === null) {
      setTyping(peer, true);
    } else {
      window.clearTimeout(idleTimer.current);
    }
    idleTimer.current = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape' && replyingTo) {
      cancelReply(peer);
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) {
      return;
    }
    event.preventDefault();
    send();
  };

  const canSend = props.enabled && draft.trim() !== '';
  const send = () => {
    if (!canSend) {
      return;
    }
    stopTyping();
    void sendText(draft);
    input.current?.focus();
  };

  return (
    <div className="composer-area">
      {replyingTo && (
        <div className="replying" data-testid="replying-to">
          <span className="quote">
            <strong>Replying to {replyingTo.fromMe ? 'yourself' : props.name}</strong>
            <span>{quotedText}</span>
          </span>
          <button className="icon-button" aria-label="Cancel reply" onClick={() => cancelReply(peer)}>
            ×
          </button>
        </div>
      )}
      <div className="composer-row">
        <textarea
          ref={input}
          className="composer"
          aria-label="Message"
          data-testid="composer"
          placeholder={props.placeholder}
          disabled={!props.enabled}
          value={draft}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onKeyDown}
          rows={2}
        />
        <button
          className="send-button"
          aria-label="Send"
          title="Send (Enter)"
          data-testid="send"
          disabled={!canSend}
          onClick={send}
        >
          <SendIcon />
        </button>
      </div>
    </div>
  );
};
