// Folding stored words again (refold.ts): an archive written by schema version 10, whose words were folded the
// old way ("Straße" kept its ß, "can’t" its typographic apostrophe), is found by the new fold once the refold
// has run, with each message in the posting records exactly once and under its new words only; the refold waits
// while messages wait in the index queue, and goes on from where it stopped.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message } from '../../../../shared/messaging/message-format';
import { textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import { openArchiveDb, SCHEMA_V10, type ArchiveDb, type MessageRecord } from '../archive-db';
import { recordOf } from '../message-batches';
import { scratchDatabases } from '../testing/scratch-databases';
import { postingsOf } from './index-writes';
import { decodeShard } from './posting-record';
import { refoldStep, startRefold } from './refold';
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

describe('refolding stored words', () => {
  it('finds old messages by the new fold, each indexed once, under its new words only', async () => {
    const { db, records } = await writeVersion10();
    expect(await db.refold.get('refold')).toEqual({ name: 'refold', after: null });
    // Before: the new fold of a query misses what the old fold stored.
    expect(await searchIds(db, 'strasse ')).toEqual([]);

    const turns = [];
    for (let turn = await refoldStep(db, 2); turn !== 'done'; turn = await refoldStep(db, 2)) {
      turns.push(turn);
    }
    // Three slices of two, the last one short; only the three folded differently are rewritten.
    expect(turns.map((turn) => (typeof turn === 'object' ? turn.read : turn))).toEqual([2, 2, 1]);
    expect(turns.reduce((sum, turn) => sum + (typeof turn === 'object' ? turn.changed : 0), 0)).toBe(3);
    expect(await db.refold.count()).toBe(0);

    const [strasse, plain, cant, lodz, more] = records.map((record) => record.id);
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

  it('waits while messages are queued for the index, and goes on from where it stopped', async () => {
    const { db, records } = await writeVersion10();
    expect(await refoldStep(db, 2)).toMatchObject({ read: 2 });
    const progress = await db.refold.get('refold');
    expect(progress?.after).toBe(records.map((record) => record.id).sort()[1]);

    await db.indexQueue.add({ id: 'queued', sentAt: 1, words: ['queued'] });
    expect(await refoldStep(db, 2)).toBe('waiting');
    expect(await db.refold.get('refold')).toEqual(progress);
    await db.indexQueue.clear();

    // A new session's refolder picks up the rest.
    const errors: unknown[] = [];
    const refolder = startRefold(db, {
      stepMessages: 2,
      pauseMs: 0,
      waitMs: 0,
      onError: (error) => errors.push(error),
    });
    await refolder.settled;
    expect(errors).toEqual([]);
    expect(await db.refold.count()).toBe(0);
    expect(await searchIds(db, 'lodz ')).toEqual([records[3]?.id]);
    expect(await searchIds(db, 'strasse ')).toEqual([records[0]?.id]);
  });

  it('leaves a new archive nothing to refold', async () => {
    const db = await scratch.archive();
    expect(await db.refold.count()).toBe(0);
    expect(await refoldStep(db, 10)).toBe('done');
  });
});
