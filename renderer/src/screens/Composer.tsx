// Writing a message: Enter (or the Send button) sends, Shift+Enter adds a line; the draft is kept per
// conversation; a reply shows what it answers; an edit of our own text shows what it changes (Enter saves, Escape
// cancels, ArrowUp in an empty composer edits our last text); typing tells the contact (ephemeral, never stored).
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageView } from '../archive/conversation-window';
import { useAppStore } from '../state/use-app-store';
import { useClock } from './clock-context';
import { editableAt } from './editable-text';
import { EmojiPickerDialog } from './EmojiPickerDialog';
import { SaveIcon, SendIcon } from './SendIcon';
import { formatMarkerFor, toggleFormat } from './format-shortcuts';
import { plainText } from '../text/text-format';
import { SmileyIcon } from './SmileyIcon';
import { useExpiryNow } from './use-expiry-now';

/** After this long without a keystroke the contact is told typing stopped. */
const TYPING_IDLE_MS = 3_000;
/** How much of the text being edited its bar shows, in UTF-16 units (the bar's width may show less). */
const EDITED_PREVIEW_LENGTH = 160;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The start of `text`, cut between characters (never inside an emoji or an accented letter). */
const shortened = (text: string): string => {
  if (text.length <= EDITED_PREVIEW_LENGTH) {
    return text;
  }
  let end = 0;
  for (const { index } of graphemes.segment(text)) {
    if (index >= EDITED_PREVIEW_LENGTH) {
      break;
    }
    end = index;
  }
  return `${text.slice(0, end)}…`;
};

