// The MessageStore contract on edits (message-edits.ts): storing an edit changes the text it names, in either
// direction, when it is that text's sender's, in its conversation and within the window, and later than the edit
// the text shows; an edit that overtook its text is applied when the text comes. Edits themselves are stored.
import { describe, expect, it } from 'vitest';
import { EDIT_WINDOW_MS } from '../../message-edits';
import type { Message } from '../../message-format';
import { BOB, CAROL, editMessage, inbound, LOCAL, textMessage, timerMessage } from './samples';
import type { StoreContext } from './store-context';

const textOf = (message: Message | undefined): string | undefined =>
  message?.t === 'text' ? message.body.text : undefined;

export const describeEditingContract = ({ open }: StoreContext): void => {
  describe('editing', () => {
    it('shows the latest edit of a received text, whichever edit arrives first, also after a restart', async () => {
      const fixture = await open();
      const original = inbound(1, BOB, 1);
      const first = editMessage(2, BOB, LOCAL, 2, original.id, 'first change');
      const second = editMessage(3, BOB, LOCAL, 3, original.id, 'second change');
      await fixture.store.receive(original, 1_000, false);
      expect(await fixture.store.receive(second, 1_001, false)).toBe('stored');
      expect(await fixture.store.receive(first, 1_002, false)).toBe('stored');
      expect(await fixture.store.incoming(original.id)).toEqual({
        message: { ...original, body: { text: 'second change' } },
        receivedAt: 1_000,
        request: false,
        edited: { id: second.id, sentAt: second.sentAt, seq: second.seq },
      });
      // The edits are stored as they came.
      expect((await fixture.store.incoming(first.id))?.message).toEqual(first);

      const reopened = await fixture.reopen();
      expect(textOf((await reopened.incoming(original.id))?.message)).toBe('second change');
      expect((await reopened.incoming(original.id))?.edited?.id).toBe(second.id);
      expect(await reopened.receive(first, 2_000, false)).toBe('duplicate');
      expect(textOf((await reopened.incoming(original.id))?.message)).toBe('second change');
    });

    it('applies an edit that overtook its text when the text comes', async () => {
      const fixture = await open();
      const original = inbound(4, BOB, 1);
      const edit = editMessage(5, BOB, LOCAL, 2, original.id, 'came first');
      await fixture.store.receive(edit, 1_000, false);
      const reopened = await fixture.reopen();
      // Told apart from a text stored as it came, so the engine announces what the store shows.
      expect(await reopened.receive(original, 1_001, false)).toBe('edited');
      expect(await reopened.incoming(original.id)).toEqual({
        message: { ...original, body: { text: 'came first' } },
        receivedAt: 1_001,
        request: false,
        edited: { id: edit.id, sentAt: edit.sentAt, seq: edit.seq },
      });
    });

    it('stores a text as it came when the edit before it is not one its sender may make', async () => {
      const fixture = await open();
      const original = inbound(30, BOB, 1);
      const forged = editMessage(31, CAROL, LOCAL, 1, original.id, 'not yours');
      expect(await fixture.store.receive(forged, 1_000, false)).toBe('stored');
      expect(await fixture.store.receive(original, 1_001, false)).toBe('stored');
      expect((await fixture.store.incoming(original.id))?.message).toEqual(original);
    });

    it('lets an edit change only its sender’s own text, in its conversation, within the window', async () => {
      const fixture = await open();
      const bobs = inbound(6, BOB, 1);
      const timer = timerMessage(7, BOB, LOCAL, 2, 60);
      const carols = inbound(8, CAROL, 1);
      const mine = await fixture.store.createOutgoing(BOB, (seq) => textMessage(9, LOCAL, BOB, seq));
      for (const message of [bobs, timer, carols]) {
        await fixture.store.receive(message, 1_000, false);
      }
      const late = { ...editMessage(10, BOB, LOCAL, 3, bobs.id), sentAt: bobs.sentAt + EDIT_WINDOW_MS + 1 };
      const refused = [
        editMessage(11, CAROL, LOCAL, 2, bobs.id),
        editMessage(12, BOB, LOCAL, 4, timer.id),
        editMessage(13, BOB, LOCAL, 5, carols.id),
        editMessage(14, BOB, LOCAL, 6, mine.id),
        late,
      ];
      for (const edit of refused) {
        expect(await fixture.store.receive(edit, 1_001, false)).toBe('stored');
      }
      const reopened = await fixture.reopen();
      expect(await reopened.incoming(bobs.id)).toEqual({ message: bobs, receivedAt: 1_000, request: false });
      expect((await reopened.incoming(timer.id))?.message).toEqual(timer);
      expect((await reopened.incoming(carols.id))?.message).toEqual(carols);
      expect(await reopened.outgoing(mine.id)).toEqual({ message: mine, status: 'pending' });
      // At the window's very end it still applies.
      const inTime = {
        ...editMessage(15, BOB, LOCAL, 7, bobs.id, 'just in time'),
        sentAt: bobs.sentAt + EDIT_WINDOW_MS,
      };
      await reopened.receive(inTime, 1_002, false);
      expect(textOf((await reopened.incoming(bobs.id))?.message)).toBe('just in time');
    });

    it('deletes a text’s edits with it, so its words are gone and a resent edit stays out', async () => {
      const fixture = await open();
      const original = inbound(18, BOB, 1);
      const edit = editMessage(19, BOB, LOCAL, 2, original.id, 'words to forget');
      await fixture.store.receive(original, 1_000, false);
      await fixture.store.receive(edit, 1_001, false);
      await fixture.store.deleteMessages([original.id]);
      expect(await fixture.store.incoming(edit.id)).toBeNull();
      const reopened = await fixture.reopen();
      expect(await reopened.incoming(original.id)).toBeNull();
      expect(await reopened.incoming(edit.id)).toBeNull();
      expect(await reopened.receive(edit, 2_000, false)).toBe('duplicate');
      expect(await reopened.incoming(edit.id)).toBeNull();
    });

    it('keeps no words of an edit that comes after its text was deleted', async () => {
      const fixture = await open();
      const original = inbound(20, BOB, 1);
      const late = editMessage(21, BOB, LOCAL, 2, original.id, 'words after the deletion');
      await fixture.store.receive(original, 1_000, false);
      await fixture.store.deleteMessages([original.id]);
      expect(await fixture.store.receive(late, 1_001, false)).toBe('stored');
      expect(await fixture.store.incoming(late.id)).toBeNull();
      const reopened = await fixture.reopen();
      expect(await reopened.incoming(late.id)).toBeNull();
      expect(await reopened.receive(late, 2_000, false)).toBe('duplicate');
      expect(await reopened.receivedSequence(BOB)).toEqual({ upTo: 2, above: [] });
    });

    it('changes the user’s own text when they edit it, keeping the edit through status changes', async () => {
      const fixture = await open();
      const mine = await fixture.store.createOutgoing(BOB, (seq) => textMessage(16, LOCAL, BOB, seq));
      const edit = await fixture.store.createOutgoing(BOB, (seq) =>
        editMessage(17, LOCAL, BOB, seq, mine.id, 'fixed a typo'),
      );
      expect(await fixture.store.setStatus([mine.id], 'delivered')).toEqual([mine.id]);
      const edited = { id: edit.id, sentAt: edit.sentAt, seq: edit.seq };
      expect(await fixture.store.outgoing(mine.id)).toEqual({
        message: { ...mine, body: { text: 'fixed a typo' } },
        status: 'delivered',
        edited,
      });
      // The edit itself goes out like any message.
      expect(await fixture.store.outbox(BOB, 10)).toEqual([edit]);
      const reopened = await fixture.reopen();
      expect(await reopened.outgoing(mine.id)).toEqual({
        message: { ...mine, body: { text: 'fixed a typo' } },
        status: 'delivered',
        edited,
      });
    });
  });
};
