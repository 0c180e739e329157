// Two delivery engines joined by fault-injecting links on one virtual clock: the harness of the reliability
// tests. Links can be cut and re-made (a reconnect), and an engine can be restarted from its stored state.
import { v7 as uuidv7 } from 'uuid';
import type { PeerId } from '../../identity/peer-id';
import { createFaultyLink, seededRandom, type Faults, type FaultyLink } from '../../testing/faulty-link';
import { createVirtualClock, type VirtualClock } from '../../testing/virtual-clock';
import {
  createDeliveryEngine,
  type DeliveryEngine,
  type EngineEvent,
  type RetransmitPolicy,
} from '../delivery-engine';
import { createMemoryMessageStore, type MemoryMessageStore } from '../memory-message-store';

export const ALICE = 'a'.repeat(32) as PeerId;
export const BOB = 'b'.repeat(32) as PeerId;

export interface EngineSide {
  readonly peerId: PeerId;
  engine: DeliveryEngine;
  store: MemoryMessageStore;
  readonly events: EngineEvent[];
}

export interface EnginePair {
  readonly clock: VirtualClock;
  readonly alice: EngineSide;
  readonly bob: EngineSide;
  /** Makes new links both ways and attaches them. */
  connect(): void;
  /** Cuts both links and detaches them (frames in flight are lost). */
  disconnect(): void;
  /** Stops one side's engine and starts a new one on a copy of its stored state, as after an app restart. */
  restart(side: EngineSide): Promise<void>;
  readonly linkStats: () => { sent: number; dropped: number; duplicated: number; delivered: number };
}

export const createEnginePair = async (options: {
  readonly seed: number;
  readonly faults: Faults;
  readonly policy?: Partial<RetransmitPolicy>;
  readonly contacts?: boolean;
}): Promise<EnginePair> => {
  const clock = createVirtualClock();
  const random = seededRandom(options.seed);
  const idBytes = seededRandom(options.seed ^ 0x5eed);
  const newMessageId = (now: number) =>
    uuidv7({ msecs: now, random: Uint8Array.from({ length: 16 }, () => Math.floor(idBytes() * 256)) });

  const makeEngine = (side: Omit<EngineSide, 'engine'>): DeliveryEngine =>
    createDeliveryEngine({
      localPeerId: side.peerId,
      displayName: 'Test peer',
      store: side.store,
      clock,
      random,
      newMessageId,
      onEvent: (event) => side.events.push(event),
      ...(options.policy ? { policy: options.policy } : {}),
    });

  const side = (peerId: PeerId): EngineSide => {
    const partial = { peerId, store: createMemoryMessageStore(), events: [] as EngineEvent[] };
    return { ...partial, engine: makeEngine(partial) };
  };
  const alice = side(ALICE);
  const bob = side(BOB);
  if (options.contacts ?? true) {
    await alice.store.setContactState(BOB, 'accepted');
    await bob.store.setContactState(ALICE, 'accepted');
  }

  let links: { toBob: FaultyLink; toAlice: FaultyLink } | null = null;
  const totals = { sent: 0, dropped: 0, duplicated: 0, delivered: 0 };
  const addStats = (link: FaultyLink) => {
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) {
      totals[key] += link.stats[key];
    }
  };

  const pair: EnginePair = {
    clock,
    alice,
    bob,
    connect() {
      const toBob = createFaultyLink({
        clock,
        random,
        faults: options.faults,
        deliver: (frame) => void bob.engine.receive(ALICE, frame),
      });
      const toAlice = createFaultyLink({
        clock,
        random,
        faults: options.faults,
        deliver: (frame) => void alice.engine.receive(BOB, frame),
      });
      links = { toBob, toAlice };
      alice.engine.attach(BOB, toBob);
      bob.engine.attach(ALICE, toAlice);
    },
    disconnect() {
      if (!links) {
        return;
      }
      links.toBob.cut();
      links.toAlice.cut();
      alice.engine.detach(BOB, links.toBob);
      bob.engine.detach(ALICE, links.toAlice);
      addStats(links.toBob);
      addStats(links.toAlice);
      links = null;
    },
    async restart(target) {
      await target.engine.stop();
      target.store = createMemoryMessageStore(target.store.snapshot());
      target.engine = makeEngine(target);
      await target.engine.start();
    },
    linkStats: () => {
      const current = links ? [links.toBob, links.toAlice] : [];
      return current.reduce(
        (sum, link) => ({
          sent: sum.sent + link.stats.sent,
          dropped: sum.dropped + link.stats.dropped,
          duplicated: sum.duplicated + link.stats.duplicated,
          delivered: sum.delivered + link.stats.delivered,
        }),
        { ...totals },
      );
    },
  };
  return pair;
};
