import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asReactionEmoji, isReactionEmoji } from './message-format';
import { reactionsByTarget, reactionsOn } from './message-reactions';
import { BOB, CAROL, LOCAL, reactionMessage, textMessage } from './testing/message-store-contract/samples';

const theirs = textMessage(1, BOB, LOCAL, 1);
const ours = textMessage(2, LOCAL, BOB, 1);

describe('reactionsOn', () => {
  it("shows each side's latest reaction by its sender's order, grouped by emoji, '' taking one back", () => {
    const reactions = [
      reactionMessage(10, BOB, LOCAL, 2, theirs.id, '👍'),
      reactionMessage(11, LOCAL, BOB, 2, theirs.id, '😂'),
      reactionMessage(12, LOCAL, BOB, 3, theirs.id, '👍'),
    ];
    expect(reactionsOn(theirs, reactions)).toEqual([{ emoji: '👍', from: [BOB, LOCAL] }]);
    // Bob takes his back: ours stays.
    const taken = [...reactions, reactionMessage(13, BOB, LOCAL, 4, theirs.id, '')];
    expect(reactionsOn(theirs, taken)).toEqual([{ emoji: '👍', from: [LOCAL] }]);
    // Same time: the later sequence number wins.
    const sameTime = { ...reactionMessage(13, BOB, LOCAL, 5, theirs.id, '❤️') };
    expect(reactionsOn(theirs, [...taken, sameTime])).toEqual([
      { emoji: '👍', from: [LOCAL] },
      { emoji: '❤️', from: [BOB] },
    ]);
  });

  it('counts only reactions to that text, from either of its two peers, in its conversation', () => {
    const elsewhere = reactionMessage(10, BOB, LOCAL, 2, ours.id, '👍');
    const stranger = reactionMessage(11, CAROL, LOCAL, 1, theirs.id, '👍');
    const otherConversation = { ...reactionMessage(12, BOB, LOCAL, 3, theirs.id, '👍'), conversation: 'x' };
    expect(reactionsOn(theirs, [elsewhere, stranger, otherConversation])).toEqual([]);
    // Nothing reacts to what is not a text (a timer change, say).
    const notice = { ...theirs, t: 'timer', body: { seconds: 60 } } as const;
    expect(reactionsOn(notice, [reactionMessage(13, BOB, LOCAL, 4, theirs.id, '👍')])).toEqual([]);
    expect(reactionsOn(ours, [elsewhere])).toEqual([{ emoji: '👍', from: [BOB] }]);
  });

  it('settles on the same reactions whatever order they are stored in', () => {
    const emoji = fc.constantFrom('👍', '❤️', '😂', '');
    const reaction = fc
      .tuple(
        fc.boolean(),
        fc.integer({ min: 10, max: 30 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        emoji,
      )
      // Few times and numbers, so that ties (same time; same time and number) come up and the tie-breaks count.
      .map(([fromBob, n, time, seq, chosen]) => ({
        ...(fromBob
          ? reactionMessage(n, BOB, LOCAL, seq, theirs.id, chosen)
          : reactionMessage(n, LOCAL, BOB, seq, theirs.id, chosen)),
        sentAt: 1_700_000_000_000 + time,
      }));
    fc.assert(
      // A store holds one message per ID.
      fc.property(
        fc.uniqueArray(reaction, { maxLength: 12, selector: (r) => r.id }),
        fc.integer(),
        (reactions, seed) => {
          const shuffled = [...reactions].sort(
            (a, b) => ((a.seq * 31 + seed) % 7) - ((b.seq * 31 + seed) % 7),
          );
          expect(reactionsOn(theirs, shuffled)).toEqual(reactionsOn(theirs, [...reactions].reverse()));
        },
      ),
    );
  });
});

describe('reactionsByTarget', () => {
  it('groups the reactions among any messages by the message each names, in the order given', () => {
    const first = reactionMessage(10, BOB, LOCAL, 2, theirs.id, '👍');
    const second = reactionMessage(11, LOCAL, BOB, 2, theirs.id, '😂');
    const onOurs = reactionMessage(12, BOB, LOCAL, 3, ours.id, '❤️');
    const grouped = reactionsByTarget([theirs, first, ours, onOurs, second]);
    expect([...grouped]).toEqual([
      [theirs.id, [first, second]],
      [ours.id, [onOurs]],
    ]);
  });
});

describe('isReactionEmoji', () => {
  it('takes one emoji of any kind, and nothing else', () => {
    for (const emoji of ['👍', '❤️', '👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '#️⃣', '☺️', '🫠']) {
      expect(isReactionEmoji(emoji), emoji).toBe(true);
    }
    for (const text of [
      '',
      'a',
      'ok',
      '👍👍',
      '👍 ',
      ' 👍',
      '👍\n',
      '1',
      '👍a',
      '\u0000👍',
      'x'.repeat(40),
    ]) {
      expect(isReactionEmoji(text), JSON.stringify(text)).toBe(false);
    }
  });
});

describe('asReactionEmoji', () => {
  it('keeps one emoji as it is, drops a presentation selector an emoji by default does not take, and refuses the rest', () => {
    for (const emoji of ['👍', '❤️', '☺️', '👍🏽', '❤️‍🔥', '#️⃣', '🇫🇷']) {
      expect(asReactionEmoji(emoji), emoji).toBe(emoji);
    }
    expect(asReactionEmoji('👎\uFE0F')).toBe('👎');
    expect(asReactionEmoji('🧑\uFE0F‍🚀')).toBe('🧑‍🚀');
    // A lone regional indicator is a letter of a flag, not an emoji; nor are text and pairs of emoji.
    for (const text of ['🇦', 'a', '👍👍', '\uFE0F', '👍\uFE0F\uFE0F']) {
      expect(asReactionEmoji(text), JSON.stringify(text)).toBeNull();
    }
  });
});
