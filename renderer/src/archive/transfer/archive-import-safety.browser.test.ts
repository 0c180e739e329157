// Import on Chromium's IndexedDB against what must not come in: a text its sender deleted for everyone, a stranger
// made a contact by a file anyone could write, a sequence number used again.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message } from '../../../../shared/messaging/message-format';
import { textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import { recordOf } from '../message-batches';
import { scratchDatabases } from '../testing/scratch-databases';
import { exportArchive } from './archive-export';
import { importArchive, parseArchiveFile } from './archive-import';
import { type Entry, fill, ME, messageOf, PEERS, readConversation } from './testing/archive-corpus';

const scratch = scratchDatabases('import-safety', 'all tests');

describe('archive import', () => {
  it('never brings back a text its sender deleted for everyone, the deletion stored here or in the file', async () => {
    // An older export, from before the deletions.
    const source = await scratch.archive();
    const entries = readConversation(4);
    await fill(source, entries);
    const older = parseArchiveFile(JSON.stringify(await exportArchive(source, ME, 1)), ME);
    if (!older.ok) {
      throw new Error(older.error.message);
    }
    const [ours, theirs] = [messageOf(entries[0] as Entry, 0), messageOf(entries[1] as Entry, 1)];
    const deletion = (from: PeerId, to: PeerId, target: Message, seq: number): Message => ({
      ...textMessage(50 + seq, from, to, seq),
      t: 'delete',
      body: { ids: [target.id] },
      sentAt: target.sentAt + 100,
    });
    const theirDeletion = deletion(PEERS[0] as PeerId, ME, theirs, 60);
    const ourDeletion = deletion(ME, PEERS[0] as PeerId, ours, 61);
    // A device restored from a backup made after the deletions: it holds them, not the tombstones they left.
    const restored = await scratch.archive();
    await restored.messages.bulkAdd([
      { ...recordOf(theirDeletion, theirDeletion.from), direction: 'in', receivedAt: 1, request: 0 },
      { ...recordOf(ourDeletion, ourDeletion.to), direction: 'out' },
    ]);
    expect(await importArchive(restored, older.value, 2)).toMatchObject({ imported: 2, skipped: 2 });
    expect(await restored.messages.get(theirs.id)).toBeUndefined();
    expect(await restored.messages.get(ours.id)).toBeUndefined();

    // The deletion in the file itself, beside the text it deletes; a deletion by someone else counts for nothing.
    const withDeletion = parseArchiveFile(
      JSON.stringify({
        ...(await exportArchive(source, ME, 1)),
        messages: [
          ...(await exportArchive(source, ME, 1)).messages,
          { message: theirDeletion, direction: 'in', receivedAt: 1 },
          { message: deletion(PEERS[0] as PeerId, ME, ours, 62), direction: 'in', receivedAt: 1 },
        ],
      }),
      ME,
    );
    if (!withDeletion.ok) {
      throw new Error(withDeletion.error.message);
    }
    const fresh = await scratch.archive();
    await importArchive(fresh, withDeletion.value, 2);
    expect(await fresh.messages.get(theirs.id)).toBeUndefined();
    expect(await fresh.messages.get(ours.id)).toBeDefined();
    source.close();
    restored.close();
    fresh.close();
  });

  it('moves counters past numbers in the file it does not import', async () => {
    const db = await scratch.archive();
    const source = await scratch.archive();
    await fill(source, readConversation(2));
    const file = await exportArchive(source, ME, 1);
    const ours = file.messages.find((entry) => entry.direction === 'out') as (typeof file.messages)[number];
    // Ours, expired: not imported, but its number was used, and the recipient saw it.
    const expired = {
      ...ours,
      message: {
        ...ours.message,
        id: '01900000-0000-7000-8000-000000000102',
        seq: 57,
        meta: { expiresAt: 5 },
      },
    };
    const parsed = parseArchiveFile(JSON.stringify({ ...file, messages: [...file.messages, expired] }), ME);
    if (!parsed.ok) {
      throw new Error(parsed.error.message);
    }
    expect(await importArchive(db, parsed.value, 10)).toMatchObject({ imported: 2, skipped: 1 });
    expect((await db.counters.get(PEERS[0] as PeerId))?.lastSeq).toBe(57);
    source.close();
    db.close();
  });

  it('makes nobody a contact from a plain file: accepted ones come as requests, asked ones with no standing', async () => {
    // Anyone can write such a file with the user's (public) peer ID as its owner.
    const [EVE, MALLORY, TRENT, VICTOR] = ['e', 'f', 'g', 'h'].map((c) => c.repeat(32) as PeerId) as [
      PeerId,
      PeerId,
      PeerId,
      PeerId,
    ];
    const file = parseArchiveFile(
      JSON.stringify({
        format: 'parley-archive',
        version: 1,
        owner: ME,
        exportedAt: 1,
        contacts: [
          { peer: EVE, state: 'accepted', displayName: 'Alice' },
          { peer: MALLORY, state: 'requested-by-me' },
          { peer: TRENT, state: 'blocked' },
          { peer: VICTOR, state: 'requested-by-them' },
        ],
        messages: [],
      }),
      ME,
    );
    if (!file.ok) {
      throw new Error(file.error.message);
    }
    const db = await scratch.archive();
    expect(await importArchive(db, file.value, 2)).toMatchObject({ contactsAdded: 4, contactsToAccept: 1 });
    expect((await db.contacts.bulkGet([EVE, MALLORY, TRENT, VICTOR])).map((c) => c?.state)).toEqual([
      'requested-by-them',
      'unknown',
      'blocked',
      'requested-by-them',
    ]);
    // A full backup, authenticated by its passphrase, is the user's own: its standings come back as they were.
    const restored = await scratch.archive();
    expect(await importArchive(restored, file.value, 2, { trusted: true })).toMatchObject({
      contactsToAccept: 0,
    });
    expect((await restored.contacts.get(EVE))?.state).toBe('accepted');
  });
});
