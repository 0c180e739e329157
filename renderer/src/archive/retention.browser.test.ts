// Retention on Chromium's IndexedDB: expired messages and messages past their conversation's retention are
// deleted, in batches, with their search index entries, leaving tombstones; what waits in the outbox and what
// arrived recently stays.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { Message } from '../../../shared/messaging/message-format';
import { editMessage, textMessage } from '../../../shared/messaging/testing/message-store-contract';
import { reactionMessage } from '../../../shared/messaging/testing/message-store-contract/samples';
import { type ArchiveDb, type MessageRecord } from './archive-db';
import { recordOf } from './message-batches';
import { purgeArchive, setConversationRetention } from './retention';
import { updateSearchIndex } from './search/index-writes';
import { decodeShard } from './search/posting-record';
import { scratchDatabases } from './testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const ANA = 'a'.repeat(32) as PeerId;
const BO = 'b'.repeat(32) as PeerId;
const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const scratch = scratchDatabases('retention', 'all tests');

/** Message n from `peer`, sent `daysAgo` days before NOW, optionally expiring at `expiresAt`. */
const incoming = (n: number, peer: PeerId, daysAgo: number, expiresAt?: number): MessageRecord => {
  const base = textMessage(n, peer, ME, n, `word${String(n)} shared`);
  const message: Message = {
    ...base,
    sentAt: NOW - daysAgo * DAY,
    ...(expiresAt === undefined ? {} : { meta: { expiresAt } }),
  };
  return { ...recordOf(message, peer), direction: 'in', receivedAt: message.sentAt, request: 0 };
};

/** The messages the search index holds under `word`. */
const indexed = async (db: ArchiveDb, word: string): Promise<string[]> =>
  (await db.postingSegments.toArray()).flatMap((record) => [
    ...(decodeShard(record).get(word)?.keys() ?? []),
  ]);

