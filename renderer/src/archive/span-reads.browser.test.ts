// Span reads on Chromium's IndexedDB give exactly bulkGet's answer whatever the table holds around the IDs asked
// for, and take one request for a batch of neighbouring IDs instead of one per ID.
import { Dexie, type Table } from 'dexie';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existingBySpan, getBySpan } from './span-reads';

interface Item {
  readonly id: string;
  readonly value: number;
}
type Db = Dexie & { items: Table<Item, string> };

let db: Db;

beforeAll(async () => {
  db = new Dexie(`span-reads-${String(Date.now())}`) as Db;
  db.version(1).stores({ items: 'id' });
  await db.open();
});

afterAll(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** IDs drawn from a small alphabet, so stored and asked-for IDs interleave and collide often. */
const idArb = fc.string({
  unit: fc.constantFrom('0', '1', '7', 'a', 'f', 'z'),
  minLength: 1,
  maxLength: 4,
});

/** Counts the read requests IndexedDB receives while `read` runs. */
const countingRequests = async <T>(read: () => Promise<T>): Promise<{ result: T; requests: number }> => {
  const spies = [
    vi.spyOn(IDBObjectStore.prototype, 'get'),
    vi.spyOn(IDBObjectStore.prototype, 'getAll'),
    vi.spyOn(IDBObjectStore.prototype, 'getAllKeys'),
  ];
  try {
    const result = await read();
    return { result, requests: spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0) };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
};

describe('span reads', () => {
  it('answer as bulkGet does, for any stored IDs and any IDs asked for', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(idArb, { maxLength: 300 }),
        fc.array(idArb, { maxLength: 60 }),
        async (stored, asked) => {
          await db.items.clear();
          await db.items.bulkPut(stored.map((id, value) => ({ id, value })));
          const expected = await db.items.bulkGet(asked);
          expect(await getBySpan(db.items, asked)).toEqual(expected);
          const existing = await existingBySpan(db.items, asked);
          expect([...existing].sort()).toEqual(
            [...new Set(asked.filter((_, index) => expected[index] !== undefined))].sort(),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a batch of neighbouring IDs in one request', async () => {
    await db.items.clear();
    const ids = Array.from({ length: 500 }, (_, index) => `m${String(index).padStart(4, '0')}`);
    await db.items.bulkPut(ids.map((id, value) => ({ id, value })));
    const batch = ids.slice(200, 300).reverse();
    const read = await countingRequests(() => getBySpan(db.items, batch));
    expect(read.result.map((item) => item?.value)).toEqual(batch.map((id) => Number(id.slice(1))));
    expect(read.requests).toBe(1);
    const keys = await countingRequests(() => existingBySpan(db.items, [...batch, 'm9999']));
    expect(keys.result).toEqual(new Set(batch));
    expect(keys.requests).toBe(1);
  });

  it('checks a few IDs for existence by key, never reading a record', async () => {
    await db.items.clear();
    await db.items.bulkPut(['m0001', 'm0002', 'm0400'].map((id, value) => ({ id, value })));
    const spies = (['get', 'getAll', 'getAllKeys'] as const).map((method) =>
      vi.spyOn(IDBObjectStore.prototype, method),
    );
    try {
      expect(await existingBySpan(db.items, ['m0400', 'm0003'])).toEqual(new Set(['m0400']));
      expect(spies.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 2]);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });

  it('reads what lies beyond a crowded span key by key', async () => {
    await db.items.clear();
    const ids = Array.from({ length: 500 }, (_, index) => `m${String(index).padStart(4, '0')}`);
    await db.items.bulkPut(ids.map((id, value) => ({ id, value })));
    // An old ID among new ones: the span holds 400 records, more than a page for 4 IDs.
    const batch = ['m0001', 'm0400', 'm0401', 'm0402'];
    const read = await countingRequests(() => getBySpan(db.items, batch));
    expect(read.result.map((item) => item?.id)).toEqual(batch);
    expect(read.requests).toBe(1 + 3);
  });
});
