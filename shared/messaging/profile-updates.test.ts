// A new display name between two engines: a `profile` message reaches every contact who knows us, reliably (across
// an offline spell and a restart), is refused from strangers and the blocked, is never shown as a message, and
// the name in force is the latest in conversation order whatever order the changes arrive in.
import { describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../testing/faulty-link';
import type { EngineEvent } from './delivery-engine';
import type { Message } from './message-format';
import type { ContactState } from './message-store';
import { laterName } from './profile-names';
import { ALICE, BOB, createEnginePair, type EnginePair } from './testing/engine-pair';

const connected = async (contacts = true): Promise<EnginePair> => {
  const pair = await createEnginePair({ seed: 11, faults: NO_FAULTS, contacts });
  pair.connect();
  return pair;
};

const profileEvents = (events: readonly EngineEvent[]) => events.filter((event) => event.type === 'profile');

const shownAsMessage = (events: readonly EngineEvent[], id: string) =>
  events.some((event) => event.type === 'received' && event.incoming.message.id === id);

const only = (messages: readonly Message[]): Message => {
  expect(messages).toHaveLength(1);
  return messages[0] as Message;
};

describe('profile updates', () => {
  it('takes a new name to an accepted contact, who stores and acks it without showing it as a message', async () => {
    const pair = await connected();
    const change = only(await pair.alice.engine.announceProfile('  Alice Liddell ', [BOB]));
    expect(change).toMatchObject({ t: 'profile', to: BOB, body: { displayName: 'Alice Liddell' } });
    await pair.clock.advance(100);

    expect((await pair.bob.store.incoming(change.id))?.message).toEqual(change);
    expect(profileEvents(pair.bob.events)).toEqual([
      { type: 'profile', peer: ALICE, displayName: 'Alice Liddell' },
    ]);
    expect(shownAsMessage(pair.bob.events, change.id)).toBe(false);
    expect((await pair.alice.store.outgoing(change.id))?.status).toBe('delivered');
  });

  it('introduces us by the new name in later acceptances and requests', async () => {
    const pair = await connected();
    await pair.alice.engine.announceProfile('Alice Liddell', []);
    expect(pair.alice.engine.displayName()).toBe('Alice Liddell');
    // Bob lost Alice's acceptance and asks again: she confirms it at once, under her new name.
    await pair.bob.store.setContactState(ALICE, 'requested-by-me');
    await pair.bob.engine.send(ALICE, 'contact-request', { displayName: 'Bob' });
    await pair.clock.advance(100);
    const accept = pair.bob.store
      .incomingMessages()
      .map((entry) => entry.message)
      .find((message) => message.t === 'contact-accept');
    expect(accept?.body).toEqual({ displayName: 'Alice Liddell' });
  });

  it('goes to contacts who know us only, and renames a request still waiting for an answer', async () => {
    const pair = await connected(false);
    const strangers = await pair.alice.engine.announceProfile('Alice Liddell', [BOB, ALICE]);
    expect(strangers).toEqual([]);
    await pair.alice.store.setContactState(BOB, 'blocked');
    expect(await pair.alice.engine.announceProfile('Alice Liddell', [BOB])).toEqual([]);

    await pair.alice.engine.decide(BOB, 'unblock');
    await pair.alice.engine.send(BOB, 'contact-request', { displayName: 'Alice' });
    await pair.clock.advance(100);
    const change = only(await pair.alice.engine.announceProfile('Alice Liddell', [BOB]));
    await pair.clock.advance(100);
    expect((await pair.bob.store.incoming(change.id))?.request).toBe(true);
    expect(profileEvents(pair.bob.events)).toEqual([
      { type: 'profile', peer: ALICE, displayName: 'Alice Liddell' },
    ]);
    expect(await pair.bob.store.contactState(ALICE)).toBe('requested-by-them');
  });

  it.each<ContactState>(['unknown', 'blocked', 'requested-by-me'])(
    'is refused, and nothing stored, from a peer who is %s to the recipient',
    async (state) => {
      const pair = await connected(false);
      await pair.alice.store.setContactState(BOB, 'accepted');
      await pair.bob.store.setContactState(ALICE, state);
      const change = only(await pair.alice.engine.announceProfile('Mallory', [BOB]));
      await pair.clock.advance(100);

      expect(await pair.bob.store.incoming(change.id)).toBeNull();
      expect(profileEvents(pair.bob.events)).toEqual([]);
      expect(pair.bob.events).toContainEqual(
        expect.objectContaining({ type: 'refused', peer: ALICE, code: 'MESSAGE_NOT_A_CONTACT' }),
      );
      expect((await pair.alice.store.outgoing(change.id))?.status).toBe('failed');
    },
  );

  it('reaches a contact who was offline, after the sender restarted, exactly once', async () => {
    const pair = await connected();
    pair.disconnect();
    const change = only(await pair.alice.engine.announceProfile('Alice Liddell', [BOB]));
    await pair.clock.advance(60_000);
    expect(await pair.bob.store.incoming(change.id)).toBeNull();

    await pair.restart(pair.alice);
    pair.connect();
    await pair.clock.advance(5_000);
    expect((await pair.bob.store.incoming(change.id))?.message).toEqual(change);
    expect((await pair.alice.store.outgoing(change.id))?.status).toBe('delivered');
    expect(profileEvents(pair.bob.events)).toHaveLength(1);
  });

  it('refuses a name the schema would refuse: the host validated it, so that is a programmer error', async () => {
    const pair = await connected();
    await expect(pair.alice.engine.announceProfile('   ', [BOB])).rejects.toThrow(RangeError);
    await expect(pair.alice.engine.announceProfile('x'.repeat(65), [BOB])).rejects.toThrow(RangeError);
    expect(pair.alice.engine.displayName()).toBe('Test peer');
    expect(pair.alice.store.outgoingMessages()).toEqual([]);
  });
});

describe('the name in force', () => {
  const named = (seq: number, sentAt: number, t: 'profile' | 'contact-request', displayName: string) =>
    ({
      id: `0190a0a0-0000-7000-8000-${seq.toString().padStart(12, '0')}`,
      from: ALICE,
      to: BOB,
      conversation: `${ALICE}${BOB}`,
      sentAt,
      seq,
      t,
      body: { displayName },
    }) as Message;

  it('is the latest in conversation order, whatever order the messages arrive in', () => {
    const request = named(1, 100, 'contact-request', 'Alice');
    const first = named(2, 200, 'profile', 'Alice L.');
    const second = named(3, 200, 'profile', 'Alice Liddell');
    const afterRequest = laterName(undefined, request);
    const latest = laterName(laterName(afterRequest ?? undefined, second) ?? undefined, first);
    expect(latest).toBeNull();
    const inOrder = laterName(laterName(afterRequest ?? undefined, first) ?? undefined, second);
    expect(inOrder?.displayName).toBe('Alice Liddell');
    expect(laterName(inOrder ?? undefined, request)).toBeNull();
  });

  it('replaces a name kept without its place, and ignores messages that carry none', () => {
    expect(laterName({ displayName: 'Old' }, named(1, 1, 'profile', 'New'))?.displayName).toBe('New');
    const text = { ...named(5, 500, 'profile', 'x'), t: 'text', body: { text: 'hi' } } as Message;
    expect(laterName({ displayName: 'Old' }, text)).toBeNull();
  });
});
