// The connection manager's logic over a fake WebRTC (real session handshakes, real delivery engines): on-demand
// dialing, glare, redialing after a broken connection, and the states the UI shows.
import { webcrypto } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import type { IdentityCryptoPort } from '../identity/identity-crypto-port';
import { createIdentityService } from '../identity/identity-service';
import type { PeerId } from '../identity/peer-id';
import { createDocumentPinnedKeys } from '../session/document-pinned-keys';
import { createSessionService } from '../session/session-service';
import { fail } from '../result';
import { seededRandom } from '../testing/faulty-link';
import { createMemoryDocumentStore, createMemoryIdentityVault } from '../testing/memory-ports';
import { createVirtualClock, type VirtualClock } from '../testing/virtual-clock';
import {
  createConnectionManager,
  MAX_CONCURRENT_DIALS,
  type ConnectionManager,
  type ConnectionState,
  type SessionPort,
} from './connection-manager';
import { createDeliveryEngine, type DeliveryEngine } from './delivery-engine';
import { createMemoryMessageStore, type MemoryMessageStore } from './memory-message-store';
import { sessionPortFrom } from './session-port';
import { createFakeRtcNetwork, type FakeRtcNetwork } from './testing/fake-rtc';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const suite = createWebCryptoSuite(crypto);

interface Side {
  readonly peerId: PeerId;
  readonly engine: DeliveryEngine;
  readonly store: MemoryMessageStore;
  readonly manager: ConnectionManager;
  readonly states: ConnectionState['status'][];
  /** Every state change, with whom. */
  readonly transitions: { readonly peer: PeerId; readonly status: ConnectionState['status'] }[];
}

const newSide = async (
  clock: VirtualClock,
  network: FakeRtcNetwork,
  route: (from: PeerId, to: PeerId, payload: string, tag?: string) => void,
  seed: number,
  /** Changes the session port, for faults of the host behind it. */
  alter: (port: SessionPort) => SessionPort = (port) => port,
): Promise<Side> => {
  const identity = createIdentityService({ crypto, vault: createMemoryIdentityVault(crypto) });
  const created = await identity.create('someone');
  if (!created.ok) {
    throw new Error(created.error.code);
  }
  const peerId = created.value.peerId;
  const service = createSessionService({
    suite,
    identity: async () => {
      const local = await identity.localIdentity();
      return local.ok ? local.value : null;
    },
    pinnedKeys: createDocumentPinnedKeys(createMemoryDocumentStore()),
    now: () => clock.now(),
  });
  const sessions = alter(sessionPortFrom(service));
  const random = seededRandom(seed);
  const store = createMemoryMessageStore();
  const engine = createDeliveryEngine({
    localPeerId: peerId,
    displayName: 'Test peer',
    store,
    clock,
    random,
    newMessageId: (now) => uuidv7({ msecs: now }),
    onEvent: () => undefined,
  });
  const states: ConnectionState['status'][] = [];
  const transitions: Side['transitions'] = [];
  let attempts = 0;
  const manager = createConnectionManager({
    localPeerId: peerId,
    engine,
    sessions,
    rtc: network.factory(),
    sendSignal: (to, payload, tag) => route(peerId, to, payload, tag),
    iceServers: () => [],
    clock,
    random,
    newAttemptId: () => `${peerId.slice(0, 4)}-${(attempts += 1)}`,
    onState: (peer, state) => {
      states.push(state.status);
      transitions.push({ peer, status: state.status });
    },
  });
  return { peerId, engine, store, manager, states, transitions };
};

/** Alice and `count` contacts of hers, all on one fake network. */
const crowd = async (count: number) => {
  const clock = createVirtualClock();
  const network = createFakeRtcNetwork(clock);
  const sides = new Map<PeerId, Side>();
  const route = (from: PeerId, to: PeerId, payload: string) =>
    clock.setTimeout(() => sides.get(to)?.manager.signal(from, payload), 3);
  const alice = await newSide(clock, network, route, 1);
  sides.set(alice.peerId, alice);
  const others: Side[] = [];
  for (let n = 0; n < count; n += 1) {
    const other = await newSide(clock, network, route, n + 2);
    sides.set(other.peerId, other);
    others.push(other);
    await alice.store.setContactState(other.peerId, 'accepted');
    await other.store.setContactState(alice.peerId, 'accepted');
  }
  return { clock, network, alice, others };
};

const pairUp = async () => {
  const { clock, network, alice, others } = await crowd(1);
  return { clock, network, alice, bob: others[0] as Side };
};

const delivered = (side: Side) => () =>
  side.store.outgoingMessages().length > 0 &&
  side.store.outgoingMessages().every((entry) => entry.status === 'delivered');

