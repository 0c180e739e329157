// A conversation's messages in a virtualized list (react-virtuoso: only what is on screen is in the DOM, so a
// history of 100,000 messages scrolls like ten): day separators, delivery statuses, replies, edited marks, message
// actions, older history loaded on the way up, and buttons to jump to the first unread message or back to the
// bottom.
// What the user sees is marked read (which sends the read receipts), only while the window is visible.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { PeerId } from '../../../shared/identity/peer-id';
import { describeTimer } from '../../../shared/messaging/disappearing-timer';
import type { DeliveryStatus } from '../../../shared/messaging/message-store';
import type { MessageView, QuotedMessage } from '../archive/conversation-window';
import { useAppStore } from '../state/use-app-store';
import { MessageActions } from './MessageActions';
import { ReactionChips } from './MessageReactions';
import { daySeparators, timeLabel } from './message-rows';
import { MessageText } from './MessageText';
import { plainText } from '../text/text-format';
import { shownDelivery } from './shown-delivery';
import { TimerIcon } from './TimerIcon';
import { timeInRange } from '../../../shared/messaging/message-format';

const STATUS_ICONS: Readonly<Record<DeliveryStatus, string>> = {
  pending: '◷',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
};
/** Virtuoso numbers items from here down as older ones are prepended, which keeps the scroll position. */
const FIRST_INDEX_BASE = 1_000_000_000;

const OutgoingStatus = ({ message }: { message: MessageView }) => {
  const retry = useAppStore((state) => state.retry);
  const showRead = useAppStore((state) => state.settings?.readReceipts !== false);
  const { status, label, failure, retryId, retryText } = shownDelivery(message, showRead);
  return (
    <span className={`message-status ${status}`} data-testid="message-status">
      <span role="img" aria-label={label} title={failure === undefined ? label : `${label}: ${failure}`}>
        {STATUS_ICONS[status]}
      </span>
      {status === 'failed' && (
        <button className="link-button" aria-label={`Retry: ${label}`} onClick={() => void retry(retryId)}>
          {retryText}
        </button>
      )}
    </span>
  );
};

const noticeText = (message: MessageView, name: string): string => {
  const mine = message.direction === 'out';
  switch (message.kind) {
    case 'contact-request':
      return mine ? 'You sent a contact request.' : `${name} sent you a contact request.`;
    case 'contact-accept':
      return mine ? 'You accepted the request.' : `${name} accepted your request.`;
    case 'deletion':
      return mine ? 'You deleted a message for everyone.' : `${name} deleted a message.`;
    case 'timer': {
      const seconds = message.timerSeconds ?? 0;
      const who = mine ? 'You' : name;
      return seconds === 0
        ? `${who} turned off disappearing messages.`
        : `${who} set disappearing messages to ${describeTimer(seconds)}. New messages disappear after that time, on both sides.`;
    }
    case 'text':
      return message.text;
  }
};

/** What a quote's label says of a long text: its start (the text itself is there to read). */
const LABEL_CHARS = 120;
const shortened = (text: string): string =>
  text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;

/**
 * The message a reply answers. A click shows it in its place in the conversation, as a search result is shown;
 * one no longer here is only named.
 */
const Quote = ({ peer, name, quoted }: { peer: PeerId; name: string; quoted: QuotedMessage }) => {
  const showMessage = useAppStore((state) => state.showMessage);
  const who = quoted.fromMe ? 'You' : name;
  if (quoted.text === undefined) {
    return (
      <span className="quote" aria-label="In reply to">
        <strong>{who}</strong>
        <span>A message that is no longer here</span>
      </span>
    );
  }
  return (
    <button
      className="quote"
      aria-label={`In reply to ${who}: ${shortened(plainText(quoted.text))}. Show it`}
      onClick={() => showMessage(peer, quoted.id, { takeFocus: true })}
    >
      <strong>{who}</strong>
      <span>{plainText(quoted.text)}</span>
    </button>
  );
};

/** Frames a message shown on request keeps trying to take the focus (about half a second). */
const FOCUS_TRIES = 30;

