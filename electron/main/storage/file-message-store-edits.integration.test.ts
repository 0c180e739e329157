// The file message store on a real folder keeping edits (message-edits.ts): an edited text is written as it shows
// into snapshots, a torn edit loses only that edit, an edit of a text already erased brings nothing back, and a
// text deleted or expired takes its edits with it, from what the store answers and from its files.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/messaging/message-format';
import {
  BOB,
  editMessage,
  messageId,
  LOCAL,
  textMessage,
} from '../../../shared/messaging/testing/message-store-contract/samples';
import { useStoreFolder } from './testing/store-folder';
import { send } from './testing/store-workload';

const expiring = (message: Message, expiresAt: number): Message => ({
  ...message,
  meta: { ...message.meta, expiresAt },
});

describe('file message store on disk', () => {
  const folder = useStoreFolder();

  describe('edits', () => {
    it('keeps an edited text and its mark in a snapshot, and a torn edit line loses only that edit', async () => {
      const original = textMessage(1, BOB, LOCAL, 1, 'first words');
      const first = editMessage(2, BOB, LOCAL, 2, original.id, 'second thoughts');
      const second = editMessage(3, BOB, LOCAL, 3, original.id, 'final words');
      const compacting = await folder.openStore({ compactAtBytes: 1 });
      await compacting.receive(original, 10, false);
      await compacting.receive(first, 11, false);
      // Compaction runs once the journal outgrows the snapshot: after these, the edited text is in the snapshot.
      for (let n = 10; n < 40; n += 1) {
        await send(compacting, n, BOB);
      }
      await compacting.close();
      const snapshot = await readFile(path.join(folder.directory, 'snapshot.log'), 'utf8');
      expect(snapshot).toContain('"edited":');

      const store = await folder.openStore();
      await store.receive(second, 12, false);
      await store.close();
      const journal = await folder.journalPath();
      const lines = (await readFile(journal, 'utf8')).split(/(?<=\n)/);
      const last = lines.pop() ?? '';
      await writeFile(journal, lines.join(''));
      await appendFile(journal, last.slice(0, Math.floor(last.length / 2)));

      const reopened = await folder.openStore();
      expect(await reopened.incoming(original.id)).toEqual({
        message: { ...original, body: { text: 'second thoughts' } },
        receivedAt: 10,
        request: false,
        edited: { id: first.id, sentAt: first.sentAt, seq: first.seq },
      });
      expect(await reopened.incoming(second.id)).toBeNull();
      expect(await reopened.receive(second, 13, false)).toBe('stored');
      expect((await reopened.incoming(original.id))?.edited?.id).toBe(second.id);
    });

    it('lets no edit bring back a text that expired, in what it answers or in its files', async () => {
      const store = await folder.openStore();
      const original = expiring(textMessage(4, BOB, LOCAL, 1, 'gone soon'), 1_000);
      await store.receive(original, 10, false);
      await store.receive(expiring(editMessage(5, BOB, LOCAL, 2, original.id, 'gone too'), 1_000), 11, false);
      await store.expire(1_000);
      // An edit that comes after: taken, but its words are not kept (the text is gone).
      const late = editMessage(6, BOB, LOCAL, 3, original.id, 'too late');
      expect(await store.receive(late, 12, false)).toBe('stored');
      expect(await store.incoming(original.id)).toBeNull();
      expect(await store.receive(original, 13, false)).toBe('duplicate');
      await store.close();

      const reopened = await folder.openStore();
      expect(await reopened.incoming(original.id)).toBeNull();
      expect(await reopened.incoming(late.id)).toBeNull();
      const files = await folder.filesText();
      expect(files).not.toContain('gone soon');
      expect(files).not.toContain('gone too');
    });
  });

  describe('edits of a text removed', () => {
    it('deletes a received text with its edits, before and after it came; a resend of one is a duplicate', async () => {
      const store = await folder.openStore({ compactAtBytes: 1 });
      const original = textMessage(1, BOB, LOCAL, 2, 'first words');
      const early = editMessage(2, BOB, LOCAL, 3, original.id, 'early edit');
      const late = editMessage(3, BOB, LOCAL, 4, original.id, 'late edit');
      const kept = textMessage(4, BOB, LOCAL, 5, 'kept words');
      await store.receive(early, 10, false);
      await store.receive(original, 11, false);
      await store.receive(late, 12, false);
      await store.receive(kept, 13, false);
      await store.deleteMessages([original.id]);
      for (const edit of [early, late]) {
        expect(await store.incoming(edit.id)).toBeNull();
        expect(await store.receive(edit, 20, false)).toBe('duplicate');
      }
      await store.close();

      // Replayed from the journal, the same edits are gone.
      const reopened = await folder.openStore({ compactAtBytes: 1 });
      expect(await reopened.incoming(original.id)).toBeNull();
      expect(await reopened.incoming(early.id)).toBeNull();
      expect(await reopened.incoming(late.id)).toBeNull();
      expect(await reopened.receive(late, 21, false)).toBe('duplicate');
      expect((await reopened.incoming(kept.id))?.message).toEqual(kept);
      // Compaction runs once the journal outgrows the snapshot: after these, the journal that held them is gone.
      for (let n = 10; n < 40; n += 1) {
        await send(reopened, n, BOB);
      }
      await reopened.close();
      const files = await folder.filesText();
      expect(files).not.toContain('early edit');
      expect(files).not.toContain('late edit');
      expect(files).toContain('kept words');
    });

    it('deletes a text listed beside its edit, each once', async () => {
      const store = await folder.openStore();
      const original = textMessage(5, BOB, LOCAL, 1, 'first words');
      const edit = editMessage(6, BOB, LOCAL, 2, original.id, 'edited words');
      await store.receive(original, 10, false);
      await store.receive(edit, 11, false);
      await store.deleteMessages([edit.id, original.id]);
      expect(await store.incoming(original.id)).toBeNull();
      expect(await store.incoming(edit.id)).toBeNull();
      await store.close();

      const reopened = await folder.openStore();
      expect(await reopened.incoming(edit.id)).toBeNull();
      expect(await reopened.receive(edit, 12, false)).toBe('duplicate');
    });

    it('expires a received text with its edits, whatever their own expiry, from its answers and its files', async () => {
      const store = await folder.openStore();
      const original = expiring(textMessage(7, BOB, LOCAL, 1, 'gone soon'), 1_000);
      const lasting = editMessage(8, BOB, LOCAL, 2, original.id, 'edit with no timer');
      const later = expiring(editMessage(9, BOB, LOCAL, 3, original.id, 'edit with a later timer'), 5_000);
      const other = textMessage(10, BOB, LOCAL, 4, 'other words');
      const strayEdit = editMessage(11, BOB, LOCAL, 5, messageId(99), 'edit of a text never seen');
      for (const message of [original, lasting, later, other, strayEdit]) {
        await store.receive(message, 10, false);
      }
      expect((await store.incoming(original.id))?.message.body).toEqual({ text: 'edit with a later timer' });
      // The text's own expiry takes its edits: none is needed for theirs.
      expect(await store.nextExpiry()).toBe(1_000);
      await store.expire(1_000);
      expect(await store.nextExpiry()).toBeUndefined();
      for (const edit of [lasting, later]) {
        expect(await store.incoming(edit.id)).toBeNull();
        expect(await store.receive(edit, 20, false)).toBe('duplicate');
      }
      expect((await store.incoming(other.id))?.message).toEqual(other);
      expect((await store.incoming(strayEdit.id))?.message).toEqual(strayEdit);
      const files = await folder.filesText();
      expect(files).not.toContain('edit with no timer');
      expect(files).not.toContain('edit with a later timer');
      expect(files).toContain('edit of a text never seen');
      await store.close();

      const reopened = await folder.openStore();
      expect(await reopened.incoming(lasting.id)).toBeNull();
      expect(await reopened.incoming(later.id)).toBeNull();
      expect(await reopened.nextExpiry()).toBeUndefined();
    });

    it('expires a sent text with its edits, out of the outbox, and numbers on past them', async () => {
      const store = await folder.openStore();
      const sent = await store.createOutgoing(BOB, (seq) =>
        expiring(textMessage(12, LOCAL, BOB, seq, 'sent soon gone'), 1_000),
      );
      const edit = await store.createOutgoing(BOB, (seq) =>
        editMessage(13, LOCAL, BOB, seq, sent.id, 'sent edit with no timer'),
      );
      expect((await store.outgoing(sent.id))?.edited?.id).toBe(edit.id);
      expect(await store.outbox(BOB, 10)).toHaveLength(2);
      expect(await store.nextExpiry()).toBe(1_000);
      await store.expire(1_000);
      expect(await store.outgoing(sent.id)).toBeNull();
      expect(await store.outgoing(edit.id)).toBeNull();
      expect(await store.outbox(BOB, 10)).toEqual([]);
      expect(await store.outboxPeers()).toEqual([]);
      expect(await store.nextExpiry()).toBeUndefined();
      expect(await folder.filesText()).not.toContain('sent edit with no timer');
      await store.close();

      const reopened = await folder.openStore();
      expect(await reopened.outgoing(edit.id)).toBeNull();
      expect(await reopened.outbox(BOB, 10)).toEqual([]);
      const next = await reopened.createOutgoing(BOB, (seq) => textMessage(14, LOCAL, BOB, seq));
      expect(next.seq).toBe(edit.seq + 1);
    });
  });
});
