// Statuses, retries, expiry and the message types' effects, one rule per test, on a clean network (who may send
// what to whom: delivery-engine-trust.test.ts).
import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../testing/faulty-link';
import { directConversationId, encodeFrame, type Message } from './message-format';
import { ALICE, BOB, createEnginePair } from './testing/engine-pair';
import { connected, eventsOf, sendText } from './testing/engine-rules';

/** A text from Alice to Bob made by hand (not sent by her engine): one that was lost and comes late, say. */
const textFromAlice = (sentAt: number, idEnd: string, seq: number, text: string): Message => ({
  id: `01900000-0000-7000-8000-00000000${idEnd}`,
  from: ALICE,
  to: BOB,
  conversation: directConversationId(ALICE, BOB),
  sentAt,
  seq,
  t: 'text',
  body: { text },
});

describe('delivery engine rules', () => {
  it('acks a lone message at once, and a stream at most once per ack delay', async () => {
    const pair = await createEnginePair({
      seed: 1,
      faults: { ...NO_FAULTS, latencyMs: 5 },
      contacts: true,
      policy: { ackDelayMs: 1_000 },
    });
    pair.connect();
    const first = await sendText(pair.alice, BOB, 'alone');
    await pair.clock.advance(50);
    // Far sooner than the ack delay: nothing else was arriving, so the ack did not wait.
    expect((await pair.alice.store.outgoing(first.id))?.status).toBe('delivered');

    // Right after that ack, a stream is acknowledged in one batch when the delay has passed.
    const stream = [];
    for (let index = 0; index < 20; index += 1) {
      stream.push(await sendText(pair.alice, BOB, `stream ${String(index)}`));
      await pair.clock.advance(10);
    }
    expect((await pair.alice.store.outgoing(stream[0]?.id ?? ''))?.status).toBe('sent');
    await pair.clock.advance(1_000);
    for (const message of stream) {
      expect((await pair.alice.store.outgoing(message.id))?.status).toBe('delivered');
    }
  });

  it('reports pending, sent, delivered, then read from the receipt', async () => {
    const pair = await connected();
    const message = await sendText(pair.alice, BOB, 'hello');
    await pair.clock.advance(100);
    await pair.bob.engine.markRead(ALICE, [message.id]);
    await pair.clock.advance(100);
    expect(
      eventsOf(pair.alice, 'status')
        .filter((e) => e.id === message.id)
        .map((e) => e.status),
    ).toEqual(['pending', 'sent', 'delivered', 'read']);
    // The receipt itself is not shown to Alice as a message.
    expect(eventsOf(pair.alice, 'received')).toEqual([]);
  });

  it('deletes for everyone only messages the requester sent, and a resent copy never comes back', async () => {
    const pair = await connected();
    const fromAlice = await sendText(pair.alice, BOB, 'oops');
    const fromBob = await sendText(pair.bob, ALICE, 'keep me');
    await pair.clock.advance(100);
    await pair.alice.engine.send(BOB, 'delete', { ids: [fromAlice.id, fromBob.id] });
    await pair.clock.advance(100);
    expect(await pair.bob.store.incoming(fromAlice.id)).toBeNull();
    expect(eventsOf(pair.bob, 'deleted')).toMatchObject([{ ids: [fromAlice.id], by: ALICE }]);
    expect(await pair.bob.store.outgoing(fromBob.id)).not.toBeNull();
    await pair.bob.engine.receive(ALICE, encodeFrame({ v: 1, k: 'msg', m: fromAlice }));
    expect(await pair.bob.store.incoming(fromAlice.id)).toBeNull();
  });

  it('keeps out a message whose delete-for-everyone overtook it, and only that sender’s', async () => {
    const pair = await connected();
    // Alice's text is lost on the way and her delete of it arrives first; a resend of the text comes afterwards.
    const late = textFromAlice(pair.clock.now(), 'aaaa', 999, 'sent to the wrong chat');
    const mine = await sendText(pair.bob, ALICE, 'mine stays');
    await pair.clock.advance(100);
    await pair.alice.engine.send(BOB, 'delete', { ids: [late.id, mine.id] });
    await pair.clock.advance(100);
    expect(eventsOf(pair.bob, 'deleted')).toMatchObject([{ ids: [], by: ALICE }]);

    await pair.bob.engine.receive(ALICE, encodeFrame({ v: 1, k: 'msg', m: late }));
    await pair.clock.advance(100);
    expect(await pair.bob.store.incoming(late.id)).toBeNull();
    expect(eventsOf(pair.bob, 'received').map((event) => event.incoming.message.id)).not.toContain(late.id);
    // Taken as seen (so acknowledged, and its sender stops resending it).
    expect((await pair.bob.store.receivedSequence(ALICE)).above).toContain(999);
    // Naming Bob's own message did nothing to it.
    expect((await pair.bob.store.outgoing(mine.id))?.message).toEqual(mine);
  });

  it('delivers an edit: both sides show the new text, and only the sender’s own text can be changed', async () => {
    const pair = await connected();
    const original = await sendText(pair.alice, BOB, 'meet at 5');
    const bobs = await sendText(pair.bob, ALICE, 'ok');
    await pair.clock.advance(100);
    const edit = await pair.alice.engine.send(BOB, 'edit', { text: 'meet at 6' }, { editOf: original.id });
    // Naming Bob's text changes nothing anywhere.
    await pair.alice.engine.send(BOB, 'edit', { text: 'not yours' }, { editOf: bobs.id });
    await pair.clock.advance(100);
    expect(edit.ok && (await pair.alice.store.outgoing(edit.value.id))?.status).toBe('delivered');
    for (const shown of [
      (await pair.alice.store.outgoing(original.id))?.message,
      (await pair.bob.store.incoming(original.id))?.message,
    ]) {
      expect(shown).toMatchObject({ id: original.id, t: 'text', body: { text: 'meet at 6' } });
    }
    expect((await pair.bob.store.outgoing(bobs.id))?.message).toEqual(bobs);
  });

  it('announces a text whose edit overtook it with the edited words', async () => {
    const pair = await connected();
    const late = textFromAlice(pair.clock.now(), 'bbbb', 998, 'meet at 5');
    const edit: Message = {
      ...late,
      id: '01900000-0000-7000-8000-00000000bbbc',
      seq: 999,
      t: 'edit',
      body: { text: 'meet at 6' },
      meta: { editOf: late.id },
    };
    await pair.bob.engine.receive(ALICE, encodeFrame({ v: 1, k: 'msg', m: edit }));
    await pair.bob.engine.receive(ALICE, encodeFrame({ v: 1, k: 'msg', m: late }));
    await pair.clock.advance(100);
    // What a notification shows: never the words the sender replaced.
    const announced = eventsOf(pair.bob, 'received').find((event) => event.incoming.message.id === late.id);
    expect(announced?.incoming).toMatchObject({
      message: { id: late.id, body: { text: 'meet at 6' } },
      edited: { id: edit.id },
    });
  });

  it('shows typing to contacts only, never stores or retries it', async () => {
    const pair = await connected();
    pair.alice.engine.typing(BOB, true);
    await pair.clock.advance(100);
    pair.disconnect();
    pair.alice.engine.typing(BOB, false);
    pair.connect();
    await pair.clock.advance(60_000);
    expect(eventsOf(pair.bob, 'typing')).toEqual([{ type: 'typing', peer: ALICE, active: true }]);
    expect(pair.bob.store.incomingMessages()).toEqual([]);
  });

  it('fails a message that cannot be delivered in time, and delivers it when the user retries', async () => {
    const pair = await createEnginePair({ seed: 2, faults: NO_FAULTS, policy: { deliveryWindowMs: 60_000 } });
    const message = await sendText(pair.alice, BOB, 'are you there?');
    await pair.clock.advance(61_000);
    expect(await pair.alice.store.outgoing(message.id)).toMatchObject({ status: 'failed' });
    expect(await pair.alice.engine.retry(message.id)).toMatchObject({ ok: true });
    pair.connect();
    await pair.clock.advance(100);
    expect(await pair.alice.store.outgoing(message.id)).toMatchObject({ status: 'delivered' });
    expect(await pair.alice.engine.retry(message.id)).toMatchObject({ ok: false });
  });

  it('fails what waits for a peer when they are blocked, sends them nothing, and retries nothing to them', async () => {
    const pair = await createEnginePair({ seed: 9, faults: NO_FAULTS, contacts: true });
    // Written while they were out of reach, then the user blocks them.
    const queued = await sendText(pair.alice, BOB, 'before the block');
    expect(await pair.alice.engine.decide(BOB, 'block')).toMatchObject({ ok: true });
    expect(await pair.alice.store.outgoing(queued.id)).toMatchObject({
      status: 'failed',
      failure: 'you blocked this contact',
    });
    expect(await pair.alice.store.outboxPeers()).toEqual([]);
    pair.connect();
    await pair.clock.advance(60_000);
    expect(await pair.bob.store.incoming(queued.id)).toBeNull();
    expect(await pair.alice.engine.retry(queued.id)).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_NOT_A_CONTACT' },
    });
  });

  it('counts the delivery window of a retried message from the retry, also after a restart', async () => {
    const pair = await createEnginePair({ seed: 3, faults: NO_FAULTS, policy: { deliveryWindowMs: 60_000 } });
    const message = await sendText(pair.alice, BOB, 'still there?');
    await pair.clock.advance(61_000);
    expect(await pair.alice.engine.retry(message.id)).toMatchObject({ ok: true });
    // Restarted well within the new window, but long after the first one ended.
    await pair.clock.advance(30_000);
    await pair.restart(pair.alice);
    await pair.clock.advance(1_000);
    expect(await pair.alice.store.outgoing(message.id)).toMatchObject({ status: 'pending' });
    pair.connect();
    await pair.clock.advance(100);
    expect(await pair.alice.store.outgoing(message.id)).toMatchObject({ status: 'delivered' });
    expect(pair.bob.store.incomingMessages().map((entry) => entry.message.id)).toEqual([message.id]);
  });

  it('never stores a message that arrives after its expiry, but marks it seen so it is not asked for again', async () => {
    const pair = await connected();
    const template = await sendText(pair.alice, BOB, 'template');
    await pair.clock.advance(100);
    const late = {
      ...template,
      id: '01900000-0000-7000-8000-0000000000ee',
      seq: 2,
      meta: { expiresAt: pair.clock.now() - 1 },
    } as Message;
    await pair.bob.engine.receive(ALICE, encodeFrame({ v: 1, k: 'msg', m: late }));
    await pair.clock.advance(100);
    expect(await pair.bob.store.incoming(late.id)).toBeNull();
    expect(await pair.bob.store.receivedSequence(ALICE)).toEqual({ upTo: 2, above: [] });
  });

  it('fails, without sending, a message whose expiry passes while the peer is unreachable', async () => {
    const pair = await createEnginePair({ seed: 4, faults: NO_FAULTS });
    const sent = await pair.alice.engine.send(
      BOB,
      'text',
      { text: 'soon gone' },
      { expiresAt: pair.clock.now() + 1_000 },
    );
    await pair.clock.advance(2_000);
    pair.connect();
    await pair.clock.advance(100);
    expect(sent.ok && (await pair.alice.store.outgoing(sent.value.id))).toMatchObject({ status: 'failed' });
    expect(pair.bob.store.incomingMessages()).toEqual([]);
  });

  it('acknowledges a message of a type from a newer version without storing it', async () => {
    const pair = await connected();
    const template = await sendText(pair.alice, BOB, 'template');
    await pair.clock.advance(100);
    const future = {
      ...template,
      id: '01900000-0000-7000-8000-0000000000ff',
      seq: 2,
      t: 'poll',
      body: { q: '?' },
    };
    await pair.bob.engine.receive(ALICE, encode({ v: 1, k: 'msg', m: future }));
    await pair.clock.advance(100);
    expect(pair.bob.store.incomingMessages()).toHaveLength(1);
    expect(await pair.bob.store.receivedSequence(ALICE)).toEqual({ upTo: 2, above: [] });
  });

  it('refuses a blocked peer a message of a type from a newer version, rather than acknowledge it', async () => {
    const pair = await connected();
    const template = await sendText(pair.alice, BOB, 'template');
    await pair.clock.advance(100);
    await pair.bob.store.setContactState(ALICE, 'blocked');
    const future = { ...template, id: '01900000-0000-7000-8000-0000000000fe', seq: 2, t: 'poll', body: {} };
    await pair.bob.engine.receive(ALICE, encode({ v: 1, k: 'msg', m: future }));
    expect(eventsOf(pair.bob, 'refused')).toMatchObject([{ peer: ALICE, code: 'MESSAGE_NOT_A_CONTACT' }]);
  });

  it('never asks for a timer longer than JavaScript timers allow (they would fire at once and spin)', async () => {
    const pair = await createEnginePair({ seed: 5, faults: NO_FAULTS });
    const delays: number[] = [];
    const setTimeout = pair.clock.setTimeout.bind(pair.clock);
    pair.clock.setTimeout = (callback, ms) => {
      delays.push(ms);
      return setTimeout(callback, ms);
    };
    // Nobody to send to: the only timer is the 30-day delivery deadline.
    await sendText(pair.alice, BOB, 'into the void');
    await pair.clock.advance(1_000);
    expect(delays.length).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});