describe('retention', () => {
  it('deletes expired messages and those past each conversation’s retention, in batches, index included', async () => {
    const db = await scratch.archive();
    await db.contacts.bulkAdd([
      { peer: ANA, state: 'accepted' },
      { peer: BO, state: 'accepted' },
    ]);
    const records = [
      incoming(1, ANA, 40),
      incoming(2, ANA, 20),
      incoming(3, ANA, 1),
      incoming(4, ANA, 1, NOW - 1),
      incoming(5, BO, 400),
      incoming(6, BO, 40),
      incoming(7, BO, 2, NOW + DAY),
    ];
    await db.transaction('rw', [db.messages, db.postingSegments, db.indexQueue], () =>
      Promise.all([db.messages.bulkAdd(records), updateSearchIndex(db, { added: records })]),
    );
    // Ana's conversation keeps 30 days (the default); Bo's keeps forever.
    await setConversationRetention(db, BO, null);
    let pauses = 0;
    const removed = await purgeArchive(db, {
      me: ME,
      now: NOW,
      defaultDays: 30,
      batch: 1,
      pause: () => Promise.resolve(void (pauses += 1)),
    });
    expect(removed).toBe(2);
    expect(pauses).toBe(2);
    const left = (await db.messages.toCollection().primaryKeys()).sort();
    expect(left).toEqual([2, 3, 5, 6, 7].map((n) => incoming(n, ANA, 0).id).sort());
    expect(await indexed(db, 'word1')).toEqual([]);
    expect((await indexed(db, 'shared')).sort()).toEqual(left);
    expect((await db.tombstones.toCollection().primaryKeys()).sort()).toEqual(
      [incoming(1, ANA, 0).id, incoming(4, ANA, 0).id].sort(),
    );

    // Bo's conversation set to a year: the 400-day-old message goes; the default no longer applies to Bo.
    await setConversationRetention(db, BO, 365);
    expect(await purgeArchive(db, { me: ME, now: NOW, defaultDays: 30 })).toBe(1);
    expect(await db.messages.get(incoming(6, BO, 0).id)).toBeDefined();
    // Forever by default and no setting of Ana's own: ten days on, only the message that expired meanwhile goes.
    await setConversationRetention(db, ANA, undefined);
    expect(await purgeArchive(db, { me: ME, now: NOW + 10 * DAY, defaultDays: null })).toBe(1);
    expect(await db.messages.get(incoming(7, BO, 0).id)).toBeUndefined();
    expect(await db.messages.get(incoming(2, ANA, 0).id)).toBeDefined();
    db.close();
  });

  it('keeps what waits in the outbox, and counts an incoming message from when it arrived', async () => {
    const db = await scratch.archive();
    await db.contacts.add({ peer: ANA, state: 'accepted' });
    const outgoing = (n: number, daysAgo: number): MessageRecord => {
      const message = { ...textMessage(n, ME, ANA, n), sentAt: NOW - daysAgo * DAY };
      return { ...recordOf(message, ANA), direction: 'out' };
    };
    const waiting = outgoing(1, 40);
    const delivered = outgoing(2, 40);
    // Sent 40 days ago by its sender's clock, but here only since yesterday (held up, or a clock behind).
    const late = { ...incoming(3, ANA, 40), receivedAt: NOW - DAY };
    const old = incoming(4, ANA, 40);
    const records = [waiting, delivered, late, old];
    await db.transaction('rw', [db.messages, db.statuses, db.postingSegments, db.indexQueue], () =>
      Promise.all([
        db.messages.bulkAdd(records),
        db.statuses.bulkAdd([
          { id: waiting.id, status: 'sent', queued: 1, to: ANA, seq: 1 },
          { id: delivered.id, status: 'delivered' },
        ]),
        updateSearchIndex(db, { added: records }),
      ]),
    );
    // One message per batch: the kept ones must not stop the walk through the older ones.
    expect(await purgeArchive(db, { me: ME, now: NOW, defaultDays: 30, batch: 1 })).toBe(2);
    expect((await db.messages.toCollection().primaryKeys()).sort()).toEqual([waiting.id, late.id].sort());
    expect(await db.statuses.get(waiting.id)).toMatchObject({ queued: 1 });
    // What went leaves tombstones, sent and received alike.
    expect((await db.tombstones.toCollection().primaryKeys()).sort()).toEqual([delivered.id, old.id].sort());
    db.close();
  });

  it('keeps a text whose edit waits in the outbox, and takes it with its edits once that edit is delivered', async () => {
    const db = await scratch.archive();
    await db.contacts.add({ peer: ANA, state: 'accepted' });
    const outgoing = (message: Message, daysAgo: number): MessageRecord => ({
      ...recordOf({ ...message, sentAt: NOW - daysAgo * DAY }, ANA),
      direction: 'out',
    });
    const text = outgoing(textMessage(1, ME, ANA, 1, 'meet at 5'), 40);
    // Edited an hour after it was sent, while Ana was away for weeks: the edit has not reached her yet.
    const edit = outgoing(editMessage(2, ME, ANA, 2, text.id, 'meet at 6'), 40 - 1 / 24);
    const other = outgoing(textMessage(3, ME, ANA, 3), 40);
    const otherEdit = outgoing(editMessage(4, ME, ANA, 4, other.id), 40 - 1 / 24);
    await db.transaction('rw', [db.messages, db.statuses], () =>
      Promise.all([
        db.messages.bulkAdd([text, edit, other, otherEdit]),
        db.statuses.bulkAdd([
          { id: text.id, status: 'delivered' },
          { id: edit.id, status: 'sent', queued: 1, to: ANA, seq: 2 },
          { id: other.id, status: 'delivered' },
          { id: otherEdit.id, status: 'delivered' },
        ]),
      ]),
    );
    expect(await purgeArchive(db, { me: ME, now: NOW, defaultDays: 30, batch: 1 })).toBe(1);
    // The other text went, with its delivered edit (deleting a text takes its edits).
    expect((await db.messages.toCollection().primaryKeys()).sort()).toEqual([text.id, edit.id].sort());

    await db.statuses.put({ id: edit.id, status: 'delivered' });
    expect(await purgeArchive(db, { me: ME, now: NOW, defaultDays: 30 })).toBe(2);
    expect(await db.messages.count()).toBe(0);
    db.close();
  });

  it('keeps a text, theirs or ours, while our reaction to it waits in the outbox', async () => {
    const db = await scratch.archive();
    await db.contacts.add({ peer: ANA, state: 'accepted' });
    const theirs = incoming(1, ANA, 40);
    const ours: MessageRecord = {
      ...recordOf({ ...textMessage(2, ME, ANA, 1), sentAt: NOW - 40 * DAY }, ANA),
      direction: 'out',
    };
    // Taken back (or given) while Ana was away: not delivered yet.
    const reactions = [theirs, ours].map((text, n): MessageRecord => ({
      ...recordOf({ ...reactionMessage(3 + n, ME, ANA, 2 + n, text.id, ''), sentAt: NOW - 39 * DAY }, ANA),
      direction: 'out',
    }));
    await db.transaction('rw', [db.messages, db.statuses], () =>
      Promise.all([
        db.messages.bulkAdd([theirs, ours, ...reactions]),
        db.statuses.bulkAdd([
          { id: ours.id, status: 'delivered' },
          ...reactions.map((reaction, n) => ({
            id: reaction.id,
            status: 'sent' as const,
            queued: 1 as const,
            to: ANA,
            seq: 2 + n,
          })),
        ]),
      ]),
    );
    expect(await purgeArchive(db, { me: ME, now: NOW, defaultDays: 30 })).toBe(0);
    expect(await db.messages.count()).toBe(4);

    await db.statuses.bulkPut(
      reactions.map((reaction) => ({ id: reaction.id, status: 'delivered' as const })),
    );
    expect(await purgeArchive(db, { me: ME, now: NOW, defaultDays: 30 })).toBe(4);
    db.close();
  });
});
