// Drafts in the archive (schema v13): kept and read back by peer, an empty one is no record, and a database
// written by version 12 opens with its messages and no drafts.
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { textMessage } from '../../../shared/messaging/testing/message-store-contract';
import { openArchiveDb, type MessageRecord } from './archive-db';
import { SCHEMA_V12 } from './archive-schema';
import { readDrafts, writeDraft } from './drafts';
import { recordOf } from './message-batches';
import { scratchDatabases } from './testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;
const scratch = scratchDatabases('drafts');

describe('drafts in the archive', () => {
  it('keeps one draft per conversation, replaces it, and drops it when emptied', async () => {
    const db = await scratch.archive();
    expect(await readDrafts(db)).toEqual({});
    await writeDraft(db, BOB, 'half a', 1);
    await writeDraft(db, BOB, 'half a thought', 2);
    await writeDraft(db, CAROL, 'see you\non Monday', 3);
    expect(await readDrafts(db)).toEqual({ [BOB]: 'half a thought', [CAROL]: 'see you\non Monday' });
    expect(await db.drafts.get(BOB)).toEqual({ peer: BOB, text: 'half a thought', savedAt: 2 });

    await writeDraft(db, BOB, '', 4);
    expect(await readDrafts(db)).toEqual({ [CAROL]: 'see you\non Monday' });
    expect(await db.drafts.count()).toBe(1);
  });

  it('upgrades a version 12 database: its messages stay, and it has no drafts', async () => {
    const name = scratch.name();
    const record: MessageRecord = { ...recordOf(textMessage(1, ME, BOB, 1), BOB), direction: 'out' };
    const v12 = new Dexie(name);
    v12.version(12).stores(SCHEMA_V12);
    await v12.open();
    await v12.table('messages').add(record);
    v12.close();

    const db = scratch.opened(await openArchiveDb(name));
    expect(db.verno).toBe(14);
    expect(await db.messages.get(record.id)).toEqual(record);
    expect(await readDrafts(db)).toEqual({});
    await writeDraft(db, BOB, 'after the upgrade', 5);
    expect(await readDrafts(db)).toEqual({ [BOB]: 'after the upgrade' });
  });
});
