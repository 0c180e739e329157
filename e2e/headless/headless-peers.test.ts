// Two headless peers on real WebRTC (@roamhq/wrtc) through the real signaling server: a contact request, its
// acceptance, then messages both ways, each stored exactly once. WebRTC runs only inside the test network that
// `npm test` sets up (a private namespace, or the host network where namespaces are not permitted).
import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebCryptoSuite } from '../../shared/crypto/web-crypto-suite';
import { createPrivilegedServices } from '../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../shared/identity/identity-crypto-port';
import type { PeerId } from '../../shared/identity/peer-id';
import {
  createMemoryMessageStore,
  type MemoryMessageStore,
} from '../../shared/messaging/memory-message-store';
import type { MessengerEvent } from '../../shared/messaging/messenger';
import { createMemoryDocumentStore, createMemoryIdentityVault } from '../../shared/testing/memory-ports';
import { startSignalingServer, type RunningSignalingServer } from '../../signaling-server/server';
import { createNodeAead } from '../../electron/main/crypto/node-aead';
import { startHeadlessPeer, type HeadlessPeer } from '../../electron/headless/headless-peer';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const network = process.env.PARLEY_TEST_NETWORK;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface TestPeer {
  readonly peer: HeadlessPeer;
  readonly store: MemoryMessageStore;
  readonly events: MessengerEvent[];
}

const startPeer = async (name: string, signalingUrl: string, contacts: () => PeerId[]): Promise<TestPeer> => {
  const services = createPrivilegedServices({
    appInfo: { name: 'Parley', version: 'test', host: 'electron', platform: 'linux' },
    crypto,
    identityVault: createMemoryIdentityVault(crypto),
    settingsStore: createMemoryDocumentStore(),
    defaultSettings: { signalingUrl, theme: 'system', notifications: false, iceServers: [] },
    notifier: { show: () => Promise.resolve(false) },
    unreadBadge: () => undefined,
    sessionSuite: createWebCryptoSuite(crypto, { aead: createNodeAead() }),
    pinnedKeysStore: createMemoryDocumentStore(),
    now: () => Date.now(),
  });
  const created = await services.identity.create(name);
  if (!created.ok) {
    throw new Error(created.error.message);
  }
  const store = createMemoryMessageStore();
  const events: MessengerEvent[] = [];
  const peer = await startHeadlessPeer({
    services,
    store,
    signalingUrl,
    contacts: () => Promise.resolve(contacts()),
    onEvent: (event) => events.push(event),
  });
  return { peer, store, events };
};

describe.skipIf(!network)('headless peers over real WebRTC', () => {
  let server: RunningSignalingServer;
  let alice: TestPeer;
  let bob: TestPeer;

  beforeAll(async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0, logger: silent });
    const aliceContacts: PeerId[] = [];
    const bobContacts: PeerId[] = [];
    alice = await startPeer('Alice', server.signalingUrl, () => aliceContacts);
    bob = await startPeer('Bob', server.signalingUrl, () => bobContacts);
    aliceContacts.push(bob.peer.peerId);
    bobContacts.push(alice.peer.peerId);
  }, 30_000);
  afterAll(async () => {
    // A beforeAll that failed leaves some of these unset, whatever their types say, and its error is the one to
    // see. The server is closed whether or not the peers stop.
    const started: Partial<{ server: RunningSignalingServer; alice: TestPeer; bob: TestPeer }> = {
      server,
      alice,
      bob,
    };
    const stopped = await Promise.allSettled([started.alice?.peer.stop(), started.bob?.peer.stop()]);
    await started.server?.close();
    for (const result of stopped) {
      if (result.status === 'rejected') {
        throw result.reason;
      }
    }
  });

  it('connects through sealed signals, accepts a contact and delivers messages both ways exactly once', async () => {
    await expect.poll(() => server.connectedPeers(), { timeout: 10_000 }).toBe(2);
    const request = await alice.peer.messenger.requestContact(bob.peer.peerId, 'hello from the tests');
    expect(request.ok).toBe(true);
    await expect
      .poll(() => bob.store.incomingMessages().map((m) => m.message.t), { timeout: 20_000 })
      .toEqual(['contact-request']);
    expect(await bob.peer.messenger.acceptContact(alice.peer.peerId)).toMatchObject({ ok: true });
    await expect.poll(() => alice.store.contactState(bob.peer.peerId), { timeout: 20_000 }).toBe('accepted');

    const COUNT = 200;
    for (let i = 0; i < COUNT; i += 1) {
      await alice.peer.messenger.sendText(bob.peer.peerId, `a→b ${i}`);
      await bob.peer.messenger.sendText(alice.peer.peerId, `b→a ${i}`);
    }
    const allDelivered = (store: MemoryMessageStore) =>
      store.outgoingMessages().every((entry) => entry.status === 'delivered');
    await expect
      .poll(() => allDelivered(alice.store) && allDelivered(bob.store), { timeout: 30_000 })
      .toBe(true);
    const texts = (store: MemoryMessageStore) =>
      store
        .incomingMessages()
        .filter((m) => m.message.t === 'text')
        .map((m) => ('text' in m.message.body ? m.message.body.text : ''));
    expect(texts(bob.store)).toHaveLength(COUNT);
    expect(new Set(texts(bob.store)).size).toBe(COUNT);
    expect(texts(alice.store)).toHaveLength(COUNT);
    expect(alice.peer.messenger.connection(bob.peer.peerId)).toEqual({ status: 'connected' });
    // The server relayed signals, but only sealed ones (its metrics count them; the content was never visible).
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/parley_signaling_signals_relayed_total [1-9]/);
  }, 60_000);
});
