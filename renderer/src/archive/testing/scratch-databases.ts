// Databases a browser test makes in Chromium's IndexedDB: each under a name no other test uses, closed and
// deleted when the test is over (after each test, or after the file's last test for suites that share them), so
// no test sees another's data, none is left in the profile, and no deletion waits on a connection left open.
import { Dexie } from 'dexie';
import { afterAll, afterEach } from 'vitest';
import { openArchiveDb, type ArchiveDb } from '../archive-db';

export interface ScratchDatabases {
  /** A fresh database name, `<prefix>-<time>-<n>`, deleted when the test is over. */
  name(): string;
  /** Keeps `db` to close (and delete) when the test is over; returns it. */
  opened<T extends Dexie>(db: T): T;
  /** A fresh, empty archive (every schema version applied), closed and deleted when the test is over. */
  archive(): Promise<ArchiveDb>;
}

export const scratchDatabases = (
  prefix: string,
  over: 'each test' | 'all tests' = 'each test',
): ScratchDatabases => {
  const names = new Set<string>();
  const databases: Dexie[] = [];
  let made = 0;
  (over === 'each test' ? afterEach : afterAll)(async () => {
    databases.splice(0).forEach((db) => db.close());
    for (const name of names) {
      await Dexie.delete(name);
    }
    names.clear();
  });
  const name = (): string => {
    made += 1;
    const fresh = `${prefix}-${String(Date.now())}-${String(made)}`;
    names.add(fresh);
    return fresh;
  };
  const opened = <T extends Dexie>(db: T): T => {
    databases.push(db);
    names.add(db.name);
    return db;
  };
  return { name, opened, archive: async () => opened(await openArchiveDb(name())) };
};
