// The file message store on a real folder has one owner: a second open is refused while the first holds the
// folder, and the lock of a process that has exited is taken over.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileMessageStore } from './file-message-store';
import { useStoreFolder } from './testing/store-folder';
import { BOB, send } from './testing/store-workload';

describe('file message store on disk', () => {
  const folder = useStoreFolder();
  const { openStore } = folder;

  describe('one owner', () => {
    it('refuses a second open of a folder in use, until the first closes', async () => {
      const first = await openStore();
      await expect(openFileMessageStore(folder.directory)).rejects.toThrow(
        /is in use by process \d+ \(this one\)/,
      );
      await first.close();
      await openStore();
    });

    it('takes over the lock of a process that has exited', async () => {
      const exited = spawnSync(process.execPath, ['-e', '']);
      await writeFile(
        path.join(folder.directory, 'LOCK'),
        JSON.stringify({ pid: exited.pid, token: 'a crashed process', bootId: null }),
      );
      const store = await openStore();
      await send(store, 1, BOB);
      expect(JSON.parse(await readFile(path.join(folder.directory, 'LOCK'), 'utf8'))).toMatchObject({
        pid: process.pid,
      });
    });
  });
});
