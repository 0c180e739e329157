// Reactions on a text: the chips under it (each emoji once, with how many chose it; ours highlighted, and a click
// on a chip takes ours back or makes it that emoji; ours marked with a retry if it never reached the contact;
// after them a button that opens the picker of every emoji), and the row of quick reactions atop its actions menu.
import { QUICK_REACTIONS } from '../../../shared/messaging/message-reactions';
import type { MessageView, ReactionView } from '../archive/conversation-window';
import { useAppStore } from '../state/use-app-store';
import { AddReactionIcon } from './AddReactionIcon';
import { withoutSkinTone, withSkinTone } from './skin-tones';

/** What choosing `emoji` does: the same emoji again takes our reaction back, another replaces it. */
const choiceFor = (reactions: readonly ReactionView[] | undefined, emoji: string): string =>
  reactions?.some((reaction) => reaction.mine && reaction.emoji === emoji) ? '' : emoji;

const describe = (reaction: ReactionView, name: string): string => {
  const others = reaction.count - (reaction.mine ? 1 : 0);
  const who =
    reaction.mine && others === 0
      ? 'you'
      : reaction.mine
        ? `you and ${name}`
        : others === 1
          ? name
          : `${others} people`;
  return `${reaction.emoji} from ${who}`;
};

/**
 * A ref for the chips' buttons: one that leaves while it has the focus (our reaction taken back, from its chip or
 * through the picker) hands it to the message's actions button, not to the page. Module-level, so React calls the
 * clean-up only when the button goes.
 */
const keepFocusInMessage = (button: HTMLButtonElement | null) =>
  button
    ? () => {
        if (document.activeElement === button) {
          button
            .closest('[data-id]')
            ?.querySelector<HTMLElement>('[aria-label="Message actions"]')
            ?.focus({ preventScroll: true });
        }
      }
    : undefined;

export const ReactionChips = ({ message, name }: { message: MessageView; name: string }) => {
  const react = useAppStore((state) => state.react);
  const retry = useAppStore((state) => state.retry);
  const openMessageDialog = useAppStore((state) => state.openMessageDialog);
  const reactions = message.reactions ?? [];
  const mine = reactions.find((reaction) => reaction.mine)?.emoji;
  const failure = message.reactionFailure;
  if (reactions.length === 0 && !failure) {
    return null;
  }
  return (
    <span className="reactions" role="group" aria-label="Reactions">
      {reactions.map((reaction) => (
        <button
          key={reaction.emoji}
          ref={keepFocusInMessage}
          className={reaction.mine ? 'reaction mine' : 'reaction'}
          aria-pressed={reaction.mine}
          aria-label={describe(reaction, name)}
          title={reaction.mine ? 'Take your reaction back' : `React with ${reaction.emoji}`}
          onClick={() => void react(message.id, choiceFor(reactions, reaction.emoji))}
        >
          <span aria-hidden="true">{reaction.emoji}</span>
          {reaction.count > 1 && <span className="reaction-count">{reaction.count}</span>}
        </button>
      ))}
      {/* Beside the others, as messengers offer it: one more without the actions menu (focus comes back here). */}
      {reactions.length > 0 && (
        <button
          ref={keepFocusInMessage}
          className="add-reaction"
          aria-haspopup="dialog"
          aria-label="Add a reaction"
          title="Add a reaction"
          onClick={(event) => {
            // A click does not focus a button everywhere (Safari); the picker gives focus back to what had it.
            event.currentTarget.focus();
            openMessageDialog({ kind: 'react', id: message.id, ...(mine === undefined ? {} : { mine }) });
          }}
        >
          <AddReactionIcon />
        </button>
      )}
      {/* Sending it again (the same message, so never twice at the contact's) is all that can be done. */}
      {failure && (
        <span className="reaction-failure">
          <span role="status">
            {failure.emoji === '' ? 'Taking back your reaction failed' : `${failure.emoji} not delivered`}
          </span>
          <button
            className="link-button"
            aria-label="Retry the reaction"
            onClick={() => void retry(failure.id)}
          >
            Retry
          </button>
        </span>
      )}
    </span>
  );
};

/** The quick reactions, as the first row of a message's actions menu; `done` closes the menu (focus to its button). */
export const QuickReactions = ({
  message,
  done,
  more,
}: {
  message: MessageView;
  done: () => void;
  /** Opens the picker of every emoji (the menu closes first). */
  more: (mine: string | undefined) => void;
}) => {
  const react = useAppStore((state) => state.react);
  const tone = useAppStore((state) => state.settings?.emojiSkinTone ?? 'none');
  const ours = message.reactions?.find((reaction) => reaction.mine)?.emoji;
  return (
    <span className="quick-reactions" role="group" aria-label="React">
      {QUICK_REACTIONS.map((quick) =>
        // Ours in another tone (chosen before the tone changed) stays in its slot, so it shows and can go.
        ours !== undefined && withoutSkinTone(ours) === quick ? ours : withSkinTone(quick, tone),
      ).map((emoji) => {
        const mine = emoji === ours;
        return (
          <button
            key={emoji}
            // One reaction per person: choosing one unchooses the other, as radio items do.
            role="menuitemradio"
            aria-checked={mine}
            aria-label={`React with ${emoji}`}
            title={mine ? 'Take your reaction back' : undefined}
            className={mine ? 'mine' : undefined}
            onClick={() => {
              done();
              void react(message.id, choiceFor(message.reactions, emoji));
            }}
          >
            {emoji}
          </button>
        );
      })}
      <button
        role="menuitem"
        aria-label="More reactions…"
        title="More reactions"
        className="more-reactions"
        onClick={() => more(message.reactions?.find((reaction) => reaction.mine)?.emoji)}
      >
        +
      </button>
    </span>
  );
};
