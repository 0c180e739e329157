// Clearing a conversation and deleting a contact, on Chromium's IndexedDB with the real Dexie store and delivery
// engine: everything of that conversation goes (others stay), incoming messages leave tombstones so a resent
// copy never comes back, the conversation list's summary and the store's caches follow, and a deleted contact is
// a stranger whose unsent messages never go out, while sequence numbers carry on.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { createDeliveryEngine, type EngineEvent } from '../../../shared/messaging/delivery-engine';
import {
  decodeFrame,
  encodeFrame,
  type Message,
  type MessageId,
} from '../../../shared/messaging/message-format';
import { messageId, textMessage } from '../../../shared/messaging/testing/message-store-contract';
import { createVirtualClock } from '../../../shared/testing/virtual-clock';
import { contactSummaries } from './archive-queries';
import type { ArchiveDb } from './archive-db';
import { queuedTo } from './outbox-index';
import { clearConversation, deleteContact } from './conversation-clearing';
import { deleteForMe } from './local-deletion';
import { exportArchive } from './transfer/archive-export';
import { importArchive, parseArchiveFile } from './transfer/archive-import';
import { openDexieMessageStore } from './dexie-message-store';
import { scratchDatabases } from './testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const ANA = 'a'.repeat(32) as PeerId;
const BO = 'b'.repeat(32) as PeerId;
const scratch = scratchDatabases('clearing', 'all tests');

/** An archive with its store and engine, Ana and Bo accepted, Ana named, verified and keeping 30 days. */
const setUp = async () => {
  const db = await scratch.archive();
  const store = await openDexieMessageStore(db);
  const clock = createVirtualClock();
  const events: EngineEvent[] = [];
  let ids = 0;
  const engine = createDeliveryEngine({
    localPeerId: ME,
    displayName: 'Me',
    store,
    clock,
    random: () => 0.5,
    newMessageId: () => messageId(900_000 + (ids += 1)),
    onEvent: (event) => events.push(event),
  });
  onTestFinished(async () => {
    await engine.stop();
    db.close();
  });
  await store.setContactState(ANA, 'accepted');
  await store.setContactState(BO, 'accepted');
  await db.contacts.update(ANA, {
    displayName: 'Ana',
    verifiedSafetyNumber: '1'.repeat(60),
    verifiedAt: 1,
    retentionDays: 30,
  });
  // Twenty from Ana and ten to her (pending: no link), two from Bo.
  const fromAna: Message[] = [];
  for (let n = 1; n <= 20; n += 1) {
    fromAna.push(textMessage(n, ANA, ME, n));
    await store.receive(textMessage(n, ANA, ME, n), 1, false);
  }
  for (let n = 0; n < 10; n += 1) {
    await engine.send(ANA, 'text', { text: `to Ana ${String(n)}` });
  }
  await store.receive(textMessage(101, BO, ME, 1), 1, false);
  await store.receive(textMessage(102, BO, ME, 2), 1, false);
  const pauses = { count: 0 };
  const deps = {
    db,
    store,
    me: ME,
    now: () => 5,
    batch: 7,
    pause: () => Promise.resolve(void (pauses.count += 1)),
    forget: (peer: PeerId) => engine.decide(peer, 'forget'),
    withdraw: (ids: readonly MessageId[]) => engine.withdraw(ids),
  };
  /** Frames the engine writes to a link to `peer` from now on. */
  const attach = (peer: PeerId) => {
    const frames: Uint8Array[] = [];
    engine.attach(peer, { send: (frame) => Promise.resolve(frames.push(frame) > 0) });
    return frames;
  };
  return { db, store, engine, clock, events, deps, pauses, fromAna, attach };
};

const conversationOf = (db: ArchiveDb, peer: PeerId) =>
  db.messages.filter((record) => record.peer === peer).toArray();

describe('clearing a conversation', () => {
  it('deletes all its messages in batches, leaves tombstones and a consistent summary, and keeps the contact', async () => {
    const { db, store, engine, deps, pauses, fromAna } = await setUp();
    const cleared = (await conversationOf(db, ANA)).map((record) => record.id);
    expect(cleared).toEqual(expect.arrayContaining(fromAna.map((message) => message.id)));
    expect(await clearConversation(deps, ANA)).toBe(30);
    expect(pauses.count).toBe(5);
    expect(await conversationOf(db, ANA)).toEqual([]);
    expect(await conversationOf(db, BO)).toHaveLength(2);
    // Sent and received alike: no import of an older export brings any of them back.
    expect((await db.tombstones.toCollection().primaryKeys()).sort()).toEqual(cleared.sort());
    expect(await queuedTo(db, ANA, -Infinity).count()).toBe(0);
    expect(await db.statuses.count()).toBe(0);
    expect(await db.conversations.toCollection().primaryKeys()).toHaveLength(1);
    const ana = (await contactSummaries(db)).find((summary) => summary.peer === ANA);
    expect(ana).toEqual({
      peer: ANA,
      state: 'accepted',
      displayName: 'Ana',
      verifiedSafetyNumber: '1'.repeat(60),
      unread: 0,
    });
    expect((await db.contacts.get(ANA))?.retentionDays).toBe(30);

    // A resent copy of an old message is a duplicate (acked, never stored), through the store and the engine.
    const old = fromAna[19] as Message;
    expect(await store.receive(old, 6, false)).toBe('duplicate');
    await engine.receive(ANA, encodeFrame({ v: 1, k: 'msg', m: old }));
    expect(await db.messages.get(old.id)).toBeUndefined();

    // The store's cached summary went too: a new message, though sent before the cleared ones, shows.
    const late = { ...textMessage(50, ANA, ME, 21, 'after the clear'), sentAt: 1 };
    expect(await store.receive(late, 7, false)).toBe('stored');
    expect(await db.conversations.get(late.conversation)).toMatchObject({ lastMessageId: late.id });
    expect((await contactSummaries(db)).find((summary) => summary.peer === ANA)?.lastText).toBe(
      'after the clear',
    );
    // Sequence numbers carry on: the next message to Ana follows the ten cleared ones.
    const next = await engine.send(ANA, 'text', { text: 'still here' });
    expect(next.ok && next.value.seq).toBe(11);
  });
});

