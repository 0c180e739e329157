// Export and import on Chromium's IndexedDB: a JSON export imported into an empty archive exports the same again
// (lossless); importing twice adds nothing; deleted and expired messages never come back; sequence counters
// move past imported numbers; and a corrupted or hostile file is refused with the reason and changes nothing
// (what must not come in at all: archive-import-safety.browser.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message, MessageId } from '../../../../shared/messaging/message-format';
import { outboxPeers } from '../outbox-index';
import { deleteForMe } from '../local-deletion';
import { exportArchive } from './archive-export';
import { archiveToMarkdown } from './archive-markdown';
import { importArchive, parseArchiveFile } from './archive-import';
import { scratchDatabases } from '../testing/scratch-databases';
import {
  CONTACTS,
  type Entry,
  entryArb,
  exportedFile,
  fill,
  ME,
  messageOf,
  PEERS,
  readConversation,
  withoutTime,
  withoutVerification,
} from './testing/archive-corpus';

const scratch = scratchDatabases('transfer', 'all tests');

describe('archive export and import', () => {
  it('round-trips any archive through a JSON file without loss', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { minLength: 1, maxLength: 40 }), async (entries) => {
        const source = await scratch.archive();
        const target = await scratch.archive();
        try {
          await fill(source, entries);
          const exported = await exportArchive(source, ME, 1);
          const parsed = parseArchiveFile(JSON.stringify(exported), ME);
          if (!parsed.ok) {
            throw new Error(parsed.error.message);
          }
          // As a full backup's archive is: its verifications are taken.
          expect(await importArchive(target, parsed.value, 2, { trusted: true })).toEqual({
            imported: entries.length,
            skipped: 0,
            contactsAdded: PEERS.length,
            contactsToAccept: 0,
          });
          expect(withoutTime(await exportArchive(target, ME, 3))).toEqual(withoutTime(exported));
          // The unread index comes back too.
          expect(await target.messages.where('[conversation+unread]').between([''], ['\uffff']).count()).toBe(
            await source.messages.where('[conversation+unread]').between([''], ['\uffff']).count(),
          );
        } finally {
          source.close();
          target.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('brings back when ours were delivered and read, and each conversation’s settings; verifications only from a full backup, pins only into the slots left', async () => {
    const file = await exportedFile(scratch, readConversation(4));
    const plain = await scratch.archive();
    await importArchive(plain, file, 2);
    const [first, second] = await plain.contacts.bulkGet(PEERS);
    // A plain file makes nobody a contact: the accepted ones come back as requests to accept.
    expect(first).toEqual(CONTACTS[0] && { ...withoutVerification(CONTACTS[0]), state: 'requested-by-them' });
    // Nor the place of a name: a file someone else wrote could pin a made-up one for good.
    const { displayNameAt: _place, ...unplaced } = CONTACTS[1] ?? { peer: ME, state: 'unknown' };
    expect(second).toEqual({ ...unplaced, state: 'requested-by-them' });
    // When ours were delivered and read comes back with them; when we read theirs, as before.
    const ours = messageOf({ peer: 0, out: true, text: 'm0', status: 'read', read: true }, 0);
    expect(await plain.statuses.get(ours.id)).toMatchObject({
      status: 'read',
      deliveredAt: ours.sentAt + 20,
      readAt: ours.sentAt + 30,
    });
    expect((await plain.messages.get(ours.id))?.readAt).toBeUndefined();

    const crowded = await scratch.archive();
    await crowded.contacts.bulkAdd(
      Array.from({ length: 5 }, (_, n) => ({
        peer: String(n).repeat(32) as PeerId,
        state: 'accepted' as const,
        pinnedAt: n,
      })),
    );
    await importArchive(crowded, file, 2, { trusted: true });
    expect((await crowded.contacts.get(PEERS[0] as PeerId))?.pinnedAt).toBeUndefined();
    expect((await crowded.contacts.get(PEERS[0] as PeerId))?.verifiedAt).toBe(7);
  });

  it('adds nothing the second time, never brings back deleted or expired messages, and raises counters', async () => {
    const db = await scratch.archive();
    const entries = readConversation(4);
    const source = await scratch.archive();
    await fill(source, entries);
    const file = await exportArchive(source, ME, 1);
    const expiring = {
      ...file.messages[1],
      message: {
        ...(file.messages[1]?.message as Message),
        id: '01900000-0000-7000-8000-0000000000ff',
        meta: { expiresAt: 5 },
      },
    };
    const parsed = parseArchiveFile(JSON.stringify({ ...file, messages: [...file.messages, expiring] }), ME);
    if (!parsed.ok) {
      throw new Error(parsed.error.message);
    }
    await db.tombstones.add({ id: messageOf(entries[3] as Entry, 3).id, deletedAt: 1 });
    expect(await importArchive(db, parsed.value, 10)).toMatchObject({ imported: 3, skipped: 2 });
    expect(await importArchive(db, parsed.value, 10)).toMatchObject({ imported: 0, skipped: 5 });
    // Outgoing 1 and 3 were imported: the counter towards the peer is past 3 (seq of message n is n + 1).
    expect((await db.counters.get(PEERS[0] as PeerId))?.lastSeq).toBe(3);
    source.close();
    db.close();
  });

  it('never brings back a message deleted here after the export was made, sent or received', async () => {
    const entries = readConversation(6);
    const db = await scratch.archive();
    await fill(db, entries);
    const parsed = parseArchiveFile(JSON.stringify(await exportArchive(db, ME, 1)), ME);
    if (!parsed.ok) {
      throw new Error(parsed.error.message);
    }
    const [sent, received] = [0, 1].map((n) => messageOf(entries[n] as Entry, n).id);
    await deleteForMe(db, [sent as MessageId, received as MessageId], 2);
    expect(await importArchive(db, parsed.value, 10)).toMatchObject({ imported: 0, skipped: 6 });
    expect(await db.messages.bulkGet([sent as MessageId, received as MessageId])).toEqual([
      undefined,
      undefined,
    ]);
    db.close();
  });

  it('keeps out of an import only the texts of a peer whose deletion overtook them, not the user’s own', async () => {
    // Restored onto a new device, and before the backup was imported, peer 0 sent a delete naming every message of
    // their conversation: none was here, so each ID was held against a text of theirs (TombstoneRecord.by).
    const entries = readConversation(4);
    const file = await exportedFile(scratch, entries);
    const db = await scratch.archive();
    const ids = entries.map((entry, n) => messageOf(entry, n).id);
    await db.tombstones.bulkAdd(ids.map((id) => ({ id, deletedAt: 1, by: PEERS[0] as PeerId })));
    expect(await importArchive(db, file, 10)).toMatchObject({ imported: 2, skipped: 2 });
    const [mine0, theirs1, mine2, theirs3] = await db.messages.bulkGet(ids);
    expect([mine0?.direction, theirs1, mine2?.direction, theirs3]).toEqual([
      'out',
      undefined,
      'out',
      undefined,
    ]);
    // The user's own messages own their IDs again; the peer's stay deleted.
    expect((await db.tombstones.bulkGet(ids)).map((tombstone) => tombstone !== undefined)).toEqual([
      false,
      true,
      false,
      true,
    ]);
    db.close();
  });

  it('merges a file of many write slices into an archive that holds part of it, skipping exactly that part', async () => {
    const entries: Entry[] = Array.from({ length: 4_500 }, (_, n) => ({
      peer: n % 2,
      out: n % 3 === 0,
      text: `m${String(n)}`,
      status: 'read',
      read: true,
    }));
    const file = await exportedFile(scratch, entries);
    const db = await scratch.archive();
    await fill(
      db,
      entries.filter((_, n) => n % 5 === 0),
    );
    // fill writes entry n as message n: the stored ones are every fifth of the source's.
    const storedIds = entries.flatMap((entry, n) => (n % 5 === 0 ? [messageOf(entry, n).id] : []));
    await db.messages.bulkDelete(storedIds.slice(0, 10));
    await db.tombstones.bulkAdd(storedIds.slice(0, 10).map((id) => ({ id, deletedAt: 1 })));
    expect(await importArchive(db, file, 10)).toMatchObject({ imported: 3_600, skipped: 900 });
    expect(await db.messages.count()).toBe(4_490);
    expect(await db.messages.bulkGet(storedIds.slice(0, 10))).toEqual(Array(10).fill(undefined));
    db.close();
  });

  it('writes nothing at all when a write fails part of the way through', async () => {
    const entries = readConversation(2_500);
    const file = await exportedFile(scratch, entries);
    const db = await scratch.archive();
    let written = 0;
    db.messages.hook('creating', () => {
      written += 1;
      if (written === 2_200) {
        throw new Error('disk full');
      }
    });
    await expect(importArchive(db, file, 10)).rejects.toThrow();
    expect(written).toBeGreaterThanOrEqual(2_200);
    expect(await db.messages.count()).toBe(0);
    expect(await db.statuses.count()).toBe(0);
    expect(await db.contacts.count()).toBe(0);
    expect(await db.counters.count()).toBe(0);
    expect(await db.conversations.count()).toBe(0);
    db.close();
  });

  it('brings unconfirmed outgoing messages back as failed, so they can be retried', async () => {
    const db = await scratch.archive();
    const message = messageOf({ peer: 1, out: true, text: 'never acked', status: 'read', read: true }, 0);
    const parsed = parseArchiveFile(
      JSON.stringify({
        format: 'parley-archive',
        version: 1,
        owner: ME,
        exportedAt: 1,
        contacts: [],
        messages: [{ message, direction: 'out', status: 'sent' }],
      }),
      ME,
    );
    if (!parsed.ok) {
      throw new Error(parsed.error.message);
    }
    await importArchive(db, parsed.value, 2);
    expect(await db.statuses.get(message.id)).toMatchObject({ status: 'failed', to: PEERS[1], seq: 1 });
    expect(await outboxPeers(db)).toEqual([]);
    db.close();
  });

  it.each([
    ['not JSON', () => 'this is {not json', /not JSON/],
    [
      'another identity',
      (file: object) => JSON.stringify({ ...file, owner: 'o'.repeat(32) }),
      /another identity/,
    ],
    ['an extra field', (file: object) => JSON.stringify({ ...file, extra: 1 }), /not a Parley archive/],
    ['a wrong version', (file: object) => JSON.stringify({ ...file, version: 2 }), /not a Parley archive/],
  ] as const)('refuses %s and changes nothing', async (_, corrupt, reason) => {
    const source = await scratch.archive();
    const target = await scratch.archive();
    await fill(source, [{ peer: 0, out: false, text: 'hello', status: 'read', read: true }]);
    const file = await exportArchive(source, ME, 1);
    const parsed = parseArchiveFile(corrupt(file), ME);
    expect(parsed).toMatchObject({
      ok: false,
      error: { code: 'ARCHIVE_INVALID', message: expect.stringMatching(reason) as string },
    });
    expect(await target.messages.count()).toBe(0);
    source.close();
    target.close();
  });

  it('refuses messages that do not belong where the file puts them', async () => {
    const source = await scratch.archive();
    await fill(source, [
      { peer: 0, out: false, text: 'a', status: 'read', read: true },
      { peer: 1, out: true, text: 'b', status: 'read', read: true },
    ]);
    const file = await exportArchive(source, ME, 1);
    const [first, second] = file.messages;
    const tamper = (messages: unknown[]) => parseArchiveFile(JSON.stringify({ ...file, messages }), ME);
    expect(tamper([{ ...first, direction: 'out' }, second])).toMatchObject({
      error: { message: /direction/ },
    });
    expect(
      tamper([{ ...first, message: { ...first?.message, conversation: 'x'.repeat(64) } }]),
    ).toMatchObject({ error: { message: /conversation/ } });
    expect(tamper([first, first])).toMatchObject({ error: { message: /repeats/ } });
    expect(tamper([{ ...first, message: { ...first?.message, t: 'shell-command' } }])).toMatchObject({
      ok: false,
    });
    const twice = { ...file, contacts: [...file.contacts, ...file.contacts] };
    expect(parseArchiveFile(JSON.stringify(twice), ME)).toMatchObject({ error: { message: /listed twice/ } });
    const self = { ...file, contacts: [{ peer: ME, state: 'accepted' }] };
    expect(parseArchiveFile(JSON.stringify(self), ME)).toMatchObject({
      error: { message: /its own contact/ },
    });
    source.close();
  });

  it('writes a readable Markdown file that escapes what messages contain', async () => {
    const source = await scratch.archive();
    await fill(source, [
      { peer: 0, out: false, text: '**not bold** [link](https://x.test)', status: 'read', read: true },
    ]);
    const markdown = archiveToMarkdown(await exportArchive(source, ME, 1), 'Me');
    expect(markdown).toContain('## Peer 0');
    expect(markdown).toContain('\\*\\*not bold\\*\\* \\[link\\]\\(https://x\\.test\\)');
    source.close();
  });
});
