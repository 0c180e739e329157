// The delivery guarantees under a hostile network: loss, duplication, reordering and forced disconnects, on
// virtual time so hours of backoff take seconds.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from './delivery-engine';
import { compareMessages, type Message, type MessageId } from './message-format';
import type { DeliveryStatus } from './message-store';
import { ALICE, BOB, createEnginePair, type EngineSide } from './testing/engine-pair';

const STATUS_ORDER: Record<DeliveryStatus, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

const receivedFrom = (side: EngineSide, sender: string): Message[] =>
  side.events
    .filter((event): event is Extract<EngineEvent, { type: 'received' }> => event.type === 'received')
    .map((event) => event.incoming.message)
    .filter((message) => message.from === sender);

/** Every status change of each message, in the order they were reported. */
const statusHistory = (side: EngineSide): Map<MessageId, DeliveryStatus[]> => {
  const history = new Map<MessageId, DeliveryStatus[]>();
  for (const event of side.events) {
    if (event.type === 'status') {
      history.set(event.id, [...(history.get(event.id) ?? []), event.status]);
    }
  }
  return history;
};

describe('delivery engine under faults', () => {
  it('delivers 10,000 messages each way exactly once, in order, through 10% loss, 5% duplication, reordering and three disconnects', async () => {
    const COUNT = 10_000;
    const pair = await createEnginePair({
      seed: 20_261_124,
      faults: { drop: 0.1, duplicate: 0.05, latencyMs: 5, jitterMs: 40 },
      policy: { baseMs: 200, maxMs: 5_000 },
    });
    pair.connect();
    const sent = { alice: [] as Message[], bob: [] as Message[] };
    const cuts = [2_500, 5_000, 7_500];
    for (let i = 1; i <= COUNT; i += 1) {
      const [a, b] = await Promise.all([
        pair.alice.engine.send(BOB, 'text', { text: `a→b ${i}` }),
        pair.bob.engine.send(ALICE, 'text', { text: `b→a ${i}` }),
      ]);
      if (!a.ok || !b.ok) {
        throw new Error('send refused');
      }
      sent.alice.push(a.value);
      sent.bob.push(b.value);
      if (i % 100 === 0) {
        await pair.clock.advance(20);
      }
      if (cuts.includes(i)) {
        pair.disconnect();
        await pair.clock.advance(3_000);
        pair.connect();
      }
    }
    const allDelivered = () =>
      receivedFrom(pair.bob, ALICE).length >= COUNT &&
      receivedFrom(pair.alice, BOB).length >= COUNT &&
      pair.alice.store.outgoingMessages().every((entry) => entry.status === 'delivered') &&
      pair.bob.store.outgoingMessages().every((entry) => entry.status === 'delivered');
    expect(await pair.clock.runUntil(allDelivered, 30 * 60_000, 250)).toBe(true);
    // Let late duplicates and retransmissions still in flight arrive: none may be stored again.
    await pair.clock.advance(60_000);

    for (const [receiver, sender, originals] of [
      [pair.bob, ALICE, sent.alice],
      [pair.alice, BOB, sent.bob],
    ] as const) {
      const received = receivedFrom(receiver, sender);
      // Exactly once: every message reported as received once, none missing, none extra.
      expect(received.length).toBe(COUNT);
      expect(new Set(received.map((m) => m.id)).size).toBe(COUNT);
      expect(receiver.store.incomingMessages().filter((m) => m.message.from === sender).length).toBe(COUNT);
      // The defined order puts them exactly in the order they were written.
      const ordered = [...receiver.store.incomingMessages().map((m) => m.message)].sort(compareMessages);
      expect(ordered.map((m) => m.id)).toEqual(originals.map((m) => m.id));
    }
    for (const sender of [pair.alice, pair.bob]) {
      // Statuses only ever moved forward, and ended delivered.
      for (const [, history] of statusHistory(sender)) {
        const ranks = history.map((status) => STATUS_ORDER[status]);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        expect(history.at(-1)).toBe('delivered');
      }
    }
    const stats = pair.linkStats();
    // The faults really happened.
    expect(stats.dropped).toBeGreaterThan(stats.sent * 0.08);
    expect(stats.duplicated).toBeGreaterThan(0);
  }, 120_000);

  it('keeps an outbox across a restart and delivers it once the peer is reachable, none twice', async () => {
    const pair = await createEnginePair({
      seed: 7,
      faults: { drop: 0, duplicate: 0.2, latencyMs: 2, jitterMs: 10 },
    });
    const texts = Array.from({ length: 200 }, (_, i) => `offline ${i}`);
    for (const text of texts) {
      await pair.alice.engine.send(BOB, 'text', { text });
    }
    // Half of them go out before the app is quit mid-flight.
    pair.connect();
    await pair.clock.advance(3);
    pair.disconnect();
    await pair.restart(pair.alice);
    await pair.restart(pair.bob);
    expect((await pair.alice.store.outbox(BOB, 1_000)).length).toBeGreaterThan(0);
    pair.connect();
    expect(
      await pair.clock.runUntil(
        () => pair.alice.store.outgoingMessages().every((entry) => entry.status === 'delivered'),
        60_000,
      ),
    ).toBe(true);
    await pair.clock.advance(10_000);
    const stored = pair.bob.store.incomingMessages().map((m) => m.message.body);
    expect(stored).toHaveLength(texts.length);
    expect(new Set(stored.map((body) => ('text' in body ? body.text : ''))).size).toBe(texts.length);
  });

  it('fills a sequence gap at once from the ack, without waiting for the backoff', async () => {
    // Only the first send of message 2 is lost; the base backoff is an hour, so only a gap report can fill it.
    const pair = await createEnginePair({
      seed: 3,
      faults: { drop: 0, duplicate: 0, latencyMs: 5, jitterMs: 0 },
      policy: { baseMs: 60 * 60_000, maxMs: 60 * 60_000 },
    });
    pair.connect();
    const realReceive = pair.bob.engine.receive.bind(pair.bob.engine);
    let dropped = false;
    pair.bob.engine.receive = async (peer, frame) => {
      const text = new TextDecoder().decode(frame);
      if (!dropped && text.includes('second')) {
        dropped = true;
        return;
      }
      return realReceive(peer, frame);
    };
    for (const text of ['first', 'second', 'third']) {
      await pair.alice.engine.send(BOB, 'text', { text });
    }
    await pair.clock.advance(1_000);
    expect(dropped).toBe(true);
    expect(receivedFrom(pair.bob, ALICE).map((m) => ('text' in m.body ? m.body.text : ''))).toEqual([
      'first',
      'third',
      'second',
    ]);
  });
});