export const Composer = (props: {
  readonly peer: PeerId;
  readonly name: string;
  readonly enabled: boolean;
  readonly placeholder: string;
  /** Our last text in the conversation: ArrowUp in an empty composer edits it, while it can be edited. */
  readonly lastOwnText?: MessageView | undefined;
}) => {
  const { peer } = props;
  const sendText = useAppStore((state) => state.sendText);
  const setTyping = useAppStore((state) => state.setTyping);
  const draft = useAppStore((state) => state.drafts[peer] ?? '');
  const setDraft = useAppStore((state) => state.setDraft);
  const replyingTo = useAppStore((state) => state.replyingTo[peer]);
  const cancelReply = useAppStore((state) => state.cancelReply);
  const editing = useAppStore((state) => state.editing[peer]);
  const startEdit = useAppStore((state) => state.startEdit);
  const cancelEdit = useAppStore((state) => state.cancelEdit);
  const forgetQuoted = useAppStore((state) => state.forgetQuoted);
  // The message being replied to may leave while the reply is written: deleted (for me, or by its sender for
  // everyone), purged, or expired. The store drops the reply at its expiry and on the deletions it hears of; what
  // else takes the message away (a purge, say) is seen here. Either way the reply bar goes, and what is sent is a
  // plain message: a replyTo would name a message gone from both archives.
  const archive = useAppStore((state) => state.archive);
  const quotedId = replyingTo?.id;
  const quotedCheck = useLiveQuery(
    async () =>
      quotedId === undefined || !archive
        ? undefined
        : { id: quotedId, stored: (await archive.messages.where('id').equals(quotedId).count()) > 0 },
    [archive, quotedId],
  );
  // A check of the message quoted before is no answer for this one.
  const quotedStored = !quotedCheck || quotedCheck.id !== quotedId || quotedCheck.stored;
  const clock = useClock();
  const now = useExpiryNow([replyingTo?.expiresAt], clock);
  const quoteGone =
    replyingTo !== undefined &&
    (!quotedStored || (replyingTo.expiresAt !== undefined && replyingTo.expiresAt <= now));
  const quote = quoteGone ? undefined : replyingTo;
  useEffect(() => {
    if (quoteGone && quotedId !== undefined) {
      forgetQuoted([quotedId]);
    }
  }, [quoteGone, quotedId, forgetQuoted]);
  const input = useRef<HTMLTextAreaElement>(null);
  const [pickingEmoji, setPickingEmoji] = useState(false);
  // A composer disabled meanwhile (the contact blocked, say) takes nothing in: the picker goes with it.
  if (pickingEmoji && !props.enabled) {
    setPickingEmoji(false);
  }
  // Where the emoji goes, in the text the field held when the picker opened (and whether an edit was under way).
  const insertAt = useRef<{ start: number; end: number; text: string; editing: string | undefined }>({
    start: 0,
    end: 0,
    text: '',
    editing: undefined,
  });
  // Back in the field right after an emoji inserted or a format toggled: once the new text is in it (setting it
  // moves the caret to the end), and after the picker's dialog has handed focus back to its button.
  const selectionAfterChange = useRef<{ start: number; end: number } | null>(null);
  useLayoutEffect(() => {
    const selection = selectionAfterChange.current;
    if (selection !== null && input.current) {
      selectionAfterChange.current = null;
      input.current.focus();
      input.current.setSelectionRange(selection.start, selection.end);
    }
  }, [draft]);
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
  // The text to edit is continued where it ends, as a kept draft is.
  const editingId = editing?.id;
  useEffect(() => {
    if (editingId !== undefined && input.current) {
      const end = input.current.value.length;
      input.current.focus();
      input.current.setSelectionRange(end, end);
    }
  }, [editingId]);

  const onChange = (text: string) => {
    setDraft(peer, text);
    if (idleTimer.current === null) {
      setTyping(peer, true);
    } else {
      window.clearTimeout(idleTimer.current);
    }
    idleTimer.current = window.setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const insertEmoji = (emoji: string) => {
    // Changed meanwhile (a failed send put its text back, an edit began or ended): the old place means nothing,
    // so the emoji goes at the end.
    const unchanged = insertAt.current.text === draft && insertAt.current.editing === editing?.id;
    const { start, end } = unchanged ? insertAt.current : { start: draft.length, end: draft.length };
    selectionAfterChange.current = { start: start + emoji.length, end: start + emoji.length };
    onChange(`${draft.slice(0, start)}${emoji}${draft.slice(end)}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const marker = formatMarkerFor(event, navigator.platform.startsWith('Mac'));
    if (marker !== undefined) {
      event.preventDefault();
      const field = event.currentTarget;
      const edit = toggleFormat(draft, field.selectionStart, field.selectionEnd, marker);
      selectionAfterChange.current = { start: edit.start, end: edit.end };
      onChange(edit.text);
      return;
    }
    if (event.key === 'Escape' && editing) {
      cancelEdit(peer);
      return;
    }
    if (event.key === 'Escape' && quote) {
      cancelReply(peer);
      return;
    }
    const last = props.lastOwnText;
    if (
      event.key === 'ArrowUp' &&
      draft === '' &&
      !editing &&
      !quote &&
      last &&
      editableAt(last, clock.now())
    ) {
      event.preventDefault();
      startEdit(peer, { id: last.id, text: last.text });
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
      {quote && (
        <div className="replying" data-testid="replying-to">
          <span className="quote">
            <strong>Replying to {quote.fromMe ? 'yourself' : props.name}</strong>
            <span>{plainText(quote.text ?? '')}</span>
          </span>
          <button className="icon-button" aria-label="Cancel reply" onClick={() => cancelReply(peer)}>
            ×
          </button>
        </div>
      )}
      {editing && (
        <div className="replying editing" data-testid="editing">
          <span className="quote">
            <strong>Editing message</strong>
            <span>{shortened(editing.text)}</span>
          </span>
          <button className="icon-button" aria-label="Cancel edit" onClick={() => cancelEdit(peer)}>
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
          className="icon-button emoji-button"
          aria-label="Insert emoji"
          title="Insert emoji"
          disabled={!props.enabled}
          onClick={() => {
            // Where the emoji goes: the caret (or the selection it replaces), as the field has it now.
            const field = input.current;
            insertAt.current = {
              start: field?.selectionStart ?? draft.length,
              end: field?.selectionEnd ?? draft.length,
              text: draft,
              editing: editing?.id,
            };
            setPickingEmoji(true);
          }}
        >
          <SmileyIcon />
        </button>
        <button
          className="send-button"
          aria-label={editing ? 'Save edit' : 'Send'}
          title={editing ? 'Save edit (Enter)' : 'Send (Enter)'}
          data-testid="send"
          disabled={!canSend}
          onClick={send}
        >
          {editing ? <SaveIcon /> : <SendIcon />}
        </button>
      </div>
      {pickingEmoji && (
        <EmojiPickerDialog title="Insert emoji" onPick={insertEmoji} onClose={() => setPickingEmoji(false)} />
      )}
    </div>
  );
};