describe('connection manager', () => {
  it('dials on demand, authenticates the channel, and the engine delivers over it', async () => {
    const { clock, alice, bob } = await pairUp();
    await alice.engine.send(bob.peerId, 'text', { text: 'hello over webrtc' });
    alice.manager.dial(bob.peerId);
    expect(await clock.runUntil(delivered(alice), 30_000, 10)).toBe(true);
    expect(bob.store.incomingMessages().map((m) => m.message.body)).toEqual([{ text: 'hello over webrtc' }]);
    expect(alice.states).toEqual(['connecting', 'connected']);
    expect(alice.manager.state(bob.peerId)).toEqual({ status: 'connected' });
    expect(bob.manager.state(alice.peerId)).toEqual({ status: 'connected' });
  });

  it('settles glare: both dial at once and end up with one connection', async () => {
    const { clock, network, alice, bob } = await pairUp();
    alice.manager.dial(bob.peerId);
    bob.manager.dial(alice.peerId);
    await clock.runUntil(
      () =>
        alice.manager.state(bob.peerId).status === 'connected' &&
        bob.manager.state(alice.peerId).status === 'connected',
      30_000,
      10,
    );
    await clock.advance(1_000);
    expect(alice.manager.state(bob.peerId)).toEqual({ status: 'connected' });
    expect(bob.manager.state(alice.peerId)).toEqual({ status: 'connected' });
    // Two offers were made, one was dropped: three peers in all (two initiators, one answerer).
    expect(network.created()).toBe(3);
    await alice.engine.send(bob.peerId, 'text', { text: 'after glare' });
    await bob.engine.send(alice.peerId, 'text', { text: 'both ways' });
    expect(await clock.runUntil(() => delivered(alice)() && delivered(bob)(), 30_000, 10)).toBe(true);
  });

  it('redials an online contact with backoff after the connection breaks, and the outbox follows', async () => {
    const { clock, network, alice, bob } = await pairUp();
    alice.manager.presence(bob.peerId, true);
    await clock.runUntil(() => alice.manager.state(bob.peerId).status === 'connected', 30_000, 10);
    network.breakAll();
    await clock.advance(20);
    expect(alice.manager.state(bob.peerId)).toEqual({ status: 'failed', reason: 'connection lost' });
    await alice.engine.send(bob.peerId, 'text', { text: 'while reconnecting' });
    expect(await clock.runUntil(delivered(alice), 120_000, 50)).toBe(true);
    expect(alice.states).toEqual(['connecting', 'connected', 'failed', 'connecting', 'connected']);
  });

  it('ends a connection whose session is lost, and redials with a new handshake', async () => {
    const clock = createVirtualClock();
    const network = createFakeRtcNetwork(clock);
    const sides = new Map<PeerId, Side>();
    const route = (from: PeerId, to: PeerId, payload: string) =>
      clock.setTimeout(() => sides.get(to)?.manager.signal(from, payload), 3);
    // Alice's host loses the session under a live link once (a host restarted, say): sealing fails.
    let lose = false;
    const alice = await newSide(clock, network, route, 1, (port) => ({
      ...port,
      seal: (peer, plaintext) => {
        if (lose) {
          lose = false;
          return Promise.resolve(fail('SESSION_UNEXPECTED_MESSAGE', 'no established session with this peer'));
        }
        return port.seal(peer, plaintext);
      },
    }));
    const bob = await newSide(clock, network, route, 2);
    sides.set(alice.peerId, alice);
    sides.set(bob.peerId, bob);
    await alice.store.setContactState(bob.peerId, 'accepted');
    await bob.store.setContactState(alice.peerId, 'accepted');
    alice.manager.presence(bob.peerId, true);
    await clock.runUntil(() => alice.manager.state(bob.peerId).status === 'connected', 30_000, 10);
    lose = true;
    await alice.engine.send(bob.peerId, 'text', { text: 'after the loss' });
    expect(await clock.runUntil(delivered(alice), 120_000, 50)).toBe(true);
    expect(alice.transitions.filter((t) => t.peer === bob.peerId).map((t) => t.status)).toEqual([
      'connecting',
      'connected',
      'failed',
      'connecting',
      'connected',
    ]);
  });

  it('dials a few contacts at a time, the rest as slots free, and one with a message waiting first', async () => {
    const { clock, network, alice, others } = await crowd(3);
    const stateOf = (side: Side) => alice.manager.state(side.peerId).status;
    // Four contacts that are online but never answer hold every slot until they time out (20 s).
    const silent = ['w', 'x', 'y', 'z'].map((letter) => letter.repeat(32) as PeerId);
    silent.forEach((peer) => alice.manager.presence(peer, true));
    others.forEach((other) => alice.manager.presence(other.peerId, true));
    expect(network.created()).toBe(MAX_CONCURRENT_DIALS);
    expect(others.map(stateOf)).toEqual(['connecting', 'connecting', 'connecting']);
    // One waiting goes offline: it leaves the queue. Alice writes to the last: it goes to the front.
    const [first, gone, last] = others as [Side, Side, Side];
    alice.manager.presence(gone.peerId, false);
    expect(stateOf(gone)).toBe('offline');
    await alice.engine.send(last.peerId, 'text', { text: 'you first' });
    alice.manager.dial(last.peerId);
    expect(network.created()).toBe(MAX_CONCURRENT_DIALS);

    // One slot frees: the one with a message waiting takes it. The other gets the slot only once that one is
    // connected (the silent three still hold theirs), so it is still connecting then.
    alice.manager.signalFailed(silent[0] as PeerId, 'SIGNAL_PEER_OFFLINE');
    expect(await clock.runUntil(() => stateOf(last) === 'connected', 10_000, 10)).toBe(true);
    expect(stateOf(first)).toBe('connecting');
    expect(await clock.runUntil(delivered(alice), 10_000, 10)).toBe(true);
    expect(await clock.runUntil(() => stateOf(first) === 'connected', 60_000, 10)).toBe(true);
    expect(stateOf(gone)).toBe('offline');
  });

  it('lets a refusal end only the attempt its signal belonged to, not the redial after it', async () => {
    const clock = createVirtualClock();
    const network = createFakeRtcNetwork(clock);
    const sides = new Map<PeerId, Side>();
    const sentTags: string[] = [];
    const route = (from: PeerId, to: PeerId, payload: string, tag?: string) => {
      if (tag !== undefined) {
        sentTags.push(tag);
      }
      clock.setTimeout(() => sides.get(to)?.manager.signal(from, payload), 3);
    };
    const alice = await newSide(clock, network, route, 1);
    const bob = await newSide(clock, network, route, 2);
    sides.set(alice.peerId, alice);
    sides.set(bob.peerId, bob);
    alice.manager.dial(bob.peerId);
    await clock.runUntil(() => sentTags.length > 0, 100, 1);
    const first = sentTags[0] as string;
    // The server refuses the first attempt's offer (Bob looked offline): it ends, and Alice dials again at once.
    alice.manager.signalFailed(bob.peerId, 'SIGNAL_PEER_OFFLINE', first);
    alice.manager.dial(bob.peerId);
    // More refusals of the first attempt's signals come in after: the new attempt carries on and connects.
    alice.manager.signalFailed(bob.peerId, 'SIGNAL_PEER_OFFLINE', first);
    alice.manager.signalFailed(bob.peerId, 'SIGNAL_PEER_OFFLINE', first);
    expect(await clock.runUntil(() => alice.manager.state(bob.peerId).status === 'connected', 5_000, 5)).toBe(
      true,
    );
    expect(alice.states).toEqual(['connecting', 'failed', 'connecting', 'connected']);
  });

  it('closes for good: links end, nothing is redialed or reported after, and no dial starts', async () => {
    const { clock, network, alice, bob } = await pairUp();
    alice.manager.presence(bob.peerId, true);
    await clock.runUntil(() => alice.manager.state(bob.peerId).status === 'connected', 30_000, 10);
    const created = network.created();
    alice.manager.close();
    const reported = alice.states.length;
    await clock.advance(10 * 60_000);
    alice.manager.presence(bob.peerId, true);
    alice.manager.dial(bob.peerId);
    await clock.advance(10 * 60_000);
    expect(network.created()).toBe(created);
    expect(alice.states.slice(reported)).toEqual([]);
    // Bob sees the link go and, Alice being gone, stops short of connecting again.
    expect(bob.manager.state(alice.peerId).status).not.toBe('connected');
  });

  it('ends an attempt at once when the host fails to begin the handshake, instead of at its timeout', async () => {
    const clock = createVirtualClock();
    const network = createFakeRtcNetwork(clock);
    const sides = new Map<PeerId, Side>();
    const route = (from: PeerId, to: PeerId, payload: string) =>
      clock.setTimeout(() => sides.get(to)?.manager.signal(from, payload), 3);
    const alice = await newSide(clock, network, route, 1, (port) => ({
      ...port,
      begin: () => Promise.reject(new Error('the host went away')),
    }));
    const bob = await newSide(clock, network, route, 2);
    sides.set(alice.peerId, alice);
    sides.set(bob.peerId, bob);
    alice.manager.dial(bob.peerId);
    expect(await clock.runUntil(() => alice.manager.state(bob.peerId).status === 'failed', 1_000, 5)).toBe(
      true,
    );
    expect(alice.manager.state(bob.peerId)).toEqual({ status: 'failed', reason: 'the host went away' });
  });

  it('gives up an attempt that never connects, and does not redial a contact who went offline', async () => {
    const { clock, alice } = await pairUp();
    const stranger = 'z'.repeat(32) as PeerId;
    alice.manager.dial(stranger);
    await clock.advance(25_000);
    expect(alice.manager.state(stranger)).toEqual({ status: 'failed', reason: 'connection timed out' });
    await clock.advance(10 * 60_000);
    expect(alice.states.filter((state) => state === 'connecting')).toHaveLength(1);
  });
});
