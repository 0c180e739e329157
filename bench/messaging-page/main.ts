// One Parley peer per page, on the browser build's own parts: the host in its Worker, the Dexie archive, the
// messenger over simple-peer. The bench driver calls these through page.evaluate; times are Date.now() on one
// machine, so the two pages' clocks agree.
// First, so that every IndexedDB call the engine makes is counted.
import { idbRequestCounts } from './idb-requests';
import type { PeerId } from '../../shared/identity/peer-id';
import type { ConnectionState } from '../../shared/messaging/connection-manager';
import type { MessengerEvent } from '../../shared/messaging/messenger';
import { connectBrowserHost } from '../../renderer/src/browser-host/connect-browser-host';
import { startMessaging, type MessagingSession } from '../../renderer/src/p2p/start-messaging';
import { rawChannel } from './raw-channel';
import { sampleText } from './sample-text';
import { storageCeiling } from './storage-ceiling';

const host = connectBrowserHost().api;
let session: MessagingSession | null = null;
let signalingReady = false;
const contactStates = new Map<string, string>();
const connections = new Map<string, ConnectionState['status']>();
/** When each connection last started connecting and last became connected. */
const connectingSince = new Map<string, number>();
const setupTimes: number[] = [];
const deliveredAt = new Map<string, number>();
let receivedTexts = 0;
/** Texts this page has sent: each burst goes on where the last stopped, so no two texts are the same. */
let textsSent = 0;
/** Wall-clock time with sub-millisecond precision, comparable between the two pages of one browser. */
const preciseNow = (): number => performance.timeOrigin + performance.now();
/** When each message reached this page's archive (its 'received' event), by message ID. */
const storedHereAt = new Map<string, number>();

const onEvent = (event: MessengerEvent): void => {
  switch (event.type) {
    case 'signaling':
      if (event.event.type === 'state') {
        signalingReady = event.event.state.status === 'ready';
      }
      return;
    case 'contact':
      contactStates.set(event.peer, event.state);
      return;
    case 'connection': {
      const previous = connections.get(event.peer);
      connections.set(event.peer, event.state.status);
      if (event.state.status === 'connecting' && previous !== 'connecting') {
        connectingSince.set(event.peer, Date.now());
      }
      const since = connectingSince.get(event.peer);
      if (event.state.status === 'connected' && since !== undefined) {
        setupTimes.push(Date.now() - since);
        connectingSince.delete(event.peer);
      }
      return;
    }
    case 'status':
      if (event.status === 'delivered' && !deliveredAt.has(event.id)) {
        deliveredAt.set(event.id, preciseNow());
      }
      return;
    case 'received':
      storedHereAt.set(event.incoming.message.id, preciseNow());
      if (event.incoming.message.t === 'text') {
        receivedTexts += 1;
      }
      return;
    default:
      return;
  }
};

const until = async (condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const running = (): MessagingSession => {
  if (!session) {
    throw new Error('not started');
  }
  return session;
};

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

const bench = {
  /** Signs in as the identity this profile has, or creates one named `name`. */
  async start(name: string, signalingUrl: string): Promise<PeerId> {
    const existing = await host.getIdentity({});
    if (!existing.ok) {
      throw new Error(existing.error.message);
    }
    let identity = existing.value;
    if (!identity) {
      const created = await host.createIdentity({ displayName: name });
      if (!created.ok) {
        throw new Error(created.error.message);
      }
      identity = created.value;
    }
    session = await startMessaging({ host, identity, signalingUrl, onEvent });
    await until(() => signalingReady, 'signaling');
    return identity.peerId;
  },
  async requestContact(peer: PeerId): Promise<void> {
    const sent = await running().messenger.requestContact(peer);
    if (!sent.ok) {
      throw new Error(sent.error.message);
    }
  },
  async acceptWhenAsked(peer: PeerId): Promise<void> {
    await until(() => contactStates.get(peer) === 'requested-by-them', 'the contact request');
    const accepted = await running().messenger.acceptContact(peer);
    if (!accepted.ok) {
      throw new Error(accepted.error.message);
    }
  },
  async accepted(peer: PeerId): Promise<void> {
    await until(() => contactStates.get(peer) === 'accepted', 'the contact to accept');
  },
  async connected(peer: PeerId): Promise<void> {
    await until(() => connections.get(peer) === 'connected', 'the connection');
  },
  /** Sends `count` texts as fast as the engine takes them; resolves when every one is delivered (acked). */
  async burst(peer: PeerId, count: number, size: number): Promise<{ startedAt: number; doneAt: number }> {
    const { messenger } = running();
    const startedAt = Date.now();
    const sent = await Promise.all(
      Array.from({ length: count }, (_, n) => messenger.sendText(peer, sampleText(textsSent + n, size))),
    );
    textsSent += count;
    const ids = sent.map((result) => {
      if (!result.ok) {
        throw new Error(result.error.message);
      }
      return result.value.id;
    });
    await until(() => ids.every((id) => deliveredAt.has(id)), 'every ack', 300_000);
    return { startedAt, doneAt: Math.max(...ids.map((id) => deliveredAt.get(id) ?? 0)) };
  },
  /**
   * Sends `count` texts at `perSecond`; for each, when the send was called, when its outbox write finished
   * (sendText resolved) and when it was delivered (acked), in preciseNow() time.
   */
  async steady(peer: PeerId, count: number, perSecond: number, size: number): Promise<SteadySend[]> {
    const { messenger } = running();
    const sends: Promise<Omit<SteadySend, 'deliveredAt'>>[] = [];
    const startedAt = Date.now();
    for (let index = 0; index < count; index += 1) {
      await sleepUntil(startedAt + (index * 1000) / perSecond);
      const sentAt = preciseNow();
      sends.push(
        messenger.sendText(peer, sampleText(textsSent + index, size)).then((result) => {
          if (!result.ok) {
            throw new Error(result.error.message);
          }
          return { id: result.value.id, sentAt, storedAt: preciseNow() };
        }),
      );
    }
    textsSent += count;
    const sent = await Promise.all(sends);
    await until(() => sent.every(({ id }) => deliveredAt.has(id)), 'every ack', 120_000);
    return sent.map((send) => ({ ...send, deliveredAt: deliveredAt.get(send.id) ?? Number.NaN }));
  },
  /** Resolves once the archive's search index has taken in every message queued for it (index-queue.ts). */
  async indexSettled(): Promise<number> {
    const { archive } = running();
    const startedAt = Date.now();
    while ((await archive.indexQueue.count()) > 0) {
      if (Date.now() - startedAt > 120_000) {
        throw new Error('timed out waiting for the search index queue to empty');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return Date.now() - startedAt;
  },
  /** When each of `ids` reached this page's archive (NaN if it did not). */
  storedHereAt: (ids: readonly string[]): number[] => ids.map((id) => storedHereAt.get(id) ?? Number.NaN),
  receivedTexts: () => receivedTexts,
  setupTimes: () => [...setupTimes],
  raw: rawChannel,
  idbRequestCounts,
  storageCeiling,
};

export interface SteadySend {
  readonly id: string;
  readonly sentAt: number;
  readonly storedAt: number;
  readonly deliveredAt: number;
}

declare global {
  interface Window {
    parleyBench: typeof bench;
  }
}
window.parleyBench = bench;
const status = document.getElementById('status');
if (status) {
  status.textContent = 'ready';
}
