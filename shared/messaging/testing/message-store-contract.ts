// The MessageStore contract: every documented behaviour of the port, as Vitest specifications that each adapter
// (memory, file, Dexie) registers against itself. `reopen` stands for a restart, so everything is also checked
// after one; the property tests compare the store with a naive model under random operation sequences.
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { PeerId } from '../../identity/peer-id';
import { STATUS_TRANSITIONS } from '../memory-message-store';
import { directConversationId, type Message, type MessageId } from '../message-format';
import type {
  ContactState,
  DeliveryStatus,
  IncomingMessage,
  MessageStore,
  OutgoingMessage,
  ReceivedSequence,
} from '../message-store';

export interface MessageStoreFixture {
  readonly store: MessageStore;
  /** The same data as after a restart; the store returned replaces the previous one, which is not used again. */
  reopen(): Promise<MessageStore>;
  cleanup(): Promise<void>;
}

const LOCAL = 'l'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;
const DAVE = 'd'.repeat(32) as PeerId;
const PEERS = [BOB, CAROL, DAVE] as const;

const STATUSES: readonly DeliveryStatus[] = ['pending', 'sent', 'delivered', 'read', 'failed'];
const CONTACT_STATES: readonly ContactState[] = [
  'accepted',
  'blocked',
  'requested-by-me',
  'requested-by-them',
  'unknown',
];
const IN_OUTBOX: ReadonlySet<DeliveryStatus> = new Set(['pending', 'sent']);

