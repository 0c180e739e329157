// Edits through export and import, on Chromium's IndexedDB: an archive with edited texts both ways (and the edits
// themselves) exported, imported into an empty archive and exported again gives the same file, searched by the
// edited words; an import applies edits as a store does to the texts it brings, never to texts here, and drops an edited mark
// no edit could have made.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message } from '../../../../shared/messaging/message-format';
import { editMessage, textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import type { ArchiveDb } from '../archive-db';
import { openDexieMessageStore } from '../dexie-message-store';
import { searchIds } from '../search/testing/compaction-fixtures';
import { scratchDatabases } from '../testing/scratch-databases';
import { exportArchive } from './archive-export';
import { importArchive, parseArchiveFile, type ArchiveFileInput } from './archive-import';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const scratch = scratchDatabases('edits-transfer', 'all tests');

/** An archive holding `received` from Bob (in this order) and the user's own messages `sent`, all delivered. */
const archiveWith = async (
  received: readonly Message[],
  sent: readonly Message[] = [],
): Promise<ArchiveDb> => {
  const db = await scratch.archive();
  const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
  await store.setContactState(BOB, 'accepted');
  for (const [at, message] of received.entries()) {
    await store.receive(message, message.sentAt + at + 1, false);
  }
  for (const message of sent) {
    await store.createOutgoing(BOB, () => message);
  }
  await store.setStatus(
    sent.map((message) => message.id),
    'delivered',
  );
  await store.stop();
  return db;
};

const fileOf = async (db: ArchiveDb): Promise<ArchiveFileInput> => {
  const parsed = parseArchiveFile(JSON.stringify(await exportArchive(db, ME, 1)), ME);
  if (!parsed.ok) {
    throw new Error(parsed.error.message);
  }
  return parsed.value;
};

const textOf = async (db: ArchiveDb, message: Message) => {
  const stored = (await db.messages.get(message.id))?.message;
  return stored?.t === 'text' ? stored.body.text : undefined;
};

const withoutTime = <T extends { exportedAt: number }>({ exportedAt: _time, ...rest }: T) => rest;

describe('edits in archive export and import', () => {
  it('round-trips edited texts and their edits through a JSON file without loss', async () => {
    const bobs = textMessage(1, BOB, ME, 1, 'see you at the harbour');
    const late = textMessage(2, BOB, ME, 2, 'late words');
    const mine = textMessage(3, ME, BOB, 1, 'my first draft');
    const source = await archiveWith(
      [
        bobs,
        editMessage(4, BOB, ME, 3, bobs.id, 'see you at the station'),
        editMessage(5, BOB, ME, 4, late.id, 'late words, fixed'),
        late,
      ],
      [mine, editMessage(6, ME, BOB, 2, mine.id, 'my second draft')],
    );
    const exported = await exportArchive(source, ME, 1);
    const editedOf = (message: Message) =>
      exported.messages.find((entry) => entry.message.id === message.id)?.edited?.id;
    expect([editedOf(bobs), editedOf(late), editedOf(mine)]).toEqual([
      editMessage(4, BOB, ME, 3, bobs.id).id,
      editMessage(5, BOB, ME, 4, late.id).id,
      editMessage(6, ME, BOB, 2, mine.id).id,
    ]);
    const parsed = parseArchiveFile(JSON.stringify(exported), ME);
    if (!parsed.ok) {
      throw new Error(parsed.error.message);
    }

    const target = await scratch.archive();
    // As a full backup's archive is, so the contact comes back as it was and the export after matches.
    expect(await importArchive(target, parsed.value, 2, { trusted: true })).toEqual({
      imported: 6,
      skipped: 0,
      contactsAdded: 1,
      contactsToAccept: 0,
    });
    expect(withoutTime(await exportArchive(target, ME, 3))).toEqual(withoutTime(exported));
    expect(await target.messages.orderBy('editOf').count()).toBe(3);
    expect(await searchIds(target, 'station ')).toEqual([bobs.id]);
    expect(await searchIds(target, 'harbour ')).toEqual([]);
    expect(await searchIds(target, 'fixed ')).toEqual([late.id]);
    expect(await searchIds(target, 'second ')).toEqual([mine.id]);
    // Only texts are unread: the imported edits are not.
    expect(await target.messages.where('[conversation+unread]').between([''], ['\uffff']).count()).toBe(2);
  });

  it('applies an imported edit to a text imported with it, and an edit held here to an imported text', async () => {
    const text = textMessage(1, BOB, ME, 1, 'meet at noon');
    const edit = editMessage(2, BOB, ME, 2, text.id, 'meet at one');
    const empty = await scratch.archive();
    await importArchive(empty, await fileOf(await archiveWith([text, edit])), 2);
    expect(await textOf(empty, text)).toBe('meet at one');
    expect((await empty.messages.get(text.id))?.edited?.id).toBe(edit.id);

    const overtaken = textMessage(3, BOB, ME, 3, 'bring the lantern');
    const overtaking = editMessage(4, BOB, ME, 4, overtaken.id, 'bring the torch');
    const waiting = await archiveWith([overtaking]);
    await importArchive(waiting, await fileOf(await archiveWith([overtaken])), 2);
    expect(await textOf(waiting, overtaken)).toBe('bring the torch');
    expect(await searchIds(waiting, 'torch ')).toEqual([overtaken.id]);
    expect(await searchIds(waiting, 'lantern ')).toEqual([]);
  });

  it('never changes a text already here with an edit from a file, and a later genuine edit still applies', async () => {
    const text = textMessage(1, BOB, ME, 1, 'meet at noon');
    const forged = { ...editMessage(2, BOB, ME, 2, text.id, 'send the keys'), seq: Number.MAX_SAFE_INTEGER };
    const here = await archiveWith([text]);
    await importArchive(here, await fileOf(await archiveWith([text, forged])), 2);
    expect(await textOf(here, text)).toBe('meet at noon');
    expect((await here.messages.get(text.id))?.edited).toBeUndefined();
    expect(await searchIds(here, 'keys ')).toEqual([]);

    const genuine = editMessage(3, BOB, ME, 3, text.id, 'meet at one');
    const store = await openDexieMessageStore(here, { compaction: { idleMs: 60_000 } });
    await store.receive(genuine, genuine.sentAt, false);
    await store.stop();
    expect(await textOf(here, text)).toBe('meet at one');
  });

  it('drops an imported text’s edited mark no edit could have made, so genuine edits still apply', async () => {
    const text = textMessage(1, BOB, ME, 1, 'meet at noon');
    const file = await fileOf(await archiveWith([text]));
    const mark = (sentAt: number) => ({ id: editMessage(9, BOB, ME, 9, text.id).id, sentAt, seq: 2 ** 40 });
    const forge = (sentAt: number): ArchiveFileInput => ({
      ...file,
      messages: file.messages.map((entry) => ({ ...entry, edited: mark(sentAt) })),
    });
    for (const sentAt of [text.sentAt + 2 * 86_400_000, text.sentAt - 1]) {
      const target = await scratch.archive();
      await importArchive(target, forge(sentAt), 2);
      expect((await target.messages.get(text.id))?.edited).toBeUndefined();
      const genuine = editMessage(3, BOB, ME, 3, text.id, 'meet at one');
      const store = await openDexieMessageStore(target, { compaction: { idleMs: 60_000 } });
      await store.receive(genuine, genuine.sentAt, false);
      await store.stop();
      expect(await textOf(target, text)).toBe('meet at one');
    }
    // A plausible mark is kept.
    const kept = await scratch.archive();
    await importArchive(kept, forge(text.sentAt + 5), 2);
    expect((await kept.messages.get(text.id))?.edited).toEqual(mark(text.sentAt + 5));
  });
});