describe('deleting messages not sent yet', () => {
  it('sends none of them when the link comes up, one at a time or the whole conversation', async () => {
    const { db, engine, clock, deps, attach } = await setUp();
    const queued = (await db.messages.toArray()).filter((record) => record.direction === 'out');
    const [first] = queued.map((record) => record.id);
    await deleteForMe(db, [first as MessageId], 5);
    engine.withdraw([first as MessageId]);
    const frames = attach(ANA);
    await clock.advance(1_000);
    const sent = frames.flatMap((frame) => {
      const decoded = decodeFrame(frame);
      return decoded.kind === 'frame' && decoded.frame.k === 'msg' ? [decoded.frame.m.id] : [];
    });
    expect(sent).toHaveLength(9);
    expect(sent).not.toContain(first);

    // Bo is away with two messages waiting; the conversation is cleared before he is back.
    await engine.send(BO, 'text', { text: 'one' });
    await engine.send(BO, 'text', { text: 'two' });
    await clearConversation(deps, BO);
    const toBo = attach(BO);
    await clock.advance(60_000);
    expect(
      toBo.map((frame) => decodeFrame(frame)).filter((d) => d.kind === 'frame' && d.frame.k === 'msg'),
    ).toEqual([]);
  });
});

describe('deleting a contact', () => {
  it('clears their history, drops their unsent messages and makes them a stranger, numbers kept', async () => {
    const { db, store, engine, clock, events, deps, fromAna, attach } = await setUp();
    const counterBefore = await db.counters.get(ANA);
    const receivedBefore = await db.received.get(ANA);
    const exportedBefore = parseArchiveFile(JSON.stringify(await exportArchive(db, ME, 1)), ME);
    expect(await deleteContact(deps, ANA)).toEqual({ ok: true, value: 30 });
    expect(await db.contacts.get(ANA)).toEqual({ peer: ANA, state: 'unknown' });
    // An export made before the deletion brings back neither the relationship nor the history.
    if (!exportedBefore.ok) {
      throw new Error(exportedBefore.error.message);
    }
    await importArchive(db, exportedBefore.value, 2);
    expect(await db.contacts.get(ANA)).toEqual({ peer: ANA, state: 'unknown' });
    expect(await conversationOf(db, ANA)).toEqual([]);
    expect(await store.contactState(ANA)).toBe('unknown');
    expect(events).toContainEqual({ type: 'contact', peer: ANA, state: 'unknown' });
    expect((await contactSummaries(db)).map((summary) => summary.peer)).toEqual([BO]);
    expect(await conversationOf(db, ANA)).toEqual([]);
    expect(await db.conversations.toCollection().primaryKeys()).toHaveLength(1);
    expect(await store.outboxPeers()).toEqual([]);
    expect(await db.counters.get(ANA)).toEqual(counterBefore);
    expect(await db.received.get(ANA)).toEqual(receivedBefore);

    // A link to Ana comes up: nothing that was unsent goes out. Her resent old text is refused, her resent old
    // request is a duplicate: neither is stored, and she stays a stranger.
    const frames = attach(ANA);
    await engine.receive(ANA, encodeFrame({ v: 1, k: 'msg', m: fromAna[3] as Message }));
    const oldRequest = { ...textMessage(1, ANA, ME, 1), t: 'contact-request', body: { displayName: 'Ana' } };
    await engine.receive(ANA, encodeFrame({ v: 1, k: 'msg', m: oldRequest as Message }));
    await clock.advance(60_000);
    const sent = frames.flatMap((frame) => {
      const decoded = decodeFrame(frame);
      return decoded.kind === 'frame' ? [decoded.frame.k] : [];
    });
    expect(sent).not.toContain('msg');
    expect(sent).toContain('reject');
    expect(await conversationOf(db, ANA)).toEqual([]);
    expect(await store.contactState(ANA)).toBe('unknown');

    // Talking again takes a new request, numbered after the dropped messages.
    const request = await engine.send(ANA, 'contact-request', { displayName: 'Me' });
    expect(request.ok && request.value.seq).toBe(11);
    expect(await store.contactState(ANA)).toBe('requested-by-me');
  });

  it('refuses to delete a blocked contact, who stays blocked with their history', async () => {
    const { db, store, engine, deps } = await setUp();
    await engine.decide(BO, 'block');
    expect(await deleteContact(deps, BO)).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_NOT_A_CONTACT' },
    });
    expect(await store.contactState(BO)).toBe('blocked');
    expect(await conversationOf(db, BO)).toHaveLength(2);
    // Their history alone can go.
    expect(await clearConversation(deps, BO)).toBe(2);
    expect(await store.contactState(BO)).toBe('blocked');
  });
});
