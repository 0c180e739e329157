// Who may send what to whom: contact requests, acceptances, blocks and trust decisions, and messages that do not
// fit the session, one rule per test, on a clean network.
import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { directConversationId, encodeFrame, type Message } from './message-format';
import { ALICE, BOB } from './testing/engine-pair';
import { connected, eventsOf, sendText } from './testing/engine-rules';

describe('delivery engine trust rules', () => {
  it('refuses messages from a peer who is not a contact, stores nothing, and fails them at the sender', async () => {
    const pair = await connected({ contacts: false });
    await pair.alice.store.setContactState(BOB, 'accepted'); // Alice thinks so; Bob never accepted.
    const message = await sendText(pair.alice, BOB, 'let me in');
    await pair.clock.advance(100);
    expect(pair.bob.store.incomingMessages()).toEqual([]);
    expect(eventsOf(pair.bob, 'refused')).toMatchObject([{ peer: ALICE, code: 'MESSAGE_NOT_A_CONTACT' }]);
    expect(await pair.alice.store.outgoing(message.id)).toMatchObject({
      status: 'failed',
      failure: 'the recipient has not accepted you as a contact',
    });
  });

  it('refuses an acceptance from a stranger: only a request may come from someone we never asked', async () => {
    const pair = await connected({ contacts: false });
    await pair.alice.store.setContactState(BOB, 'requested-by-them'); // Alice thinks Bob asked; he never did.
    const accept = await pair.alice.engine.send(BOB, 'contact-accept', { displayName: 'Alice' });
    await pair.clock.advance(100);
    expect(pair.bob.store.incomingMessages()).toEqual([]);
    expect(await pair.bob.store.contactState(ALICE)).toBe('unknown');
    expect(eventsOf(pair.bob, 'refused')).toMatchObject([{ peer: ALICE, code: 'MESSAGE_NOT_A_CONTACT' }]);
    expect(accept.ok && (await pair.alice.store.outgoing(accept.value.id))).toMatchObject({
      status: 'failed',
    });
  });

  it('refuses a blocked peer even what expired on the way, rather than acknowledge it', async () => {
    const pair = await connected();
    await pair.bob.store.setContactState(ALICE, 'blocked');
    pair.disconnect();
    const message = await sendText(pair.alice, BOB, 'expired');
    const expired = { ...message, meta: { expiresAt: pair.clock.now() - 1 } };
    await pair.bob.engine.receive(ALICE, encodeFrame({ v: 1, k: 'msg', m: expired }));
    expect(eventsOf(pair.bob, 'refused')).toMatchObject([{ peer: ALICE, code: 'MESSAGE_NOT_A_CONTACT' }]);
  });

  it('refuses a message dated more than a day ahead, and one past what a date can hold, storing neither', async () => {
    const pair = await connected();
    pair.disconnect();
    const message = await sendText(pair.alice, BOB, 'from the future');
    const dayMs = 24 * 60 * 60 * 1000;
    const ahead = (sentAt: number, n: number): Message => ({
      ...message,
      id: `${message.id.slice(0, -2)}0${String(n)}`,
      seq: message.seq + n,
      sentAt,
    });
    // An hour ahead is a clock off, and taken.
    await pair.bob.engine.receive(
      ALICE,
      encodeFrame({ v: 1, k: 'msg', m: ahead(pair.clock.now() + 3_600_000, 1) }),
    );
    await pair.bob.engine.receive(
      ALICE,
      encodeFrame({ v: 1, k: 'msg', m: ahead(pair.clock.now() + 2 * dayMs, 2) }),
    );
    await pair.bob.engine.receive(ALICE, encodeFrame({ v: 1, k: 'msg', m: ahead(2 ** 53 - 2, 3) }));
    expect(pair.bob.store.incomingMessages().map((entry) => entry.message.seq)).toEqual([message.seq + 1]);
    expect(eventsOf(pair.bob, 'refused').map((event) => event.code)).toEqual([
      'MESSAGE_INVALID',
      'MESSAGE_INVALID',
    ]);
  });

  it('holds contact requests apart until accepted, then lets messages through both ways', async () => {
    const pair = await connected({ contacts: false });
    expect(await pair.alice.engine.send(BOB, 'text', { text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_NOT_A_CONTACT' },
    });
    await pair.alice.engine.send(BOB, 'contact-request', {
      displayName: 'Alice',
      note: 'from the conference',
    });
    await pair.clock.advance(100);
    expect(pair.bob.store.incomingMessages()).toMatchObject([
      { request: true, message: { t: 'contact-request' } },
    ]);
    expect(await pair.bob.store.contactState(ALICE)).toBe('requested-by-them');
    await pair.bob.engine.send(ALICE, 'contact-accept', { displayName: 'Bob' });
    await pair.clock.advance(100);
    expect(await pair.alice.store.contactState(BOB)).toBe('accepted');
    expect(await pair.bob.store.contactState(ALICE)).toBe('accepted');
    await sendText(pair.alice, BOB, 'now we talk');
    await pair.clock.advance(100);
    expect(eventsOf(pair.bob, 'received').map((e) => e.incoming.message.t)).toEqual([
      'contact-request',
      'text',
    ]);
  });

  it('takes a text sent the moment its sender accepted, arriving right behind the acceptance', async () => {
    const pair = await connected({ contacts: false });
    await pair.alice.engine.send(BOB, 'contact-request', { displayName: 'Alice' });
    await pair.clock.advance(100);
    // Alice is away; Bob accepts and writes at once. When she is back, both frames arrive back to back, and the
    // text is judged while the acceptance is still being stored.
    pair.disconnect();
    await pair.bob.engine.send(ALICE, 'contact-accept', { displayName: 'Bob' });
    await sendText(pair.bob, ALICE, 'welcome!');
    const [accept, text] = pair.bob.store.outgoingMessages().map((entry) => entry.message);
    await Promise.all(
      [accept, text].map((m) =>
        pair.alice.engine.receive(BOB, encodeFrame({ v: 1, k: 'msg', m: m as Message })),
      ),
    );
    expect(eventsOf(pair.alice, 'refused')).toEqual([]);
    expect(await pair.alice.store.contactState(BOB)).toBe('accepted');
    expect(pair.alice.store.incomingMessages().map((entry) => entry.message.t)).toEqual([
      'contact-accept',
      'text',
    ]);
  });

  it('applies an acceptance whose effect was lost (the app stopped right after storing it) when it comes again', async () => {
    const pair = await connected({ contacts: false });
    await pair.alice.engine.send(BOB, 'contact-request', { displayName: 'Alice' });
    await pair.clock.advance(100);
    pair.disconnect();
    await pair.bob.engine.send(ALICE, 'contact-accept', { displayName: 'Bob' });
    const [accept] = pair.bob.store.outgoingMessages().map((entry) => entry.message);
    const frame = encodeFrame({ v: 1, k: 'msg', m: accept as Message });
    // The acceptance is stored (and acknowledged), then the write of its effect fails.
    const store = pair.alice.store as { setContactState: typeof pair.alice.store.setContactState };
    const setContactState = store.setContactState.bind(store);
    store.setContactState = () => Promise.reject(new Error('the tab was closed'));
    await pair.alice.engine.receive(BOB, frame);
    store.setContactState = setContactState;
    expect(await pair.alice.store.contactState(BOB)).toBe('requested-by-me');
    // Bob resends it (the ack was lost, or he retransmits): now it takes effect.
    await pair.alice.engine.receive(BOB, frame);
    expect(await pair.alice.store.contactState(BOB)).toBe('accepted');
    expect(eventsOf(pair.alice, 'contact')).toContainEqual({ type: 'contact', peer: BOB, state: 'accepted' });
    // Stored once; a third copy changes nothing more.
    await pair.alice.engine.receive(BOB, frame);
    expect(pair.alice.store.incomingMessages()).toHaveLength(1);
    expect(eventsOf(pair.alice, 'contact').filter((event) => event.state === 'accepted')).toHaveLength(1);
  });

  it('sends read receipts to contacts only: not after a block, not to a stranger whose request is open', async () => {
    const pair = await connected();
    const message = await sendText(pair.alice, BOB, 'read me later');
    await pair.clock.advance(100);
    await pair.bob.engine.decide(ALICE, 'block');
    await pair.bob.engine.markRead(ALICE, [message.id]);
    await pair.clock.advance(1_000);
    expect(pair.bob.store.outgoingMessages()).toEqual([]);
    expect((await pair.alice.store.outgoing(message.id))?.status).toBe('delivered');

    const strangers = await connected({ contacts: false });
    await strangers.alice.engine.send(BOB, 'contact-request', { displayName: 'Alice' });
    await strangers.clock.advance(100);
    const [request] = strangers.bob.store.incomingMessages();
    await strangers.bob.engine.markRead(ALICE, [request?.message.id ?? '']);
    expect(strangers.bob.store.outgoingMessages()).toEqual([]);
  });

  it('refuses everything from a blocked peer, contact requests included', async () => {
    const pair = await connected();
    await pair.bob.store.setContactState(ALICE, 'blocked');
    await sendText(pair.alice, BOB, 'hello?');
    await pair.alice.engine.send(BOB, 'contact-request', { displayName: 'Alice' });
    await pair.clock.advance(100);
    expect(pair.bob.store.incomingMessages()).toEqual([]);
    expect(pair.alice.store.outgoingMessages().map((entry) => entry.status)).toEqual(['failed', 'failed']);
  });

  it('blocks and unblocks by decision: a blocked contact is refused, an unblocked one is a stranger again', async () => {
    const pair = await connected();
    expect(await pair.bob.engine.decide(ALICE, 'block')).toEqual({ ok: true, value: 'blocked' });
    await sendText(pair.alice, BOB, 'blocked text');
    await pair.clock.advance(100);
    expect(pair.bob.store.incomingMessages()).toEqual([]);
    expect(await pair.bob.engine.decide(ALICE, 'ignore')).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_NOT_A_CONTACT' },
    });
    expect(await pair.bob.engine.decide(ALICE, 'unblock')).toEqual({ ok: true, value: 'unknown' });
    expect(eventsOf(pair.bob, 'contact').map((event) => event.state)).toEqual(['blocked', 'unknown']);

    // Bob asks again; Alice still has him as a contact, so she confirms at once and they talk.
    await pair.bob.engine.send(ALICE, 'contact-request', { displayName: 'Bob' });
    await pair.clock.advance(200);
    expect(await pair.bob.store.contactState(ALICE)).toBe('accepted');
    await sendText(pair.alice, BOB, 'welcome back');
    await pair.clock.advance(100);
    expect(pair.bob.store.incomingMessages().map((entry) => entry.message.t)).toEqual([
      'contact-accept',
      'text',
    ]);
  });

  it('ignores a request without telling the sender; a new request shows again', async () => {
    const pair = await connected({ contacts: false });
    await pair.alice.engine.send(BOB, 'contact-request', { displayName: 'Alice' });
    await pair.clock.advance(100);
    expect(await pair.bob.engine.decide(ALICE, 'ignore')).toEqual({ ok: true, value: 'unknown' });
    expect(await pair.alice.store.contactState(BOB)).toBe('requested-by-me');
    await pair.alice.engine.send(BOB, 'contact-request', { displayName: 'Alice', note: 'me again' });
    await pair.clock.advance(100);
    expect(await pair.bob.store.contactState(ALICE)).toBe('requested-by-them');
  });

  it('forgets a deleted contact: nothing in flight goes out, their messages are refused until a new request', async () => {
    const pair = await connected();
    await sendText(pair.alice, BOB, 'before');
    await pair.clock.advance(100);
    pair.disconnect();
    const unsent = await sendText(pair.bob, ALICE, 'never sent');
    expect(await pair.bob.engine.decide(ALICE, 'forget')).toEqual({ ok: true, value: 'unknown' });
    expect(eventsOf(pair.bob, 'contact').map((event) => event.state)).toEqual(['unknown']);
    // Still accepted on Alice's side: her next text is refused by Bob's engine and fails at hers.
    pair.connect();
    const refused = await sendText(pair.alice, BOB, 'are you there?');
    await pair.clock.advance(60_000);
    expect(pair.alice.store.incomingMessages().map((entry) => entry.message.id)).not.toContain(unsent.id);
    expect(pair.bob.store.incomingMessages().map((entry) => entry.message.body)).toEqual([
      { text: 'before' },
    ]);
    expect(await pair.alice.store.outgoing(refused.id)).toMatchObject({ status: 'failed' });

    // A new request is held apart again; Bob's numbering carries on where it was.
    await pair.alice.engine.send(BOB, 'contact-request', { displayName: 'Alice' });
    await pair.clock.advance(100);
    expect(await pair.bob.store.contactState(ALICE)).toBe('requested-by-them');
    const accepted = await pair.bob.engine.send(ALICE, 'contact-accept', { displayName: 'Bob' });
    expect(accepted.ok && accepted.value.seq).toBe(unsent.seq + 1);
  });

  it('never forgets a block: a blocked peer stays blocked when their contact is deleted', async () => {
    const pair = await connected();
    await pair.bob.engine.decide(ALICE, 'block');
    expect(await pair.bob.engine.decide(ALICE, 'forget')).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_NOT_A_CONTACT' },
    });
    expect(await pair.bob.store.contactState(ALICE)).toBe('blocked');
  });

  it('refuses a message whose sender or conversation does not match the session, and the link stays usable', async () => {
    const pair = await connected();
    const forged = await sendText(pair.alice, BOB, 'placeholder');
    await pair.clock.advance(100);
    const carol = 'c'.repeat(32) as typeof ALICE;
    const spoofed = {
      ...forged,
      id: '01900000-0000-7000-8000-000000000001',
      from: carol,
      seq: 99,
    } as Message;
    await pair.bob.engine.receive(ALICE, encodeFrame({ v: 1, k: 'msg', m: spoofed }));
    const wrongConversation = {
      ...forged,
      id: '01900000-0000-7000-8000-000000000002',
      conversation: directConversationId(ALICE, carol),
      seq: 100,
    } as Message;
    await pair.bob.engine.receive(ALICE, encodeFrame({ v: 1, k: 'msg', m: wrongConversation }));
    await pair.bob.engine.receive(ALICE, Uint8Array.of(0xc1, 0xff, 0x00));
    await pair.bob.engine.receive(ALICE, encode({ v: 1, k: 'msg', m: { ...forged, seq: -1 } }));
    expect(eventsOf(pair.bob, 'refused').map((e) => e.code)).toEqual([
      'MESSAGE_WRONG_PARTY',
      'MESSAGE_INVALID',
      'MESSAGE_INVALID',
      'MESSAGE_INVALID',
    ]);
    expect(pair.bob.store.incomingMessages()).toHaveLength(1);
    await sendText(pair.alice, BOB, 'still works');
    await pair.clock.advance(100);
    expect(pair.bob.store.incomingMessages()).toHaveLength(2);
  });
});
