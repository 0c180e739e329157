// The file message store on a real folder, folding its journal into snapshots: nothing is lost through many
// compactions, and a compaction cut short by a crash leaves a folder that opens.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryMessageStore } from '../../../shared/messaging/memory-message-store';
import { messageId } from '../../../shared/messaging/testing/message-store-contract';
import { timerMessage } from '../../../shared/messaging/testing/message-store-contract/samples';
import { useStoreFolder } from './testing/store-folder';
import { BOB, idsUpTo, ME, message, observe, PEERS, send, workloadStep } from './testing/store-workload';

describe('file message store on disk', () => {
  const folder = useStoreFolder();
  const { openStore } = folder;

  describe('compaction', () => {
    it('keeps everything through many compactions', async () => {
      const memory = createMemoryMessageStore();
      const store = await openStore({ compactAtBytes: 4096 });
      for (let n = 1; n <= 300; n += 1) {
        await workloadStep([memory, store], n);
      }
      const ids = idsUpTo(300);
      const expected = await observe(memory, ids);
      expect(await observe(store, ids)).toEqual(expected);
      await store.close();

      const files = await readdir(folder.directory);
      const journals = files.filter((file) => file.startsWith('journal-'));
      expect(journals).toHaveLength(1);
      expect(Number(/\d+/.exec(journals[0] ?? '')?.[0])).toBeGreaterThan(3);
      expect(files.sort()).toEqual(['snapshot.log', ...journals].sort());
      const reopened = await openStore();
      expect(await observe(reopened, ids)).toEqual(expected);
      // Deleted messages are still known after being folded into snapshots: offered again, they are duplicates.
      for (let n = 3; n <= 300; n += 3) {
        const again = message(n, PEERS[n % 2] ?? BOB, ME, 1);
        expect(await reopened.receive(again, 0, false)).toBe(await memory.receive(again, 0, false));
        expect(await reopened.incoming(again.id)).toEqual(await memory.incoming(again.id));
      }
    });

    it("keeps a conversation's disappearing timer through compaction after its timer message was deleted", async () => {
      const store = await openStore({ compactAtBytes: 1 });
      const change = timerMessage(7, BOB, ME, 1, 3600);
      await store.receive(change, 0, false);
      await store.deleteMessages([change.id]);
      // Compaction runs once the journal outgrows the snapshot: after these, the deleted message is only a
      // tombstone in the snapshot.
      for (let n = 8; n < 40; n += 1) {
        await send(store, n, BOB);
      }
      expect(await store.disappearingTimer(change.conversation)).toBe(3600);
      await store.close();
      const reopened = await openStore();
      expect(await reopened.disappearingTimer(change.conversation)).toBe(3600);
      expect(await reopened.incoming(change.id)).toBeNull();
    });

    it('opens after a compaction cut short, ignoring the old journal, a half snapshot and the next journal', async () => {
      const store = await openStore();
      await send(store, 1, BOB);
      await store.setStatus([messageId(1)], 'sent');
      await store.close();
      const firstJournal = await readFile(path.join(folder.directory, 'journal-0.log'));

      const compacting = await openStore({ compactAtBytes: 1 });
      await send(compacting, 2, BOB);
      await compacting.close();
      expect((await readdir(folder.directory)).sort()).toEqual(['journal-1.log', 'snapshot.log']);
      // As if the crash came after the snapshot was renamed into place but before the old journal was removed,
      // with a leftover temporary snapshot and the next journal already created.
      await writeFile(path.join(folder.directory, 'journal-0.log'), firstJournal);
      await writeFile(path.join(folder.directory, 'snapshot.log.1234.tmp'), 'half a snapshot');
      await writeFile(
        path.join(folder.directory, 'journal-2.log'),
        (await readFile(path.join(folder.directory, 'journal-1.log'), 'utf8')).split('\n')[0] ?? '',
      );

      const reopened = await openStore();
      expect((await reopened.outbox(BOB, 10)).map((m) => [m.seq, m.id])).toEqual([
        [1, messageId(1)],
        [2, messageId(2)],
      ]);
      expect((await reopened.outgoing(messageId(1)))?.status).toBe('sent');
      expect((await readdir(folder.directory)).sort()).toEqual(['LOCK', 'journal-1.log', 'snapshot.log']);
    });
  });
});
