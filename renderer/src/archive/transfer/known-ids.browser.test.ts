// knownIds on Chromium's IndexedDB: the same answer as asking for every ID, whether a window's key range is read
// as keys or the table is denser there and the window is looked up ID by ID.
import { Dexie, type Table } from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownIds } from './known-ids';
import { scratchDatabases } from '../testing/scratch-databases';

interface Item {
  readonly id: string;
}

const scratch = scratchDatabases('known-ids', 'all tests');

const freshTable = async (stored: readonly string[]): Promise<Table<Item, string>> => {
  const db = scratch.opened(new Dexie(scratch.name()));
  db.version(1).stores({ items: 'id' });
  const table = db.table<Item, string>('items');
  await table.bulkAdd(stored.map((id) => ({ id })));
  return table;
};

const id = (n: number): string => `id-${String(n).padStart(5, '0')}`;

describe('knownIds', () => {
  it('finds the stored IDs among those asked for, reading key ranges', async () => {
    const table = await freshTable([1, 3, 5, 7, 100].map(id));
    const known = await knownIds(table, [7, 2, 3, 8, 200].map(id));
    expect([...known].sort()).toEqual([3, 7].map(id));
  });

  it('gives the same answer where the table is denser than a window allows', async () => {
    const table = await freshTable(Array.from({ length: 50 }, (_, n) => id(n)));
    const known = await knownIds(table, [0, 25, 49, 60].map(id), { window: 2, keysPerWindow: 3 });
    expect([...known].sort()).toEqual([0, 25, 49].map(id));
  });

  it('answers nothing for no IDs', async () => {
    const table = await freshTable([id(1)]);
    expect((await knownIds(table, [])).size).toBe(0);
  });

  it('agrees with asking for each ID, for any stored and asked sets and window sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.nat(60), { maxLength: 40 }),
        fc.uniqueArray(fc.nat(60), { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        async (stored, asked, window, keysPerWindow) => {
          const table = await freshTable(stored.map(id));
          const known = await knownIds(table, asked.map(id), { window, keysPerWindow });
          const expected = asked.filter((n) => stored.includes(n)).map(id);
          expect([...known].sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 40 },
    );
  });
});