const MessageRow = (props: {
  peer: PeerId;
  name: string;
  message: MessageView;
  day: string | undefined;
  focused: boolean;
  /** The first message that was unread when the conversation was opened: a line marks where they begin. */
  unreadStart: boolean;
  /** Shown on request with the focus: it takes it as it appears. */
  takeFocus?: boolean;
}) => {
  const { message } = props;
  const bubble = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!props.takeFocus) {
      return;
    }
    // The list lays a new view out hidden before it shows it, and a hidden element takes no focus: tried again
    // on the next frames until it does.
    let frame = 0;
    let tries = 0;
    const take = () => {
      const element = bubble.current;
      element?.focus({ preventScroll: true });
      if (element && document.activeElement !== element && (tries += 1) < FOCUS_TRIES) {
        frame = requestAnimationFrame(take);
      }
    };
    take();
    return () => cancelAnimationFrame(frame);
  }, [props.takeFocus]);
  const text = message.kind === 'text';
  return (
    <div className="message-row">
      {props.day && (
        <div className="day-separator" role="separator" aria-label={props.day}>
          <span>{props.day}</span>
        </div>
      )}
      {props.unreadStart && (
        <div className="unread-separator" role="separator" aria-label="Unread messages">
          <span>Unread messages</span>
        </div>
      )}
      <div
        className={`message ${message.direction}${text ? '' : ' notice'}${props.focused ? ' focused' : ''}`}
        data-focused={props.focused || undefined}
        ref={bubble}
        tabIndex={props.focused ? -1 : undefined}
        data-direction={message.direction}
        data-kind={message.kind}
        data-status={message.status}
        data-id={message.id}
      >
        {message.replyTo && <Quote peer={props.peer} name={props.name} quoted={message.replyTo} />}
        {text ? (
          <MessageText text={message.text} />
        ) : (
          <span className="message-text">
            {noticeText(message, props.name)}
            {/* A notice of ours that never reached the contact (a deletion, a timer change, a request) changed
                nothing on their side. */}
            {message.direction === 'out' && message.status === 'failed' && (
              <OutgoingStatus message={message} />
            )}
          </span>
        )}
        {text && (
          <span className="message-meta">
            {message.expiresAt !== undefined && (
              <TimerIcon label={`Disappears ${new Date(timeInRange(message.expiresAt)).toLocaleString()}`} />
            )}
            {message.editedAt !== undefined && (
              <span
                className="message-edited"
                data-testid="edited"
                title={`Edited ${new Date(timeInRange(message.editedAt)).toLocaleString()}`}
              >
                edited
              </span>
            )}
            <time dateTime={new Date(timeInRange(message.sentAt)).toISOString()}>
              {timeLabel(message.sentAt)}
            </time>
            {message.direction === 'out' && <OutgoingStatus message={message} />}
            <MessageActions peer={props.peer} message={message} />
          </span>
        )}
        {text && <ReactionChips message={message} name={props.name} />}
      </div>
    </div>
  );
};

