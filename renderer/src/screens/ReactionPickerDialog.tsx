// Any emoji as a reaction, from the actions menu's '+' or the button after the chips: the emoji picker, which says
// which is ours and offers to take it back (as choosing it again does, as with the quick reactions).
import type { MessageId } from '../../../shared/messaging/message-format';
import { useAppStore } from '../state/use-app-store';
import { EmojiPickerDialog } from './EmojiPickerDialog';

export const ReactionPickerDialog = (props: {
  readonly id: MessageId;
  /** Our reaction on the message now, if any. */
  readonly mine?: string;
  readonly onClose: () => void;
}) => {
  const react = useAppStore((state) => state.react);
  return (
    <EmojiPickerDialog
      title="React"
      {...(props.mine === undefined
        ? {}
        : {
            note: (
              <>
                Your reaction is {props.mine}.{' '}
                <button
                  className="link-button inline"
                  onClick={() => {
                    props.onClose();
                    void react(props.id, '');
                  }}
                >
                  Take it back
                </button>
              </>
            ),
          })}
      onPick={(emoji) => void react(props.id, emoji === props.mine ? '' : emoji)}
      onClose={props.onClose}
    />
  );
};
