// The scratch databases really go: a database made in one test, still open, is closed and deleted before the
// next test starts, without waiting on its connection.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { scratchDatabases } from './scratch-databases';

const scratch = scratchDatabases('scratch-databases');
const made: string[] = [];

const exists = async (name: string): Promise<boolean> =>
  (await indexedDB.databases()).some((database) => database.name === name);

describe('scratchDatabases', () => {
  it('makes databases under fresh names', async () => {
    const archive = await scratch.archive();
    const plain = scratch.opened(new Dexie(scratch.name()));
    plain.version(1).stores({ items: 'id' });
    await plain.table('items').put({ id: 1 });
    made.push(archive.name, plain.name);
    expect(new Set(made).size).toBe(2);
    expect(made.every((name) => name.startsWith('scratch-databases-'))).toBe(true);
    expect(await exists(archive.name)).toBe(true);
    expect(await exists(plain.name)).toBe(true);
  });

  it('has deleted the last test’s databases, open ones included', async () => {
    expect(made).toHaveLength(2);
    for (const name of made) {
      expect(await exists(name)).toBe(false);
    }
  });
});