export const MessageList = (props: {
  readonly peer: PeerId;
  readonly name: string;
  readonly messages: readonly MessageView[];
  readonly hasOlder: boolean;
  readonly onLoadOlder: () => void;
  /** A message to open at and highlight (a search result). */
  readonly focusId?: string | null;
  /** The messages are the window placed around the focused message: time to bring it into view. */
  readonly focusReady?: boolean;
  /** The request to show it (each asks anew, even for the message shown last). */
  readonly focusRequest?: number | null;
  /** The message shown takes the keyboard focus (the control that asked for it is gone with the old view). */
  readonly takeFocus?: boolean;
}) => {
  const { peer, messages } = props;
  const markRead = useAppStore((state) => state.markRead);
  const list = useRef<VirtuosoHandle>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [visible, setVisible] = useState({ startIndex: 0, endIndex: 0 });
  // A message of the window anchors Virtuoso's numbering as history is prepended; a new window (a jump to a
  // search result) takes its own first message as the anchor.
  const [anchorId, setAnchorId] = useState(() => messages[0]?.id);
  let anchorIndex = messages.findIndex((message) => message.id === anchorId);
  if (anchorIndex < 0) {
    anchorIndex = 0;
    if (messages[0] && messages[0].id !== anchorId) {
      setAnchorId(messages[0].id);
    }
  }
  const firstItemIndex = FIRST_INDEX_BASE - anchorIndex;
  const firstUnread = messages.findIndex((message) => !message.readByMe);
  // Where the unread messages began when the conversation was opened: the line stays there while it is open,
  // though reading them clears their unread state at once.
  const [unreadStartId] = useState(() => messages.find((message) => !message.readByMe)?.id);
  const focusIndex = props.focusId ? messages.findIndex((message) => message.id === props.focusId) : -1;
  const unreadCount = messages.filter((message) => !message.readByMe).length;
  // "Today" is decided when the conversation opens; a view left open past midnight keeps its labels.
  const [openedAt] = useState(() => Date.now());
  const days = daySeparators(
    messages.map((message) => message.sentAt),
    openedAt,
  );

  // Marks what is on screen as read, while the window is visible (an open but hidden window has not been read).
  const seen = messages
    .slice(visible.startIndex - firstItemIndex, visible.endIndex - firstItemIndex + 1)
    .filter((message) => !message.readByMe)
    .map((message) => message.id)
    .join(',');
  useEffect(() => {
    const markSeen = () => {
      if (seen !== '' && document.visibilityState === 'visible') {
        void markRead(peer, seen.split(','));
      }
    };
    markSeen();
    document.addEventListener('visibilitychange', markSeen);
    return () => document.removeEventListener('visibilitychange', markSeen);
  }, [peer, seen, markRead]);

  // A message asked for (a search result, a step of find) is shown in the middle of the view once the window
  // placed around it is there: the list is mounted anew for it, so Virtuoso places it from scratch
  // (initialTopMostItemIndex). Scrolling the list already mounted raced Virtuoso's own settling of the new window,
  // which at times left the view where it was. History loaded later by scrolling does not pull the view back.
  const focusReady = props.focusReady === true && focusIndex >= 0;
  const [placedFocus, setPlacedFocus] = useState<number | null>(null);
  const request = props.focusRequest ?? null;
  if (focusReady && request !== null && request !== placedFocus) {
    setPlacedFocus(request);
  }

  const loadOlder = useCallback(() => {
    if (props.hasOlder) {
      props.onLoadOlder();
    }
  }, [props]);

  const jumpTo = (index: number) =>
    list.current?.scrollToIndex({ index, align: 'center', behavior: 'smooth' });

  return (
    <div className="message-list">
      <Virtuoso
        key={placedFocus === null ? 'newest' : `request-${String(placedFocus)}`}
        ref={list}
        className="messages"
        data-testid="messages"
        aria-label="Messages"
        role="log"
        data={messages}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={
          focusIndex >= 0
            ? { index: focusIndex, align: 'center' }
            : firstUnread >= 0
              ? // One before the first unread: aimed at the first, Virtuoso left the line above it out of view.
                Math.max(0, firstUnread - 1)
              : Math.max(0, messages.length - 1)
        }
        followOutput={(bottom) => (bottom ? 'smooth' : false)}
        atBottomStateChange={setAtBottom}
        rangeChanged={setVisible}
        startReached={loadOlder}
        increaseViewportBy={{ top: 400, bottom: 400 }}
        computeItemKey={(_, message) => message.id}
        itemContent={(index, message) => (
          <MessageRow
            peer={peer}
            name={props.name}
            message={message}
            day={days[index - firstItemIndex]}
            focused={message.id === props.focusId}
            takeFocus={message.id === props.focusId && props.takeFocus === true && placedFocus === request}
            unreadStart={message.id === unreadStartId}
          />
        )}
      />
      {firstUnread >= 0 && firstUnread + firstItemIndex < visible.startIndex && (
        <button className="jump jump-up" onClick={() => jumpTo(firstUnread)}>
          ↑ First unread
        </button>
      )}
      {!atBottom && (
        <button
          className="jump jump-down"
          onClick={() => list.current?.scrollToIndex({ index: 'LAST', behavior: 'smooth' })}
        >
          ↓ Latest{unreadCount > 0 ? ` (${String(unreadCount)} unread)` : ''}
        </button>
      )}
    </div>
  );
};
