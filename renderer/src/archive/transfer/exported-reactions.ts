// The reactions of an exported archive's texts, as the readable exports show them: each text's emoji and who
// chose them ("👍 Bob, you"), by the same rule as the app (message-reactions.ts).
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message } from '../../../../shared/messaging/message-format';
import { reactionsByTarget, reactionsOn } from '../../../../shared/messaging/message-reactions';
import type { ArchiveFile } from './archive-export';

/** Each text's reactions as a line of text (for the text's ID), given how to name a peer. */
export const reactionLines = (
  file: ArchiveFile,
  nameOf: (peer: PeerId) => string,
): ((text: Message) => string | undefined) => {
  const byText = reactionsByTarget(file.messages.map(({ message }) => message));
  return (text) => {
    const groups = reactionsOn(text, byText.get(text.id) ?? []);
    return groups.length === 0
      ? undefined
      : groups.map(({ emoji, from }) => `${emoji} ${from.map(nameOf).join(', ')}`).join(' · ');
  };
};
