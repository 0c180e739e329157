// The file message store on a real folder keeping edits (message-edits.ts): an edited text is written as it shows
// into snapshots, a torn edit loses only that edit, and an edit of a text already erased brings nothing back.
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/messaging/message-format';
import {
  BOB,
  editMessage,
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

  const filesText = async (): Promise<string> => {
    const names = (await readdir(folder.directory)).filter((name) => name.endsWith('.log'));
    const texts = await Promise.all(names.map((name) => readFile(path.join(folder.directory, name), 'utf8')));
    return texts.join('\n');
  };

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
      const late = editMessage(6, BOB, LOCAL, 3, original.id, 'too late');
      expect(await store.receive(late, 12, false)).toBe('stored');
      expect(await store.incoming(original.id)).toBeNull();
      expect(await store.receive(original, 13, false)).toBe('duplicate');
      await store.close();

      const reopened = await folder.openStore();
      expect(await reopened.incoming(original.id)).toBeNull();
      expect((await reopened.incoming(late.id))?.message).toEqual(late);
      const files = await filesText();
      expect(files).not.toContain('gone soon');
      expect(files).not.toContain('gone too');
    });
  });
});
