// Disappearing messages between two engines: the timer is agreed through a message both sides store, every text
// sent under it carries its expiry, late arrivals past it are never stored, and concurrent changes settle alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../testing/faulty-link';
import { describeTimer, DISAPPEARING_PRESETS, laterTimer } from './disappearing-timer';
import { directConversationId, type Message } from './message-format';
import { ALICE, BOB, createEnginePair, type EngineSide } from './testing/engine-pair';
import { timerMessage } from './testing/message-store-contract';

const CONVERSATION = directConversationId(ALICE, BOB);

const connected = async () => {
  const pair = await createEnginePair({ seed: 7, faults: NO_FAULTS, contacts: true });
  pair.connect();
  return pair;
};

const sent = async (side: EngineSide, to: typeof ALICE, type: 'text' | 'timer', seconds = 0) => {
  const result =
    type === 'text'
      ? await side.engine.send(to, 'text', { text: 'hello' })
      : await side.engine.send(to, 'timer', { seconds });
  if (!result.ok) {
    throw new Error(result.error.code);
  }
  return result.value;
};

describe('disappearing messages', () => {
  it('sets the timer on both sides with one message, and texts either side sends then expire', async () => {
    const pair = await connected();
    expect((await sent(pair.alice, BOB, 'text')).meta?.expiresAt).toBeUndefined();
    const change = await sent(pair.alice, BOB, 'timer', 3600);
    await pair.clock.advance(100);
    expect(await pair.alice.store.disappearingTimer(CONVERSATION)).toBe(3600);
    expect(await pair.bob.store.disappearingTimer(CONVERSATION)).toBe(3600);
    // Both users see the change in the conversation.
    expect(
      pair.bob.events.some((event) => event.type === 'received' && event.incoming.message.id === change.id),
    ).toBe(true);

    const fromAlice = await sent(pair.alice, BOB, 'text');
    const fromBob = await sent(pair.bob, ALICE, 'text');
    expect(fromAlice.meta?.expiresAt).toBe(fromAlice.sentAt + 3_600_000);
    expect(fromBob.meta?.expiresAt).toBe(fromBob.sentAt + 3_600_000);
    // The timer message itself does not disappear: the setting stays explained in both histories.
    expect(change.meta?.expiresAt).toBeUndefined();

    await sent(pair.bob, ALICE, 'timer', 0);
    await pair.clock.advance(100);
    expect((await sent(pair.alice, BOB, 'text')).meta?.expiresAt).toBeUndefined();
  });

  it('never stores a text that arrives after the expiry its timer gave it', async () => {
    const pair = await createEnginePair({ seed: 3, faults: NO_FAULTS, contacts: true });
    pair.connect();
    await sent(pair.alice, BOB, 'timer', 30);
    await pair.clock.advance(100);
    pair.disconnect();
    const late = await sent(pair.alice, BOB, 'text');
    await pair.clock.advance(31_000);
    pair.connect();
    await pair.clock.advance(1_000);
    expect(await pair.bob.store.incoming(late.id)).toBeNull();
  });

  it('settles concurrent changes on the same value on both sides', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DISAPPEARING_PRESETS.map((preset) => preset.seconds)),
        fc.constantFrom(...DISAPPEARING_PRESETS.map((preset) => preset.seconds)),
        fc.integer({ min: 0, max: 50 }),
        async (aliceSeconds, bobSeconds, gapMs) => {
          const pair = await createEnginePair({
            seed: gapMs + 1,
            faults: { ...NO_FAULTS, latencyMs: 20 },
            contacts: true,
          });
          pair.connect();
          // Both change the timer before either hears of the other's change.
          await sent(pair.alice, BOB, 'timer', aliceSeconds);
          await pair.clock.advance(gapMs % 15);
          await sent(pair.bob, ALICE, 'timer', bobSeconds);
          await pair.clock.advance(500);
          const onAlice = await pair.alice.store.disappearingTimer(CONVERSATION);
          expect(await pair.bob.store.disappearingTimer(CONVERSATION)).toBe(onAlice);
          expect([aliceSeconds, bobSeconds]).toContain(onAlice);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('does not let a delete-for-everyone remove a timer change', async () => {
    const pair = await connected();
    const change = await sent(pair.alice, BOB, 'timer', 300);
    await pair.clock.advance(100);
    await pair.alice.engine.send(BOB, 'delete', { ids: [change.id] });
    await pair.clock.advance(100);
    expect((await pair.bob.store.incoming(change.id))?.message).toEqual(change);
    expect(await pair.bob.store.disappearingTimer(CONVERSATION)).toBe(300);
  });
});

describe('timer settings', () => {
  const change = (n: number, seconds: number): Message => timerMessage(n, ALICE, BOB, n, seconds);

  it('keeps the latest change in conversation order and ignores other messages', () => {
    const first = laterTimer(undefined, change(1, 60));
    expect(first?.seconds).toBe(60);
    expect(laterTimer(first, change(3, 0))?.seconds).toBe(0);
    const latest = laterTimer(first, change(3, 0));
    expect(laterTimer(latest, change(2, 86_400))).toBe(latest);
    expect(laterTimer(latest, { ...change(9, 5), t: 'text', body: { text: 'x' } })).toBe(latest);
  });

  it('describes presets by name and other values in whole units', () => {
    expect(describeTimer(0)).toBe('Off');
    expect(describeTimer(86_400)).toBe('1 day');
    expect(describeTimer(90)).toBe('90 seconds');
    expect(describeTimer(7200)).toBe('2 hours');
    expect(describeTimer(3 * 86_400)).toBe('3 days');
    expect(describeTimer(60)).toBe('1 minute');
  });
});
