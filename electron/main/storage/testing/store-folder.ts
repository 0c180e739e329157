// A fresh folder for each test of the file message store on disk, removed afterwards along with closing every
// store the test opened in it; and ways to reach its journal and to copy it as a crash would leave it.
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import {
  openFileMessageStore,
  type FileMessageStore,
  type FileMessageStoreOptions,
} from '../file-message-store';

export interface StoreFolder {
  /** This test's folder. */
  readonly directory: string;
  /** Opens a store (in this test's folder unless told), closed after the test. */
  readonly openStore: (options?: FileMessageStoreOptions, folder?: string) => Promise<FileMessageStore>;
  readonly journalPath: (folder?: string) => Promise<string>;
  /** The folder as a process killed right now would leave it (the lock is its own; see the lock tests). */
  readonly crashCopy: () => Promise<string>;
  /** Everything the store's files hold, as text (to check what was erased is gone from them). */
  readonly filesText: () => Promise<string>;
}

/** Call inside a `describe`: sets up and tears down a folder around each of its tests. */
export const useStoreFolder = (): StoreFolder => {
  let directory = '';
  const opened: FileMessageStore[] = [];

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'parley-messages-'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(directory, { recursive: true, force: true });
  });

  return {
    get directory() {
      return directory;
    },
    async openStore(options = {}, folder = directory) {
      const store = await openFileMessageStore(folder, options);
      opened.push(store);
      return store;
    },
    async journalPath(folder = directory) {
      const name = (await readdir(folder)).find((file) => /^journal-\d+\.log$/.test(file));
      if (!name) {
        throw new Error('no journal');
      }
      return path.join(folder, name);
    },
    async crashCopy() {
      const copy = await mkdtemp(path.join(tmpdir(), 'parley-crash-'));
      await cp(directory, copy, { recursive: true, filter: (source) => path.basename(source) !== 'LOCK' });
      return copy;
    },
    async filesText() {
      const names = (await readdir(directory)).filter((name) => name.endsWith('.log'));
      const texts = await Promise.all(names.map((name) => readFile(path.join(directory, name), 'utf8')));
      return texts.join('\n');
    },
  };
};
