// Which reactions a text shows, decided in one place for every view: a reaction is a message of type `reaction`
// whose body names a text of the same conversation (either side's). Each peer has at most one reaction on a
// text: the latest of theirs in their own order (sentAt, then seq) wins, whichever arrives first, so both sides
// show the same; '' takes a reaction back. Reactions are never shown as messages of their own.
import type { PeerId } from '../identity/peer-id';
import type { Message, MessageId } from './message-format';

export type ReactionMessage = Extract<Message, { t: 'reaction' }>;

export const isReaction = (message: Message): message is ReactionMessage => message.t === 'reaction';

/** The emoji the reaction picker offers first; any other single emoji is as valid on the wire. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

/** The reactions among `messages`, by the ID of the message each names (for views that show many texts). */
export const reactionsByTarget = (messages: Iterable<Message>): Map<MessageId, ReactionMessage[]> => {
  const byTarget = new Map<MessageId, ReactionMessage[]>();
  for (const message of messages) {
    if (isReaction(message)) {
      const named = byTarget.get(message.body.of);
      if (named) {
        named.push(message);
      } else {
        byTarget.set(message.body.of, [message]);
      }
    }
  }
  return byTarget;
};

/** Whether `reaction` may count on `target`: a text of the same conversation, sent between the same two peers. */
export const reactionApplies = (target: Message, reaction: ReactionMessage): boolean =>
  target.t === 'text' &&
  reaction.body.of === target.id &&
  reaction.conversation === target.conversation &&
  (reaction.from === target.from || reaction.from === target.to);

/** Later in its sender's order; the ID settles what an honest sender never makes (two with one number). */
const laterThan = (a: ReactionMessage, b: ReactionMessage): boolean =>
  a.sentAt > b.sentAt || (a.sentAt === b.sentAt && (a.seq > b.seq || (a.seq === b.seq && a.id > b.id)));

/** One emoji on a text and who chose it, in the order they first appear among `reactions`. */
export interface ReactionGroup {
  readonly emoji: string;
  readonly from: readonly PeerId[];
}

/** Each peer's reaction that counts on `target` among `reactions` (any order, any targets), '' ones included. */
export const latestReactions = (
  target: Message,
  reactions: readonly ReactionMessage[],
): Map<PeerId, ReactionMessage> => {
  const latest = new Map<PeerId, ReactionMessage>();
  for (const reaction of reactions) {
    const current = latest.get(reaction.from);
    if (reactionApplies(target, reaction) && (current === undefined || laterThan(reaction, current))) {
      latest.set(reaction.from, reaction);
    }
  }
  return latest;
};

/**
 * What `target` shows among `reactions` (any order, any targets): each peer's latest that applies, grouped by
 * emoji in the order each emoji was first chosen; taken-back reactions ('') show nothing.
 */
export const reactionsOn = (target: Message, reactions: readonly ReactionMessage[]): ReactionGroup[] => {
  const chosen = [...latestReactions(target, reactions).values()]
    .filter((reaction) => reaction.body.emoji !== '')
    .sort((a, b) => a.sentAt - b.sentAt || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const groups = new Map<string, PeerId[]>();
  for (const reaction of chosen) {
    groups.set(reaction.body.emoji, [...(groups.get(reaction.body.emoji) ?? []), reaction.from]);
  }
  return [...groups].map(([emoji, from]) => ({ emoji, from }));
};