/** A valid UUIDv7, distinct for each `n`. */
export const messageId = (n: number): MessageId =>
  `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** A text message `n` (its ID derives from `n`), for stores to hold. */
export const textMessage = (
  n: number,
  from: PeerId,
  to: PeerId,
  seq: number,
  text = `message ${n}`,
): Message => ({
  id: messageId(n),
  from,
  to,
  conversation: directConversationId(from, to),
  sentAt: 1_700_000_000_000 + n,
  seq,
  t: 'text',
  body: { text },
});

const inbound = (n: number, from: PeerId, seq: number): Message => textMessage(n, from, LOCAL, seq);

/** A disappearing-messages timer change `n` (its ID and time derive from `n`). */
export const timerMessage = (n: number, from: PeerId, to: PeerId, seq: number, seconds: number): Message => ({
  ...textMessage(n, from, to, seq),
  t: 'timer',
  body: { seconds },
});

/** A naive model of the port: plain collections, every answer computed from scratch. */
interface Model {
  readonly outgoing: Map<MessageId, OutgoingMessage>;
  readonly incoming: Map<MessageId, IncomingMessage>;
  readonly knownIncoming: Map<MessageId, Message>;
  readonly seen: Map<PeerId, Set<number>>;
  readonly contacts: Map<PeerId, ContactState>;
}

const modelSequence = (model: Model, peer: PeerId): ReceivedSequence => {
  const seen = model.seen.get(peer) ?? new Set<number>();
  let upTo = 0;
  while (seen.has(upTo + 1)) {
    upTo += 1;
  }
  return { upTo, above: [...seen].filter((seq) => seq > upTo).sort((a, b) => a - b) };
};

const modelOutbox = (model: Model, peer: PeerId): Message[] =>
  [...model.outgoing.values()]
    .filter((entry) => entry.message.to === peer && IN_OUTBOX.has(entry.status))
    .map((entry) => entry.message)
    .sort((a, b) => a.seq - b.seq);

const expectMatchesModel = async (store: MessageStore, model: Model): Promise<void> => {
  for (const peer of PEERS) {
    expect(await store.outbox(peer, 1_000)).toEqual(modelOutbox(model, peer));
    expect(await store.receivedSequence(peer)).toEqual(modelSequence(model, peer));
    expect(await store.contactState(peer)).toBe(model.contacts.get(peer) ?? 'unknown');
  }
  const peersWithOutbox = PEERS.filter((peer) => modelOutbox(model, peer).length > 0);
  expect([...(await store.outboxPeers())].sort()).toEqual(peersWithOutbox);
  for (const [id, entry] of model.outgoing) {
    expect(await store.outgoing(id)).toEqual(entry);
  }
  for (const id of model.knownIncoming.keys()) {
    expect(await store.incoming(id)).toEqual(model.incoming.get(id) ?? null);
  }
};

type Operation =
  | { readonly kind: 'create'; readonly to: number }
  | {
      readonly kind: 'status';
      readonly picks: readonly number[];
      readonly status: DeliveryStatus;
      readonly failure: boolean;
    }
  | {
      readonly kind: 'receive';
      readonly from: number;
      readonly seq: number;
      readonly resend: number | null;
      readonly request: boolean;
    }
  | { readonly kind: 'seen'; readonly from: number; readonly seq: number }
  | { readonly kind: 'delete'; readonly picks: readonly number[] }
  | { readonly kind: 'contact'; readonly peer: number; readonly state: ContactState }
  | { readonly kind: 'reopen' };

const peerIndex = fc.integer({ min: 0, max: PEERS.length - 1 });
const smallSeq = fc.integer({ min: 1, max: 8 });
const picks = fc.array(fc.nat(), { minLength: 1, maxLength: 3 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), to: peerIndex }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      picks,
      status: fc.constantFrom(...STATUSES),
      failure: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('receive' as const),
      from: peerIndex,
      seq: smallSeq,
      resend: fc.option(fc.nat(), { nil: null }),
      request: fc.boolean(),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('seen' as const), from: peerIndex, seq: smallSeq }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), picks }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('contact' as const),
      peer: peerIndex,
      state: fc.constantFrom(...CONTACT_STATES),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('reopen' as const) }), weight: 1 },
);

const emptyModel = (): Model => ({
  outgoing: new Map(),
  incoming: new Map(),
  knownIncoming: new Map(),
  seen: new Map(),
  contacts: new Map(),
});

const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items.length === 0 ? undefined : items[index % items.length];

export const describeMessageStoreContract = (
  name: string,
  makeStore: () => Promise<MessageStoreFixture>,
): void => {
  /** A fresh store for one test, cleaned up when the test ends. */
  const open = async (): Promise<MessageStoreFixture> => {
    const fixture = await makeStore();
    onTestFinished(() => fixture.cleanup());
    return fixture;
  };

  /** Runs `body` on a fresh store per property run. */
  const withFreshStore = async (body: (fixture: MessageStoreFixture) => Promise<void>): Promise<void> => {
    const fixture = await makeStore();
    try {
      await body(fixture);
    } finally {
      await fixture.cleanup();
    }
  };

  const createTo = (store: MessageStore, n: number, to: PeerId): Promise<Message> =>
    store.createOutgoing(to, (seq) => textMessage(n, LOCAL, to, seq));

  /** An outgoing message moved to `status` by the shortest allowed path. */
  const outgoingIn = async (store: MessageStore, n: number, status: DeliveryStatus): Promise<Message> => {
    const message = await createTo(store, n, BOB);
    if (status !== 'pending') {
      expect(await store.setStatus([message.id], status, 'gave up')).toEqual([message.id]);
    }
    return message;
  };

  describe(`${name}: MessageStore contract`, () => {
    describe('sequence numbers', () => {
      it('numbers outgoing messages per recipient from 1 without gaps', async () => {
        const { store } = await open();
        const seqs: [PeerId, number][] = [];
        for (const [n, to] of [BOB, CAROL, BOB, BOB, CAROL, DAVE].entries()) {
          seqs.push([to, (await createTo(store, n + 1, to)).seq]);
        }
        expect(seqs).toEqual([
          [BOB, 1],
          [CAROL, 1],
          [BOB, 2],
          [BOB, 3],
          [CAROL, 2],
          [DAVE, 1],
        ]);
      });

      it('gives concurrent createOutgoing calls distinct consecutive numbers', async () => {
        const fixture = await open();
        const created = await Promise.all(
          Array.from({ length: 40 }, (_, n) => createTo(fixture.store, n + 1, n % 3 === 0 ? CAROL : BOB)),
        );
        const numbersTo = (peer: PeerId) =>
          created
            .filter((message) => message.to === peer)
            .map((message) => message.seq)
            .sort((a, b) => a - b);
        expect(numbersTo(BOB)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
        expect(numbersTo(CAROL)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
        const reopened = await fixture.reopen();
        expect((await reopened.outbox(BOB, 100)).map((message) => message.seq)).toEqual(numbersTo(BOB));
        expect((await createTo(reopened, 100, BOB)).seq).toBe(27);
      });

      it('continues numbering after a restart', async () => {
        const fixture = await open();
        await createTo(fixture.store, 1, BOB);
        await createTo(fixture.store, 2, BOB);
        const reopened = await fixture.reopen();
        expect((await createTo(reopened, 3, BOB)).seq).toBe(3);
        expect((await createTo(reopened, 4, CAROL)).seq).toBe(1);
      });

      it('keeps numbering without gaps through any mix of recipients and restarts', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.option(peerIndex, { nil: null }), { minLength: 1, maxLength: 25 }),
            async (steps) =>
              withFreshStore(async (fixture) => {
                let store = fixture.store;
                const counts = new Map<PeerId, number>();
                for (const [n, step] of steps.entries()) {
                  const to = step === null ? undefined : PEERS[step];
                  if (to === undefined) {
                    store = await fixture.reopen();
                    continue;
                  }
                  counts.set(to, (counts.get(to) ?? 0) + 1);
                  expect((await createTo(store, n + 1, to)).seq).toBe(counts.get(to));
                }
              }),
          ),
          { numRuns: 25 },
        );
      });
    });

    describe('outbox', () => {
      it('stores a new message as pending and returns it', async () => {
        const { store } = await open();
        const message = await createTo(store, 1, BOB);
        expect(message).toEqual(textMessage(1, LOCAL, BOB, 1));
        expect(await store.outgoing(message.id)).toEqual({ message, status: 'pending' });
      });

      it('lists one recipient’s outbox lowest sequence first, honouring limit and afterSeq', async () => {
        const { store } = await open();
        const toBob: Message[] = [];
        for (let n = 1; n <= 5; n += 1) {
          toBob.push(await createTo(store, n, BOB));
          await createTo(store, 100 + n, CAROL);
        }
        expect(await store.outbox(BOB, 10)).toEqual(toBob);
        expect(await store.outbox(BOB, 2)).toEqual(toBob.slice(0, 2));
        expect(await store.outbox(BOB, 2, 2)).toEqual(toBob.slice(2, 4));
        expect(await store.outbox(BOB, 10, 4)).toEqual(toBob.slice(4));
        expect(await store.outbox(BOB, 10, 5)).toEqual([]);
        expect(await store.outbox(DAVE, 10)).toEqual([]);
      });

      it('keeps sent messages and drops delivered, read and failed ones', async () => {
        const { store } = await open();
        const [sent, delivered, read, failed, pending] = [
          await createTo(store, 1, BOB),
          await createTo(store, 2, BOB),
          await createTo(store, 3, BOB),
          await createTo(store, 4, BOB),
          await createTo(store, 5, BOB),
        ];
        await store.setStatus([sent.id], 'sent');
        await store.setStatus([delivered.id], 'delivered');
        await store.setStatus([read.id], 'read');
        await store.setStatus([failed.id], 'failed', 'expired');
        expect(await store.outbox(BOB, 10)).toEqual([sent, pending]);
      });

      it('puts a failed message back when it is retried', async () => {
        const { store } = await open();
        const first = await createTo(store, 1, BOB);
        const second = await createTo(store, 2, BOB);
        await store.setStatus([first.id], 'failed', 'expired');
        expect(await store.outbox(BOB, 10)).toEqual([second]);
        expect(await store.setStatus([first.id], 'pending')).toEqual([first.id]);
        expect(await store.outbox(BOB, 10)).toEqual([first, second]);
      });

      it('lists the peers with anything in their outbox', async () => {
        const { store } = await open();
        expect(await store.outboxPeers()).toEqual([]);
        const toBob = await createTo(store, 1, BOB);
        const toCarol = await createTo(store, 2, CAROL);
        await store.setStatus([toCarol.id], 'sent');
        expect([...(await store.outboxPeers())].sort()).toEqual([BOB, CAROL]);
        await store.setStatus([toBob.id], 'delivered');
        expect(await store.outboxPeers()).toEqual([CAROL]);
        await store.setStatus([toCarol.id], 'failed', 'rejected');
        expect(await store.outboxPeers()).toEqual([]);
      });

      it('answers null for a message it does not have', async () => {
        const { store } = await open();
        expect(await store.outgoing(messageId(9))).toBeNull();
        expect(await store.incoming(messageId(9))).toBeNull();
      });
    });

    describe('delivery status', () => {
      const pairs = STATUSES.flatMap((from) => STATUSES.map((to) => ({ from, to })));
      it.each(pairs)('follows the transition table from $from to $to', async ({ from, to }) => {
        const { store } = await open();
        const message = await outgoingIn(store, 1, from);
        const allowed = STATUS_TRANSITIONS[from].includes(to);
        expect(await store.setStatus([message.id], to, 'reason')).toEqual(allowed ? [message.id] : []);
        expect((await store.outgoing(message.id))?.status).toBe(allowed ? to : from);
      });

      it('never moves a message backwards: a late ack leaves it read', async () => {
        const { store } = await open();
        const message = await outgoingIn(store, 1, 'read');
        expect(await store.setStatus([message.id], 'delivered')).toEqual([]);
        expect(await store.setStatus([message.id], 'sent')).toEqual([]);
        expect(await store.setStatus([message.id], 'pending')).toEqual([]);
        expect((await store.outgoing(message.id))?.status).toBe('read');
      });

      it('never moves a delivered message back to sent or pending', async () => {
        const { store } = await open();
        const message = await outgoingIn(store, 1, 'delivered');
        expect(await store.setStatus([message.id], 'sent')).toEqual([]);
        expect(await store.setStatus([message.id], 'pending')).toEqual([]);
        expect((await store.outgoing(message.id))?.status).toBe('delivered');
      });

      it('records an ack that arrives after giving up as delivered', async () => {
        const { store } = await open();
        const message = await outgoingIn(store, 1, 'failed');
        expect(await store.setStatus([message.id], 'delivered')).toEqual([message.id]);
        expect(await store.outgoing(message.id)).toEqual({ message, status: 'delivered' });
      });

      it('returns only the IDs that changed', async () => {
        const { store } = await open();
        const pending = await createTo(store, 1, BOB);
        const read = await outgoingIn(store, 2, 'read');
        const sent = await outgoingIn(store, 3, 'sent');
        expect(
          await store.setStatus([read.id, pending.id, messageId(99), sent.id, pending.id], 'delivered'),
        ).toEqual([pending.id, sent.id]);
        expect(await store.setStatus([], 'delivered')).toEqual([]);
      });

      it('keeps the failure reason, across a restart', async () => {
        const fixture = await open();
        const message = await createTo(fixture.store, 1, BOB);
        await fixture.store.setStatus([message.id], 'failed', 'the recipient has not accepted you');
        const expected = { message, status: 'failed', failure: 'the recipient has not accepted you' };
        expect(await fixture.store.outgoing(message.id)).toEqual(expected);
        expect(await (await fixture.reopen()).outgoing(message.id)).toEqual(expected);
      });

      it('forgets the failure reason once the message is retried', async () => {
        const { store } = await open();
        const message = await outgoingIn(store, 1, 'failed');
        await store.setStatus([message.id], 'pending');
        expect(await store.outgoing(message.id)).toEqual({ message, status: 'pending' });
      });
    });

    describe('incoming messages', () => {
      it('stores a message once and reports a duplicate after, keeping the first copy', async () => {
        const { store } = await open();
        const message = inbound(1, BOB, 1);
        expect(await store.receive(message, 1_000, false)).toBe('stored');
        expect(await store.receive(message, 2_000, true)).toBe('duplicate');
        expect(await store.incoming(message.id)).toEqual({ message, receivedAt: 1_000, request: false });
      });

      it('holds a message from a non-contact apart as a request', async () => {
        const { store } = await open();
        const message = inbound(1, BOB, 1);
        await store.receive(message, 1_000, true);
        expect(await store.incoming(message.id)).toEqual({ message, receivedAt: 1_000, request: true });
      });

      it('marks the sequence number seen when it stores a message', async () => {
        const { store } = await open();
        await store.receive(inbound(1, BOB, 1), 1_000, false);
        await store.receive(inbound(2, BOB, 3), 1_000, false);
        expect(await store.receivedSequence(BOB)).toEqual({ upTo: 1, above: [3] });
        expect(await store.receivedSequence(CAROL)).toEqual({ upTo: 0, above: [] });
      });

      it('marks the sequence number seen for a duplicate too', async () => {
        const { store } = await open();
        const message = inbound(1, BOB, 1);
        await store.receive(message, 1_000, false);
        expect(await store.receive({ ...message, seq: 2 }, 2_000, false)).toBe('duplicate');
        expect(await store.receivedSequence(BOB)).toEqual({ upTo: 2, above: [] });
        expect(await store.incoming(message.id)).toEqual({ message, receivedAt: 1_000, request: false });
      });

      it('marks a number seen without storing anything', async () => {
        const { store } = await open();
        await store.markSeen(BOB, 2);
        expect(await store.receivedSequence(BOB)).toEqual({ upTo: 0, above: [2] });
        await store.markSeen(BOB, 1);
        expect(await store.receivedSequence(BOB)).toEqual({ upTo: 2, above: [] });
        await store.markSeen(BOB, 1);
        expect(await store.receivedSequence(BOB)).toEqual({ upTo: 2, above: [] });
      });

      it('fills gaps as late numbers arrive out of order', async () => {
        const { store } = await open();
        const states: ReceivedSequence[] = [];
        for (const [n, seq] of [5, 2, 7, 1, 3, 4, 6].entries()) {
          await store.receive(inbound(n + 1, BOB, seq), 1_000, false);
          states.push(await store.receivedSequence(BOB));
        }
        expect(states).toEqual([
          { upTo: 0, above: [5] },
          { upTo: 0, above: [2, 5] },
          { upTo: 0, above: [2, 5, 7] },
          { upTo: 2, above: [5, 7] },
          { upTo: 3, above: [5, 7] },
          { upTo: 5, above: [7] },
          { upTo: 7, above: [] },
        ]);
      });

      it('computes the received sequence like a naive model for any arrival order, across restarts', async () => {
        const arrival = fc.record({
          peer: peerIndex,
          seq: fc.integer({ min: 1, max: 30 }),
          how: fc.constantFrom('receive', 'seen', 'reopen'),
        });
        await fc.assert(
          fc.asyncProperty(fc.array(arrival, { maxLength: 60 }), async (arrivals) =>
            withFreshStore(async (fixture) => {
              let store = fixture.store;
              const model = emptyModel();
              for (const [n, { peer: index, seq, how }] of arrivals.entries()) {
                const peer = PEERS[index] ?? BOB;
                if (how === 'reopen') {
                  store = await fixture.reopen();
                  continue;
                }
                if (how === 'receive') {
                  await store.receive(inbound(n + 1, peer, seq), 1_000, false);
                } else {
                  await store.markSeen(peer, seq);
                }
                model.seen.set(peer, (model.seen.get(peer) ?? new Set()).add(seq));
              }
              for (const peer of PEERS) {
                expect(await store.receivedSequence(peer)).toEqual(modelSequence(model, peer));
              }
            }),
          ),
          { numRuns: 40 },
        );
      });
    });

    describe('deleting', () => {
      it('removes messages but remembers their IDs, so they never come back', async () => {
        const fixture = await open();
        const kept = inbound(1, BOB, 1);
        const deleted = inbound(2, BOB, 2);
        await fixture.store.receive(kept, 1_000, false);
        await fixture.store.receive(deleted, 1_000, false);
        await fixture.store.deleteMessages([deleted.id, messageId(99)]);
        expect(await fixture.store.incoming(deleted.id)).toBeNull();
        expect(await fixture.store.incoming(kept.id)).toEqual({
          message: kept,
          receivedAt: 1_000,
          request: false,
        });
        expect(await fixture.store.receive(deleted, 2_000, false)).toBe('duplicate');
        expect(await fixture.store.incoming(deleted.id)).toBeNull();

        const reopened = await fixture.reopen();
        expect(await reopened.incoming(deleted.id)).toBeNull();
        expect(await reopened.receive(deleted, 3_000, false)).toBe('duplicate');
        expect(await reopened.incoming(deleted.id)).toBeNull();
        expect(await reopened.incoming(kept.id)).toEqual({
          message: kept,
          receivedAt: 1_000,
          request: false,
        });
      });
    });

    describe('disappearing-messages timer', () => {
      const conversation = directConversationId(LOCAL, BOB);

      it('is off until a timer message is stored, then follows the latest change either side made', async () => {
        const fixture = await open();
        expect(await fixture.store.disappearingTimer(conversation)).toBe(0);
        await fixture.store.createOutgoing(BOB, (seq) => timerMessage(10, LOCAL, BOB, seq, 3600));
        expect(await fixture.store.disappearingTimer(conversation)).toBe(3600);
        await fixture.store.receive(timerMessage(20, BOB, LOCAL, 1, 30), 1_000, false);
        expect(await fixture.store.disappearingTimer(conversation)).toBe(30);
        // A change made before the one in force, arriving late, does not override it.
        await fixture.store.receive(timerMessage(15, BOB, LOCAL, 2, 86_400), 1_000, false);
        expect(await fixture.store.disappearingTimer(conversation)).toBe(30);
        expect(await fixture.store.disappearingTimer(directConversationId(LOCAL, CAROL))).toBe(0);
        const reopened = await fixture.reopen();
        expect(await reopened.disappearingTimer(conversation)).toBe(30);
      });

      it('settles on the latest change in conversation order whatever order changes arrive in', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }),
            fc.integer({ min: 0, max: 5 }),
            async (numbers, restartAfter) => {
              await withFreshStore(async (fixture) => {
                let store = fixture.store;
                const changes = numbers.map((n, index) => ({ n, seconds: n * 60, seq: index + 1 }));
                for (const [index, change] of changes.entries()) {
                  await store.receive(
                    timerMessage(change.n, BOB, LOCAL, change.seq, change.seconds),
                    1,
                    false,
                  );
                  if (index === restartAfter) {
                    store = await fixture.reopen();
                  }
                }
                // timerMessage(n) is sent at a time that grows with n: the largest n is the latest change.
                expect(await store.disappearingTimer(conversation)).toBe(Math.max(...numbers) * 60);
              });
            },
          ),
          { numRuns: 15 },
        );
      });
    });

    describe('contacts', () => {
      it('knows nobody at first', async () => {
        const { store } = await open();
        expect(await store.contactState(BOB)).toBe('unknown');
      });

      it('keeps each peer’s state as last set, across a restart', async () => {
        const fixture = await open();
        await fixture.store.setContactState(BOB, 'requested-by-me');
        await fixture.store.setContactState(CAROL, 'blocked');
        await fixture.store.setContactState(BOB, 'accepted');
        const reopened = await fixture.reopen();
        expect(await reopened.contactState(BOB)).toBe('accepted');
        expect(await reopened.contactState(CAROL)).toBe('blocked');
        expect(await reopened.contactState(DAVE)).toBe('unknown');
      });
    });

    describe('restarts', () => {
      it('keeps everything across a restart', async () => {
        const fixture = await open();
        const { store } = fixture;
        const pending = await createTo(store, 1, BOB);
        const sent = await outgoingIn(store, 2, 'sent');
        const failed = await outgoingIn(store, 3, 'failed');
        const read = await outgoingIn(store, 4, 'read');
        const received = inbound(5, CAROL, 2);
        await store.receive(received, 5_000, true);
        await store.markSeen(CAROL, 4);
        await store.setContactState(CAROL, 'requested-by-them');

        const reopened = await fixture.reopen();
        expect(await reopened.outbox(BOB, 10)).toEqual([pending, sent]);
        expect(await reopened.outboxPeers()).toEqual([BOB]);
        expect(await reopened.outgoing(failed.id)).toEqual({
          message: failed,
          status: 'failed',
          failure: 'gave up',
        });
        expect(await reopened.outgoing(read.id)).toEqual({ message: read, status: 'read' });
        expect(await reopened.incoming(received.id)).toEqual({
          message: received,
          receivedAt: 5_000,
          request: true,
        });
        expect(await reopened.receivedSequence(CAROL)).toEqual({ upTo: 0, above: [2, 4] });
        expect(await reopened.contactState(CAROL)).toBe('requested-by-them');
        expect(await reopened.receive(received, 6_000, false)).toBe('duplicate');
      });

      /**
       * Applies `op` to the model at once and starts it on the store; the returned promise checks the store's
       * answer. The model is updated before the store answers, so operations may be started without waiting.
       */
      const startOperation = (
        store: MessageStore,
        model: Model,
        op: Exclude<Operation, { kind: 'reopen' }>,
        n: number,
      ) => {
        switch (op.kind) {
          case 'create': {
            const to = PEERS[op.to] ?? BOB;
            const seq = [...model.outgoing.values()].filter((e) => e.message.to === to).length + 1;
            const expected = textMessage(n, LOCAL, to, seq);
            model.outgoing.set(expected.id, { message: expected, status: 'pending' });
            return createTo(store, n, to).then((message) => expect(message).toEqual(expected));
          }
          case 'status': {
            const ids = op.picks.flatMap((i) => pick([...model.outgoing.keys()], i) ?? []);
            const failure = op.failure ? `reason ${n}` : undefined;
            const changed: MessageId[] = [];
            for (const id of ids) {
              const entry = model.outgoing.get(id);
              if (entry && STATUS_TRANSITIONS[entry.status].includes(op.status)) {
                model.outgoing.set(
                  id,
                  op.status === 'failed' && failure
                    ? { message: entry.message, status: op.status, failure }
                    : { message: entry.message, status: op.status },
                );
                changed.push(id);
              }
            }
            return store.setStatus(ids, op.status, failure).then((result) => expect(result).toEqual(changed));
          }
          case 'receive': {
            const earlier =
              op.resend === null ? undefined : pick([...model.knownIncoming.values()], op.resend);
            const message = earlier ? { ...earlier, seq: op.seq } : inbound(n, PEERS[op.from] ?? BOB, op.seq);
            const outcome = model.knownIncoming.has(message.id) ? 'duplicate' : 'stored';
            if (outcome === 'stored') {
              model.knownIncoming.set(message.id, message);
              model.incoming.set(message.id, { message, receivedAt: n, request: op.request });
            }
            model.seen.set(message.from, (model.seen.get(message.from) ?? new Set()).add(message.seq));
            return store.receive(message, n, op.request).then((result) => expect(result).toBe(outcome));
          }
          case 'seen': {
            const from = PEERS[op.from] ?? BOB;
            model.seen.set(from, (model.seen.get(from) ?? new Set()).add(op.seq));
            return store.markSeen(from, op.seq);
          }
          case 'delete': {
            const ids = op.picks.flatMap((i) => pick([...model.knownIncoming.keys()], i) ?? []);
            ids.forEach((id) => model.incoming.delete(id));
            return store.deleteMessages(ids);
          }
          case 'contact': {
            const peer = PEERS[op.peer] ?? BOB;
            model.contacts.set(peer, op.state);
            return store.setContactState(peer, op.state);
          }
        }
      };

      it('behaves like a naive model under any sequence of operations and restarts', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(operation, { maxLength: 30 }), async (operations) =>
            withFreshStore(async (fixture) => {
              let store = fixture.store;
              const model = emptyModel();
              for (const [index, op] of operations.entries()) {
                if (op.kind === 'reopen') {
                  store = await fixture.reopen();
                } else {
                  await startOperation(store, model, op, index + 1);
                }
                await expectMatchesModel(store, model);
              }
            }),
          ),
          { numRuns: 40 },
        );
      });

      it('gives operations started together the results they would have had one after another', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(operation, { maxLength: 40 }), async (operations) =>
            withFreshStore(async (fixture) => {
              let store = fixture.store;
              const model = emptyModel();
              let started: Promise<unknown>[] = [];
              for (const [index, op] of operations.entries()) {
                if (op.kind === 'reopen') {
                  await Promise.all(started);
                  started = [];
                  await expectMatchesModel(store, model);
                  store = await fixture.reopen();
                } else {
                  started.push(startOperation(store, model, op, index + 1));
                }
              }
              await Promise.all(started);
              await expectMatchesModel(store, model);
            }),
          ),
          { numRuns: 40 },
        );
      });
    });
  });
};
