// The memoized DBCore tables: built once per opening of the database, not once per transaction, and the
// middleware below them still sees each transaction (hooks, live queries, a reopened database).
import { Dexie, liveQuery, type Table } from 'dexie';
import { describe, expect, it } from 'vitest';
import { memoizedTablesMiddleware } from './memoized-tables';
import { scratchDatabases } from './testing/scratch-databases';

interface Note {
  readonly id: string;
  readonly text: string;
  readonly stamped?: boolean;
}
type NotesDb = Dexie & { notes: Table<Note, string> };

const scratch = scratchDatabases('memoized-tables');

const openNotes = async () => {
  const db = scratch.opened(new Dexie(scratch.name()) as NotesDb);
  db.version(1).stores({ notes: 'id' });
  db.use(memoizedTablesMiddleware);
  await db.open();
  return db;
};

describe('memoizedTablesMiddleware', () => {
  it('hands every transaction the same table of the stack', async () => {
    const db = await openNotes();
    const cores: unknown[] = [];
    for (const text of ['one', 'two']) {
      await db.transaction('rw', db.notes, async (transaction) => {
        await db.notes.put({ id: text, text });
        cores.push(transaction.table('notes').core);
      });
    }
    expect(cores[0]).toBe(cores[1]);
    expect(db.core.table('notes')).toBe(db.core.table('notes'));
  });

  it('still runs hooks per write, including a hook added after the tables were built', async () => {
    const db = await openNotes();
    await db.notes.put({ id: 'before', text: 'before' });
    db.notes.hook('creating', (_key, note: { stamped?: boolean }) => {
      note.stamped = true;
    });
    await db.transaction('rw', db.notes, () => db.notes.add({ id: 'after', text: 'after' }));
    expect((await db.notes.get('before'))?.stamped).toBeUndefined();
    expect((await db.notes.get('after'))?.stamped).toBe(true);
  });

  it('lets a live query see writes made by later transactions', async () => {
    const db = await openNotes();
    const seen: number[] = [];
    const subscription = liveQuery(() => db.notes.count()).subscribe((count) => seen.push(count));
    try {
      for (const id of ['a', 'b', 'c']) {
        await db.transaction('rw', db.notes, () => db.notes.put({ id, text: id }));
        await expect.poll(() => seen.at(-1)).toBe(['a', 'b', 'c'].indexOf(id) + 1);
      }
    } finally {
      subscription.unsubscribe();
    }
  });

  it('builds fresh tables when the database is reopened, and they write to the reopened database', async () => {
    const db = await openNotes();
    const before = db.core.table('notes');
    await db.notes.put({ id: 'first', text: 'first' });
    db.close();
    await db.open();
    expect(db.core.table('notes')).not.toBe(before);
    await db.transaction('rw', db.notes, () => db.notes.put({ id: 'second', text: 'second' }));
    expect((await db.notes.toArray()).map((note) => note.id)).toEqual(['first', 'second']);
  });
});
