// Folding stored words again (refold.ts): an archive written by schema version 10, whose words were folded the
// old way ("Straße" kept its ß, "can’t" its typographic apostrophe), is found by the new fold once the refold
// has run, with each message in the posting records exactly once and under its new words only; the refold waits
// while messages wait in the index queue, goes on from where it stopped, starts again for a newer fold, and
// tries again after a failed step.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message } from '../../../../shared/messaging/message-format';
import { textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import { openArchiveDb, type ArchiveDb, type MessageRecord } from '../archive-db';
import { SCHEMA_V10 } from '../archive-schema';
import { recordOf } from '../message-batches';
import { scratchDatabases } from '../testing/scratch-databases';
import { postingsOf } from './index-writes';
import { decodeShard } from './posting-record';
import { refoldStep, startRefold, type RefoldDb, type RefoldOptions } from './refold';
import { FOLD_VERSION } from './text-folding';
import { searchArchive } from './search-archive';
import { parseSearchQuery } from './search-query';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const scratch = scratchDatabases('refold');

/** Texts with the words version 10 stored for them (its fold: NFKD, marks dropped, lower case). */
const OLD_FOLD: readonly (readonly [string, readonly string[]])[] = [
  ['Straße closed', ['straße', 'closed']],
  ['plain words only', ['plain', 'words', 'only']],
  ['I can’t come', ['i', 'can’t', 'come']],
  ['Łódź trip', ['łodz', 'trip']],
  ['more plain words', ['more', 'plain', 'words']],
];

const recordsOf = (messages: readonly Message[]): MessageRecord[] =>
  messages.map((message, index) => ({
    ...recordOf(message, BOB),
    direction: message.from === ME ? 'out' : 'in',
    words: OLD_FOLD[index]?.[1] ?? [],
  }));

/** An archive as version 10 left it: the texts above indexed under their old words. */
const writeVersion10 = async (): Promise<{ db: ArchiveDb; records: MessageRecord[] }> => {
  const name = scratch.name();
  const messages = OLD_FOLD.map(([text], index) =>
    textMessage(index + 1, index % 2 === 0 ? ME : BOB, index % 2 === 0 ? BOB : ME, index + 1, text),
  );
  const records = recordsOf(messages);
  const v10 = new Dexie(name);
  v10.version(10).stores(SCHEMA_V10);
  await v10.open();
  await v10.table('messages').bulkAdd(records);
  await v10.table('postingSegments').bulkAdd(postingsOf(records));
  v10.close();
  return { db: scratch.opened(await openArchiveDb(name)), records };
};

const searchIds = async (db: ArchiveDb, text: string): Promise<string[]> =>
  (await searchArchive(db, parseSearchQuery(text), { limit: 10, names: new Map() })).map((hit) => hit.id);

/** Every (word, message) entry of the posting records. */
const postingEntries = async (db: ArchiveDb): Promise<string[]> =>
  (await db.postingSegments.toArray())
    .flatMap((record) =>
      [...decodeShard(record)].flatMap(([word, messages]) =>
        [...messages.keys()].map((id) => `${word} ${id}`),
      ),
    )
    .sort();

/** Quick steps for tests. */
const QUICK: Omit<RefoldOptions, 'onError'> = { stepMessages: 2, pauseMs: 0, waitMs: 0, retryMs: 0 };

describe('refolding stored words', () => {
  it('finds old messages by the new fold, each indexed once, under its new words only', async () => {
    const { db, records } = await writeVersion10();
    const [strasse, plain, cant, lodz, more] = records.map((record) => record.id);
    // Before: the new fold of a query misses what the old fold stored, but words both folds share are found.
    expect(await searchIds(db, 'strasse ')).toEqual([]);
    expect(await searchIds(db, 'closed ')).toEqual([strasse]);

    const turns = [];
    for (let turn = await refoldStep(db, 2); turn !== 'done'; turn = await refoldStep(db, 2)) {
      turns.push(turn);
    }
    // Three slices of two, the last one short; only the three folded differently are rewritten.
    expect(turns.map((turn) => (typeof turn === 'object' ? turn.read : turn))).toEqual([2, 2, 1]);
    expect(turns.reduce((sum, turn) => sum + (typeof turn === 'object' ? turn.changed : 0), 0)).toBe(3);
    expect(await db.refold.toArray()).toEqual([{ name: 'fold', version: FOLD_VERSION }]);

    expect(await searchIds(db, 'strasse ')).toEqual([strasse]);
    expect(await searchIds(db, 'STRAẞE ')).toEqual([strasse]);
    expect(await searchIds(db, "can't ")).toEqual([cant]);
    expect(await searchIds(db, 'can’t ')).toEqual([cant]);
    expect(await searchIds(db, 'lodz ')).toEqual([lodz]);
    expect(await searchIds(db, 'plain ')).toEqual([more, plain]);
    expect((await db.messages.get(strasse ?? ''))?.words).toEqual(['strasse', 'closed']);
    expect((await db.messages.get(plain ?? ''))?.words).toEqual(['plain', 'words', 'only']);

    const expected = (await db.messages.toArray())
      .flatMap((record) => (record.words ?? []).map((word) => `${word} ${record.id}`))
      .sort();
    expect(await postingEntries(db)).toEqual(expected);
  });

  it('goes newest first, waits while messages are queued for the index, and goes on from where it stopped', async () => {
    const { db, records } = await writeVersion10();
    const newestFirst = records
      .map((record) => record.id)
      .sort()
      .reverse();
    expect(await refoldStep(db, 2)).toMatchObject({ read: 2 });
    const progress = await db.refold.get('refold');
    expect(progress).toEqual({ name: 'refold', fold: FOLD_VERSION, before: newestFirst[1] });

    await db.indexQueue.add({ id: 'queued', sentAt: 1, words: ['queued'] });
    expect(await refoldStep(db, 2)).toBe('waiting');
    expect(await db.refold.get('refold')).toEqual(progress);
    await db.indexQueue.clear();

    // A new session's refolder picks up the rest.
    const errors: unknown[] = [];
    await startRefold(db, { ...QUICK, onError: (error) => errors.push(error) }).settled;
    expect(errors).toEqual([]);
    expect(await db.refold.toArray()).toEqual([{ name: 'fold', version: FOLD_VERSION }]);
    expect(await searchIds(db, 'lodz ')).toEqual([records[3]?.id]);
    expect(await searchIds(db, 'strasse ')).toEqual([records[0]?.id]);
  });

  it('walks again from the newest when the fold is newer than the one recorded, and not when it is the same', async () => {
    const { db, records } = await writeVersion10();
    // An older fold recorded, and a refold to it cut short: the current fold starts over.
    await db.refold.bulkPut([
      { name: 'fold', version: FOLD_VERSION - 2 },
      { name: 'refold', fold: FOLD_VERSION - 1, before: records[0]?.id ?? null },
    ]);
    const newestFirst = records
      .map((record) => record.id)
      .sort()
      .reverse();
    expect(await refoldStep(db, 2)).toMatchObject({ read: 2 });
    expect(await db.refold.get('refold')).toEqual({
      name: 'refold',
      fold: FOLD_VERSION,
      before: newestFirst[1],
    });

    await db.refold.clear();
    await db.refold.put({ name: 'fold', version: FOLD_VERSION });
    expect(await refoldStep(db, 2)).toBe('done');
    // Nothing walked: the old words stay where a recorded fold says there is nothing to do.
    expect(await searchIds(db, 'strasse ')).toEqual([]);
  });

  it('tries again after a failed step, reporting the failure once', async () => {
    const { db } = await writeVersion10();
    let failures = 2;
    const failing = new Proxy(db, {
      get(target, key, receiver) {
        if (key === 'transaction' && failures > 0) {
          failures -= 1;
          return () => Promise.reject(new Error('QuotaExceededError'));
        }
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as RefoldDb;
    const errors: unknown[] = [];
    await startRefold(failing, { ...QUICK, onError: (error) => errors.push(error) }).settled;
    expect(errors.map(String)).toEqual(['Error: QuotaExceededError']);
    expect(await db.refold.toArray()).toEqual([{ name: 'fold', version: FOLD_VERSION }]);
    expect(await searchIds(db, 'strasse ')).toHaveLength(1);
  });

  it('leaves a new archive nothing to refold: its fold is recorded when it is made', async () => {
    const db = await scratch.archive();
    expect(await db.refold.toArray()).toEqual([{ name: 'fold', version: FOLD_VERSION }]);
    expect(await refoldStep(db, 10)).toBe('done');
  });

  it('records the fold of an archive with none recorded after one walk', async () => {
    const db = await scratch.archive();
    await db.refold.clear();
    expect(await refoldStep(db, 10)).toEqual({ read: 0, changed: 0 });
    expect(await db.refold.toArray()).toEqual([{ name: 'fold', version: FOLD_VERSION }]);
    expect(await refoldStep(db, 10)).toBe('done');
  });
});
