// The group writer on Chromium's IndexedDB: concurrent writes run in the order asked, consecutive items of a
// batched kind share a transaction, each resolves only after its commit, and one failing write does not take
// the others with it.
import { Dexie, type Table } from 'dexie';
import { describe, expect, it } from 'vitest';
import { createGroupWriter } from './group-commit';
import { scratchDatabases } from './testing/scratch-databases';

type Db = Dexie & { items: Table<{ id: number; value: string }, number> };
const scratch = scratchDatabases('group-commit');

const openDb = async (): Promise<Db> => {
  const db = scratch.opened(new Dexie(scratch.name()) as Db);
  db.version(1).stores({ items: 'id' });
  await db.open();
  return db;
};

describe('group writer', () => {
  it('runs concurrent writes in the order asked, each seeing the ones before it', async () => {
    const db = await openDb();
    const { write } = createGroupWriter(db, [db.items]);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        write(async () => {
          const previous = await db.items.get(index - 1);
          await db.items.put({ id: index, value: previous ? `${previous.value}+` : '' });
          return index;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 200 }, (_, index) => index));
    expect((await db.items.get(199))?.value).toBe('+'.repeat(199));
  });

  it('resolves a write only once it is committed (readable from another connection)', async () => {
    const db = await openDb();
    const { write } = createGroupWriter(db, [db.items]);
    await Promise.all([1, 2, 3].map((id) => write(() => db.items.put({ id, value: 'v' }))));
    const other = new Dexie(db.name) as Db;
    other.version(1).stores({ items: 'id' });
    expect(await other.items.count()).toBe(3);
    other.close();
  });

  it('fails only the failing write of a batch; the others are stored', async () => {
    const db = await openDb();
    const { write } = createGroupWriter(db, [db.items]);
    await db.items.add({ id: 7, value: 'already there' });
    const outcomes = await Promise.allSettled([
      write(() => db.items.add({ id: 1, value: 'a' })),
      write(() => db.items.add({ id: 7, value: 'clash' })),
      write(() => db.items.add({ id: 2, value: 'b' })),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await db.items.toArray()).map((item) => [item.id, item.value])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [7, 'already there'],
    ]);
  });

  it('runs consecutive items of a batched kind as one call, in order with the single writes around them', async () => {
    const db = await openDb();
    const writer = createGroupWriter(db, [db.items]);
    const calls: number[][] = [];
    const putAll = writer.batched(async (ids: readonly number[]) => {
      calls.push([...ids]);
      // Each item sees what the single writes before it left (item 3 is written by the single write below).
      const existing = await db.items.bulkGet([...ids]);
      await db.items.bulkPut(ids.map((id) => ({ id, value: `batch${String(calls.length)}` })));
      return existing.map((item) => item?.value ?? 'new');
    });
    // The first write starts a transaction at once; the rest queue behind it and share the next one.
    const outcomes = await Promise.all([
      writer.write(() => db.items.put({ id: 0, value: 'first' })),
      putAll(1),
      putAll(2),
      writer.write(() => db.items.put({ id: 3, value: 'single' })),
      putAll(3),
      putAll(4),
    ]);
    expect(calls).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(outcomes).toEqual([0, 'new', 'new', 3, 'single', 'new']);
    expect((await db.items.toArray()).map((item) => item.value)).toEqual([
      'first',
      'batch1',
      'batch1',
      'batch2',
      'batch2',
    ]);
  });

  it('runs each item of a failing batch alone, so only the failing item fails', async () => {
    const db = await openDb();
    const writer = createGroupWriter(db, [db.items]);
    await db.items.add({ id: 7, value: 'already there' });
    const addAll = writer.batched(async (ids: readonly number[]) => {
      await db.items.bulkAdd(ids.map((id) => ({ id, value: 'added' })));
      return ids;
    });
    const outcomes = await Promise.allSettled([addAll(1), addAll(7), addAll(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await db.items.toArray()).map((item) => [item.id, item.value])).toEqual([
      [1, 'added'],
      [2, 'added'],
      [7, 'already there'],
    ]);
  });

  it('lets a lingering item wait for the next write of its kind, and share its transaction', async () => {
    const db = await openDb();
    const writer = createGroupWriter(db, [db.items]);
    const calls: number[][] = [];
    const putAll = writer.batched(
      async (ids: readonly number[]) => {
        calls.push([...ids]);
        await db.items.bulkPut(ids.map((id) => ({ id, value: 'put' })));
        return ids;
      },
      (id) => id < 0,
    );
    const lingering = putAll(-1);
    // Without lingering, the first item would have started a transaction alone by now.
    await Promise.resolve();
    expect(await Promise.all([lingering, putAll(1)])).toEqual([-1, 1]);
    expect(calls).toEqual([[-1, 1]]);
  });

  it('writes a lingering item alone when no other write comes, and keeps it before writes queued after it', async () => {
    const db = await openDb();
    const writer = createGroupWriter(db, [db.items]);
    const putAll = writer.batched(
      async (ids: readonly number[]) => {
        const before = await db.items.bulkGet([...ids]);
        await db.items.bulkPut(ids.map((id) => ({ id, value: 'lingered' })));
        return before.map((item) => item?.value ?? 'new');
      },
      () => true,
    );
    expect(await putAll(1)).toBe('new');
    const other = new Dexie(db.name) as Db;
    other.version(1).stores({ items: 'id' });
    expect(await other.items.get(1)).toEqual({ id: 1, value: 'lingered' });
    other.close();

    const [lingered, single] = await Promise.all([
      putAll(2),
      writer.write(async () => {
        const seen = await db.items.get(2);
        await db.items.put({ id: 2, value: 'single' });
        return seen?.value;
      }),
    ]);
    expect([lingered, single]).toEqual(['new', 'lingered']);
    expect(await db.items.get(2)).toEqual({ id: 2, value: 'single' });
  });

  it('writes lingering items at once when asked to settle (before the database closes)', async () => {
    const db = await openDb();
    const writer = createGroupWriter(db, [db.items]);
    const putAll = writer.batched(
      async (ids: readonly number[]) => {
        await db.items.bulkPut(ids.map((id) => ({ id, value: 'settled' })));
        return ids;
      },
      () => true,
    );
    const lingering = putAll(1);
    await writer.settle();
    expect(await db.items.get(1)).toEqual({ id: 1, value: 'settled' });
    expect(await lingering).toBe(1);
    await writer.settle();
  });
});
