// The file message store on a real folder, when its files are torn or damaged: a torn last journal line is
// dropped and cut off, any other damage to journal or snapshot refuses to open and changes nothing.
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { messageId } from '../../../shared/messaging/testing/message-store-contract';
import { MessageStoreCorruptError, openFileMessageStore } from './file-message-store';
import { useStoreFolder } from './testing/store-folder';
import { BOB, CAROL, ME, message, send } from './testing/store-workload';

describe('file message store on disk', () => {
  const folder = useStoreFolder();
  const { openStore, journalPath } = folder;

  describe('torn and damaged lines', () => {
    it.each([
      ['half a line', (line: Buffer) => line.subarray(0, Math.floor(line.length / 2))],
      ['a whole line without its newline', (line: Buffer) => line.subarray(0, line.length - 1)],
      ['zeros where a line was going', (line: Buffer) => Buffer.alloc(line.length)],
      [
        'a line ending in garbage',
        (line: Buffer) => Buffer.concat([line.subarray(0, 20), Buffer.from('#\n')]),
      ],
    ])('ignores a torn last journal line (%s) and appends after it cleanly', async (_name, tear) => {
      const store = await openStore();
      await send(store, 1, BOB);
      await send(store, 2, BOB);
      await store.close();
      const lines = (await readFile(await journalPath())).toString('utf8').split(/(?<=\n)/);
      await appendFile(await journalPath(), tear(Buffer.from(lines.at(-1) ?? '')));

      const reopened = await openStore();
      expect((await reopened.outbox(BOB, 10)).map((m) => m.seq)).toEqual([1, 2]);
      await send(reopened, 3, BOB);
      await reopened.close();
      expect((await (await openStore()).outbox(BOB, 10)).map((m) => m.seq)).toEqual([1, 2, 3]);
    });

    it('cuts a torn line off on open, so later appends follow a whole line', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      await store.close();
      const journal = await journalPath();
      const whole = (await readFile(journal)).length;
      await appendFile(journal, 'deadbeef {"type":"comm');
      await (await openStore()).close();
      expect((await readFile(journal)).length).toBe(whole);
    });

    it('keeps the state before the last write, wherever in that write a crash cuts the journal', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      const before = await readFile(await journalPath());
      await store.setStatus([messageId(1)], 'failed', 'expired');
      await store.close();
      const after = await readFile(await journalPath());
      expect(after.length).toBeGreaterThan(before.length + 1);
      for (let cut = before.length; cut < after.length; cut += 1) {
        await writeFile(await journalPath(), after.subarray(0, cut));
        const reopened = await openStore();
        expect(await reopened.outgoing(messageId(1))).toEqual({
          message: message(1, ME, BOB, 1),
          status: 'pending',
        });
        await reopened.close();
      }
      await writeFile(await journalPath(), after);
      expect((await (await openStore()).outgoing(messageId(1)))?.status).toBe('failed');
    });

    it('refuses to open when a line in the middle is damaged, and changes nothing', async () => {
      const store = await openStore();
      for (let n = 1; n <= 5; n += 1) {
        await send(store, n, BOB);
      }
      await store.close();
      const journal = await journalPath();
      const bytes = await readFile(journal);
      bytes[bytes.indexOf('message 2:')] = 'M'.charCodeAt(0);
      await writeFile(journal, bytes);

      const opening = openFileMessageStore(folder.directory);
      await expect(opening).rejects.toThrow(MessageStoreCorruptError);
      await expect(opening).rejects.toThrow(/journal-0\.log line 3: checksum mismatch/);
      expect(await readFile(journal)).toEqual(bytes);
      // The lock was released: trying again gives the same answer, not "in use".
      await expect(openFileMessageStore(folder.directory)).rejects.toThrow(/line 3: checksum mismatch/);
    });

    it('refuses a line whose checksum holds but whose record is invalid', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      await send(store, 2, BOB);
      await store.close();
      const journal = await journalPath();
      const lines = (await readFile(journal, 'utf8')).split('\n');
      const json = (lines[1] ?? '').slice(9).replace(messageId(1), 'not-a-message-id');
      lines[1] = `${crc32(json).toString(16).padStart(8, '0')} ${json}`;
      await writeFile(journal, lines.join('\n'));

      await expect(openFileMessageStore(folder.directory)).rejects.toThrow(
        /line 2: invalid record \(ops\.0\.message/,
      );
    });

    it('refuses to open when the snapshot is damaged', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      await send(store, 2, BOB);
      await store.close();
      // The first write folds both messages and the contact into a snapshot: header, 2 messages, the numbers
      // given out (sent-up-to), contact, end.
      const compacting = await openStore({ compactAtBytes: 1 });
      await compacting.setContactState(CAROL, 'blocked');
      await compacting.close();
      const snapshot = path.join(folder.directory, 'snapshot.log');
      const text = await readFile(snapshot, 'utf8');
      await writeFile(snapshot, text.replace('"seq":2', '"seq":3'));

      await expect(openFileMessageStore(folder.directory)).rejects.toThrow(
        /snapshot\.log line 3: checksum mismatch/,
      );
      const lines = text.split(/(?<=\n)/);
      await writeFile(snapshot, [...lines.slice(0, 2), ...lines.slice(3)].join(''));
      await expect(openFileMessageStore(folder.directory)).rejects.toThrow(
        /line 5: records missing before the end line/,
      );
      await writeFile(snapshot, lines.slice(0, -2).join(''));
      await expect(openFileMessageStore(folder.directory)).rejects.toThrow(
        /snapshot\.log: it ends before its end line/,
      );
    });

    it('refuses to open when the journal a snapshot names is missing', async () => {
      const store = await openStore({ compactAtBytes: 1 });
      await send(store, 1, BOB);
      await store.close();
      await rm(await journalPath());
      await expect(openFileMessageStore(folder.directory)).rejects.toThrow(
        /is missing, though snapshot\.log names it/,
      );
    });
  });
});
