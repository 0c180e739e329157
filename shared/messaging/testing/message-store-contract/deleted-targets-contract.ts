// The MessageStore contract on what names a deleted text (deleted-targets.ts): its sender's reactions go with it,
// ours and those on other texts stay; an edit or reaction that comes after it is gone is taken but not kept; and a
// text its sender deleted before it came takes the edits and reactions of theirs that came first.
import { describe, expect, it } from 'vitest';
import { BOB, editMessage, inbound, LOCAL, reactionMessage } from './samples';
import { type StoreContext } from './store-context';

export const describeDeletedTargetsContract = ({ open }: StoreContext): void => {
  describe('what names a deleted text', () => {
    it("takes the sender's reactions with a text deleted for everyone, and only those", async () => {
      const fixture = await open();
      const text = inbound(1, BOB, 1);
      const other = inbound(2, BOB, 2);
      const onText = reactionMessage(3, BOB, LOCAL, 3, text.id, '👍');
      const onOther = reactionMessage(4, BOB, LOCAL, 4, other.id, '❤️');
      for (const message of [text, other, onText, onOther]) {
        await fixture.store.receive(message, 1_000, false);
      }
      // Ours stays until retention takes it: it may still wait in the outbox.
      const ours = await fixture.store.createOutgoing(BOB, (seq) => ({
        ...reactionMessage(20, LOCAL, BOB, seq, text.id, '😮'),
      }));
      await fixture.store.deleteMessages([text.id], BOB);
      expect(await fixture.store.incoming(onText.id)).toBeNull();
      expect((await fixture.store.incoming(onOther.id))?.message).toEqual(onOther);
      expect((await fixture.store.outgoing(ours.id))?.message).toEqual(ours);

      const reopened = await fixture.reopen();
      expect(await reopened.incoming(onText.id)).toBeNull();
      expect((await reopened.incoming(onOther.id))?.message).toEqual(onOther);
      expect((await reopened.outgoing(ours.id))?.message).toEqual(ours);
      // Gone, but known: a resend is a duplicate.
      expect(await reopened.receive(onText, 2_000, false)).toBe('duplicate');
      expect(await reopened.incoming(onText.id)).toBeNull();
    });

    it('takes but does not keep an edit or a reaction of a text deleted here', async () => {
      const fixture = await open();
      const text = inbound(5, BOB, 1);
      await fixture.store.receive(text, 1_000, false);
      await fixture.store.deleteMessages([text.id]);
      const edit = editMessage(6, BOB, LOCAL, 2, text.id, 'too late');
      const reaction = reactionMessage(7, BOB, LOCAL, 3, text.id, '😮');
      expect(await fixture.store.receive(edit, 2_000, false)).toBe('stored');
      expect(await fixture.store.receive(reaction, 2_000, false)).toBe('stored');
      expect(await fixture.store.incoming(edit.id)).toBeNull();
      expect(await fixture.store.incoming(reaction.id)).toBeNull();

      const reopened = await fixture.reopen();
      expect(await reopened.incoming(edit.id)).toBeNull();
      expect(await reopened.incoming(reaction.id)).toBeNull();
      expect(await reopened.receive(reaction, 3_000, false)).toBe('duplicate');
      expect(await reopened.receivedSequence(BOB)).toEqual({ upTo: 3, above: [] });
    });

    it('drops what its sender said of a text they deleted before it came, before and after the deletion', async () => {
      const fixture = await open();
      const text = inbound(8, BOB, 1);
      const earlyEdit = editMessage(9, BOB, LOCAL, 2, text.id, 'said first');
      const earlyReaction = reactionMessage(10, BOB, LOCAL, 3, text.id, '😂');
      await fixture.store.receive(earlyEdit, 1_000, false);
      await fixture.store.receive(earlyReaction, 1_000, false);
      await fixture.store.deleteMessages([text.id], BOB);
      expect(await fixture.store.incoming(earlyEdit.id)).toBeNull();
      expect(await fixture.store.incoming(earlyReaction.id)).toBeNull();
      const lateEdit = editMessage(11, BOB, LOCAL, 4, text.id, 'said after');
      const lateReaction = reactionMessage(12, BOB, LOCAL, 5, text.id, '🙏');
      expect(await fixture.store.receive(lateEdit, 2_000, false)).toBe('stored');
      expect(await fixture.store.receive(lateReaction, 2_000, false)).toBe('stored');

      const reopened = await fixture.reopen();
      for (const message of [earlyEdit, earlyReaction, lateEdit, lateReaction, text]) {
        expect(await reopened.incoming(message.id)).toBeNull();
      }
      expect(await reopened.receive(text, 3_000, false)).toBe('duplicate');
      expect(await reopened.receive(earlyReaction, 3_000, false)).toBe('duplicate');
    });

    it('removes each once when a text is deleted beside what names it', async () => {
      const fixture = await open();
      const text = inbound(13, BOB, 1);
      const early = editMessage(14, BOB, LOCAL, 2, text.id, 'before the text');
      await fixture.store.receive(early, 1_000, false);
      const held = inbound(15, BOB, 3);
      const reaction = reactionMessage(16, BOB, LOCAL, 4, held.id, '👍');
      await fixture.store.receive(held, 1_000, false);
      await fixture.store.receive(reaction, 1_000, false);
      // The text not come yet, with its early edit; a text held, with its reaction: all named at once.
      await fixture.store.deleteMessages([text.id, early.id, held.id, reaction.id], BOB);
      const reopened = await fixture.reopen();
      for (const message of [early, held, reaction]) {
        expect(await reopened.incoming(message.id)).toBeNull();
      }
      expect(await reopened.receive(text, 2_000, false)).toBe('duplicate');
      expect(await reopened.incoming(text.id)).toBeNull();
    });
  });
};
