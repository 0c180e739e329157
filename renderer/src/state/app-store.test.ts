// The app store over the real host services (in memory) and a real messenger on the memory message store;
// the signaling server is never reached (its connection stays down), so nothing is dialed.
import { webcrypto } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { deriveHostApi } from '../../../shared/host/host-api';
import type { HostApi } from '../../../shared/host/host-contract';
import { createHostDispatcher } from '../../../shared/host/host-dispatcher';
import { createHostServices } from '../../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../../shared/identity/identity-crypto-port';
import type { PeerId } from '../../../shared/identity/peer-id';
import { createMemoryMessageStore } from '../../../shared/messaging/memory-message-store';
import type { MessengerEvent } from '../../../shared/messaging/messenger';
import { fail, ok } from '../../../shared/result';
import type { ArchiveDb } from '../archive/archive-db';
import { createMemoryHostPorts } from '../../../shared/testing/memory-host';
import type { TabLease, TabLeaseHooks } from '../p2p/tab-lease';
import { createAppStore } from './app-store';
import { createOfflineMessenger } from '../p2p/testing/offline-messenger';

const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;

const memoryHost = (): HostApi =>
  deriveHostApi(
    createHostDispatcher(
      createHostServices(createMemoryHostPorts(webcrypto as unknown as IdentityCryptoPort)),
      { onInternalError: () => undefined },
    ),
  );

/**
 * Tab leases of one origin in memory, keeping the contract of tab-lease.ts (which runs on Chromium's Web Locks in
 * tab-lease.browser.test.ts): Node has no Web Locks, and here two stores stand for two tabs.
 */
const memoryTabLeases = (): ((name: string, hooks: TabLeaseHooks) => TabLease) => {
  const holders = new Map<string, TabLeaseHooks>();
  const queues = new Map<string, (() => void)[]>();
  return (name, hooks) => {
    let held = false;
    let stopWaiting: (() => void) | null = null;
    const release = (): Promise<void> => {
      stopWaiting?.();
      if (held) {
        held = false;
        holders.delete(name);
        queues.get(name)?.shift()?.();
      }
      return Promise.resolve();
    };
    return {
      acquire({ takeOver = false } = {}) {
        if (held || !holders.has(name)) {
          held = true;
          holders.set(name, hooks);
          return Promise.resolve(true);
        }
        if (!takeOver) {
          return Promise.resolve(false);
        }
        return new Promise<boolean>((resolve) => {
          const grant = () => {
            stopWaiting = null;
            held = true;
            holders.set(name, hooks);
            resolve(true);
          };
          queues.set(name, [...(queues.get(name) ?? []), grant]);
          stopWaiting = () => {
            queues.set(
              name,
              (queues.get(name) ?? []).filter((waiting) => waiting !== grant),
            );
            stopWaiting = null;
            resolve(false);
          };
          holders.get(name)?.onHandOverRequested();
        });
      },
      release,
      close: release,
    };
  };
};

const setup = (
  options: {
    readonly lockedVault?: boolean;
    readonly host?: HostApi;
    readonly tabLease?: (name: string, hooks: TabLeaseHooks) => TabLease;
    readonly handOverTimeoutMs?: number;
    /** What the message store's writes of new messages reject with (as IndexedDB does when the disk is full). */
    readonly writeFailure?: Error;
    /** Runs as the session starts, before the messenger does (a slow archive, say). */
    readonly starting?: () => Promise<void>;
  } = {},
) => {
  const realHost = options.host ?? memoryHost();
  // A locked vault is reported as a passphrase-protected desktop reports it; unlocking stays real.
  const host: HostApi = options.lockedVault
    ? {
        ...realHost,
        getVaultStatus: () => Promise.resolve(ok({ state: 'locked', protection: 'passphrase' } as const)),
      }
    : realHost;
  const memoryStore = createMemoryMessageStore();
  const { writeFailure } = options;
  const messageStore: typeof memoryStore = writeFailure
    ? { ...memoryStore, createOutgoing: () => Promise.reject(writeFailure) }
    : memoryStore;
  const signalingUrls: string[] = [];
  const reconnects: number[] = [];
  const sessions = { started: 0, stopped: 0, names: [] as string[] };
  /** What the messenger was told of our typing, to whom. */
  const typed: [PeerId, boolean][] = [];
  let emit: (event: MessengerEvent) => void = () => undefined;
  const store = createAppStore({
    host,
    ...(options.tabLease ? { tabLease: options.tabLease } : {}),
    ...(options.handOverTimeoutMs ? { handOverTimeoutMs: options.handOverTimeoutMs } : {}),
    startMessaging: async ({ identity, signalingUrl, onEvent }) => {
      await options.starting?.();
      sessions.started += 1;
      sessions.names.push(identity.displayName);
      signalingUrls.push(signalingUrl);
      emit = onEvent;
      const messenger = createOfflineMessenger({ identity, store: messageStore, host, onEvent });
      return messenger.start().then(() => ({
        archive: {} as ArchiveDb,
        messenger: {
          ...messenger,
          typing: (peer: PeerId, active: boolean) => {
            typed.push([peer, active]);
            messenger.typing(peer, active);
          },
        },
        markRead: (peer: PeerId, ids: readonly string[]) => messenger.markRead(peer, ids),
        reconnectSignaling: () => reconnects.push(Date.now()),
        importArchive: () => Promise.resolve(fail('ARCHIVE_INVALID', 'no archive in this test')),
        clearConversation: () => Promise.resolve(0),
        deleteContact: () => Promise.resolve(fail('MESSAGE_NOT_A_CONTACT', 'no archive in this test')),
        stop: async () => {
          await messenger.stop();
          sessions.stopped += 1;
        },
      }));
    },
  });
  return {
    store,
    messageStore,
    signalingUrls,
    reconnects,
    sessions,
    typed,
    emit: (event: MessengerEvent) => emit(event),
  };
};

describe('app store', () => {
  it('starts in onboarding, and goes online once an identity is created', async () => {
    const { store } = setup();
    await store.getState().load();
    expect(store.getState().phase).toBe('onboarding');
    await store.getState().createIdentity('Alice');
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().identity?.displayName).toBe('Alice');
  });

  it('sends a contact request, refuses text until the contact accepts, then queues text in the outbox', async () => {
    const { store, messageStore, signalingUrls } = setup();
    await store.getState().createIdentity('Alice');
    expect(signalingUrls).toHaveLength(1);
    await store.getState().addContact(BOB);
    expect(store.getState().activePeerId).toBe(BOB);
    expect(await messageStore.contactState(BOB)).toBe('requested-by-me');
    expect((await messageStore.outbox(BOB, 10)).map((message) => message.t)).toEqual(['contact-request']);

    expect(await store.getState().sendText('too early')).toBe(false);
    expect(store.getState().error).toMatch(/not an accepted contact/);

    await messageStore.setContactState(BOB, 'accepted');
    expect(await store.getState().sendText('hello')).toBe(true);
    expect((await messageStore.outbox(BOB, 10)).map((message) => message.t)).toEqual([
      'contact-request',
      'text',
    ]);
  });

  it('shows signaling state, connection state and typing from the messenger’s events', async () => {
    const { store, emit } = setup();
    await store.getState().createIdentity('Alice');
    emit({ type: 'connection', peer: BOB, state: { status: 'failed', reason: 'peer offline' } });
    expect(store.getState().connections[BOB]).toEqual({ status: 'failed', reason: 'peer offline' });
    emit({ type: 'typing', peer: BOB, active: true });
    expect(store.getState().typing[BOB]).toBe(true);
    emit({ type: 'failure', reason: 'the archive is full' });
    expect(store.getState().error).toBe('the archive is full');
    store.getState().dismissError();
    expect(store.getState().error).toBeNull();
  });

  it('tells a first connection from a reconnection, and retries the signaling server when asked', async () => {
    const { store, emit, reconnects } = setup();
    await store.getState().createIdentity('Alice');
    const state = (status: 'connecting' | 'closed') =>
      emit({
        type: 'signaling',
        event: { type: 'state', state: status === 'closed' ? { status, reason: 'refused' } : { status } },
      });
    state('connecting');
    expect(store.getState().signalingWasReady).toBe(false);
    emit({
      type: 'signaling',
      event: { type: 'state', state: { status: 'ready', peerId: BOB, realm: 'default', iceServers: [] } },
    });
    state('closed');
    expect(store.getState()).toMatchObject({ signalingWasReady: true, signaling: { status: 'closed' } });
    store.getState().retrySignaling();
    expect(reconnects).toHaveLength(1);
  });

  it('keeps a draft per conversation, and a reply goes out with what it answers', async () => {
    const { store, messageStore } = setup();
    await store.getState().createIdentity('Alice');
    await messageStore.setContactState(BOB, 'accepted');
    store.getState().openConversation(BOB);
    store.getState().setDraft(BOB, 'the answer');
    store.getState().setDraft(CAROL, 'another');
    store
      .getState()
      .startReply(BOB, { id: '01900000-0000-7000-8000-000000000001', fromMe: false, text: 'q' });
    expect(await store.getState().sendText('the answer')).toBe(true);
    const [sent] = await messageStore.outbox(BOB, 10);
    expect(sent).toMatchObject({ t: 'text', meta: { replyTo: '01900000-0000-7000-8000-000000000001' } });
    expect(store.getState().drafts).toEqual({ [CAROL]: 'another' });
    expect(store.getState().replyingTo).toEqual({});
  });

  it('sends once when Send is pressed twice, and keeps what is typed and replied to while it is written', async () => {
    const { store, messageStore } = setup();
    await store.getState().createIdentity('Alice');
    await messageStore.setContactState(BOB, 'accepted');
    store.getState().openConversation(BOB);
    store.getState().setDraft(BOB, 'hello');
    const first = store.getState().sendText('hello');
    const second = store.getState().sendText('hello');
    // The next message, begun before the first is in the outbox.
    store.getState().setDraft(BOB, 'and then');
    const quoted = { id: '01900000-0000-7000-8000-000000000002', fromMe: false, text: 'q' };
    store.getState().startReply(BOB, quoted);
    expect(await Promise.all([first, second])).toEqual([true, false]);
    expect((await messageStore.outbox(BOB, 10)).map((message) => message.body)).toEqual([{ text: 'hello' }]);
    expect(store.getState().drafts).toEqual({ [BOB]: 'and then' });
    expect(store.getState().replyingTo).toEqual({ [BOB]: quoted });
  });

  it('gives the text and its reply back when a message cannot be sent, before anything typed since', async () => {
    const { store } = setup();
    await store.getState().createIdentity('Alice');
    store.getState().openConversation(BOB);
    const quoted = { id: '01900000-0000-7000-8000-000000000003', fromMe: false, text: 'q' };
    store.getState().startReply(BOB, quoted);
    store.getState().setDraft(BOB, 'not a contact yet');
    const sending = store.getState().sendText('not a contact yet');
    store.getState().setDraft(BOB, 'more');
    expect(await sending).toBe(false);
    expect(store.getState().drafts).toEqual({ [BOB]: 'not a contact yet\nmore' });
    expect(store.getState().replyingTo).toEqual({ [BOB]: quoted });
  });

  it('shows a search hit in its conversation once: opened again later, the conversation is not held there', async () => {
    const { store, messageStore } = setup();
    await store.getState().createIdentity('Alice');
    const hit = '01900000-0000-7000-8000-000000000004';
    store.getState().showMessage(BOB, hit);
    expect(store.getState()).toMatchObject({ activePeerId: BOB, focusedMessage: { peer: BOB, id: hit } });
    store.getState().openConversation(CAROL);
    store.getState().openConversation(BOB);
    expect(store.getState().focusedMessage).toBeNull();

    // Also when a contact request or an acceptance opens it.
    store.getState().showMessage(BOB, hit);
    await store.getState().addContact(BOB);
    expect(store.getState().focusedMessage).toBeNull();
    store.getState().showMessage(CAROL, hit);
    await messageStore.setContactState(CAROL, 'requested-by-them');
    await store.getState().acceptContact(CAROL);
    expect(store.getState()).toMatchObject({ activePeerId: CAROL, focusedMessage: null });
  });

  it('says so when the archive refuses a message, rather than leaving the rejection unhandled', async () => {
    const { store, messageStore } = setup({
      writeFailure: new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    });
    await store.getState().createIdentity('Alice');
    await messageStore.setContactState(BOB, 'accepted');
    store.getState().openConversation(BOB);
    store.getState().setDraft(BOB, 'hello');
    expect(await store.getState().sendText('hello')).toBe(false);
    expect(store.getState().error).toMatch(/no room left/);
    expect(store.getState().drafts).toEqual({ [BOB]: 'hello' });
  });

  it('tells the contact of a conversation left meanwhile that typing stopped', async () => {
    const { store, typed } = setup();
    await store.getState().createIdentity('Alice');
    store.getState().openConversation(BOB);
    store.getState().setTyping(BOB, true);
    // The composer of Bob's conversation stops typing as it unmounts, after Carol's is already open.
    store.getState().openConversation(CAROL);
    store.getState().setTyping(BOB, false);
    expect(typed).toEqual([
      [BOB, true],
      [BOB, false],
    ]);
  });

  it('asks to unlock a passphrase-protected identity at start-up and stays locked on a failed unlock', async () => {
    const { store } = setup({ lockedVault: true });
    await store.getState().load();
    expect(store.getState().keyProtection).toBe('passphrase');
    expect(store.getState().phase).toBe('locked');
    await store.getState().unlock('wrong passphrase');
    expect(store.getState().phase).toBe('locked');
    expect(store.getState().error).toBeTruthy();
  });

  it('runs messaging in one tab at a time, and hands it over when another tab’s user asks', async () => {
    const host = memoryHost();
    const tabLease = memoryTabLeases();
    const first = setup({ host, tabLease });
    await first.store.getState().createIdentity('Alice');
    expect(first.store.getState().phase).toBe('ready');

    // A second tab of the same identity (same host storage) stays out of the way: no engine, no archive.
    const second = setup({ host, tabLease });
    await second.store.getState().load();
    expect(second.store.getState()).toMatchObject({ phase: 'elsewhere', archive: null });
    expect(second.sessions.started).toBe(0);

    // "Use here": the first tab stops its engine before the second starts one.
    await second.store.getState().takeOverHere();
    expect(first.sessions).toMatchObject({ started: 1, stopped: 1 });
    expect(first.store.getState()).toMatchObject({ phase: 'elsewhere', archive: null, connections: {} });
    expect(second.store.getState().phase).toBe('ready');
    expect(second.store.getState().archive).not.toBeNull();
    expect(second.sessions.started).toBe(1);

    // And back.
    await first.store.getState().takeOverHere();
    expect(second.sessions.stopped).toBe(1);
    expect(second.store.getState().phase).toBe('elsewhere');
    expect(first.store.getState().phase).toBe('ready');
    expect(first.sessions.started).toBe(2);
  });

  it('after a hand-over, ignores what the stopped session still reports, and takes back the identity as renamed', async () => {
    const host = memoryHost();
    const tabLease = memoryTabLeases();
    const first = setup({ host, tabLease });
    await first.store.getState().createIdentity('Alice');
    const second = setup({ host, tabLease });
    await second.store.getState().load();
    await second.store.getState().takeOverHere();
    // The first tab's session, stopping, reports its connections closing: none of that is shown any more.
    first.emit({ type: 'connection', peer: BOB, state: { status: 'offline' } });
    first.emit({
      type: 'signaling',
      event: { type: 'state', state: { status: 'closed', reason: 'client closed' } },
    });
    expect(first.store.getState()).toMatchObject({ connections: {}, signaling: { status: 'idle' } });

    expect(await second.store.getState().renameIdentity('Alice B.')).toMatchObject({ ok: true });
    await first.store.getState().takeOverHere();
    expect(first.store.getState().identity?.displayName).toBe('Alice B.');
    expect(first.sessions.names).toEqual(['Alice', 'Alice B.']);
  });

  it('gives up on "Use here" when the other tab does not step back, and says so', async () => {
    const tabLease = memoryTabLeases();
    const { store } = setup({ tabLease, handOverTimeoutMs: 50 });
    await store.getState().createIdentity('Alice');
    // Another tab takes over, then never answers a request (stuck, or an older version).
    const other = tabLease(`parley-online:${store.getState().identity?.peerId ?? ''}`, {
      onHandOverRequested: () => undefined,
    });
    expect(await other.acquire({ takeOver: true })).toBe(true);
    expect(store.getState().phase).toBe('elsewhere');

    await store.getState().takeOverHere();
    expect(store.getState()).toMatchObject({
      phase: 'elsewhere',
      error: 'The other tab did not step back. Close it, or try again.',
    });
    // Once that tab is closed, "Use here" works.
    await other.close();
    await store.getState().takeOverHere();
    expect(store.getState()).toMatchObject({ phase: 'ready', error: null });
  });

  it('keeps the lease "Use here" took for as long as starting up then takes', async () => {
    const host = memoryHost();
    const tabLease = memoryTabLeases();
    const first = setup({ host, tabLease });
    await first.store.getState().createIdentity('Alice');
    let entered: () => void = () => undefined;
    const starting = new Promise<void>((resolve) => (entered = resolve));
    let finish: () => void = () => undefined;
    const second = setup({
      host,
      tabLease,
      handOverTimeoutMs: 1_000,
      starting: () => {
        entered();
        return new Promise((resolve) => (finish = resolve));
      },
    });
    await second.store.getState().load();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const takingOver = second.store.getState().takeOverHere();
      await starting;
      // The lease was granted; starting up now outlasts the time allowed for the other tab to step back.
      vi.advanceTimersByTime(1_000);
      finish();
      await takingOver;
    } finally {
      vi.useRealTimers();
    }
    expect(second.store.getState()).toMatchObject({ phase: 'ready', error: null });
    // So a third tab finds it held, and runs nothing.
    const third = setup({ host, tabLease });
    await third.store.getState().load();
    expect(third.store.getState().phase).toBe('elsewhere');
    expect(third.sessions.started).toBe(0);
  });

  it('runs the identity the vault holds now under its own lease, not the one it read before taking the lease', async () => {
    const host = memoryHost();
    const tabLease = memoryTabLeases();
    const first = setup({ host, tabLease });
    await first.store.getState().createIdentity('Alice');
    const second = setup({ host, tabLease });
    await second.store.getState().load();
    expect(second.store.getState().phase).toBe('elsewhere');
    // Meanwhile another identity replaces Alice's in the vault (a restore over it, in some other tab).
    const elsewhere = memoryHost();
    await elsewhere.createIdentity({ displayName: 'Grace' });
    const exported = await elsewhere.exportIdentityBackup({ passphrase: 'backup passphrase' });
    const restored = await host.restoreIdentityBackup({
      backup: exported.ok ? exported.value.backup : '',
      passphrase: 'backup passphrase',
      replace: true,
    });
    const grace = restored.ok ? restored.value.peerId : null;

    // "Use here" gets Alice's lease, finds Grace in the vault, and runs her under her own lease.
    await second.store.getState().takeOverHere();
    expect(second.store.getState()).toMatchObject({ phase: 'ready', identity: { peerId: grace } });
    expect(second.sessions.names).toEqual(['Grace']);
    // So a third tab finds Grace's lease held, and runs nothing.
    const third = setup({ host, tabLease });
    await third.store.getState().load();
    expect(third.store.getState()).toMatchObject({ phase: 'elsewhere', identity: { peerId: grace } });
    expect(third.sessions.started).toBe(0);
  });

  it('starts up with the identity another tab created while this one showed onboarding', async () => {
    const host = memoryHost();
    const tabLease = memoryTabLeases();
    const first = setup({ host, tabLease });
    const second = setup({ host, tabLease });
    await Promise.all([first.store.getState().load(), second.store.getState().load()]);
    expect(second.store.getState().phase).toBe('onboarding');
    await first.store.getState().createIdentity('Alice');
    await second.store.getState().createIdentity('Alice again');
    expect(second.store.getState()).toMatchObject({
      phase: 'elsewhere',
      error: null,
      identity: { displayName: 'Alice', peerId: first.store.getState().identity?.peerId },
    });
  });

  it('refuses to add itself as a contact', async () => {
    const { store, messageStore } = setup();
    await store.getState().createIdentity('Alice');
    const self = store.getState().identity?.peerId;
    if (!self) {
      throw new Error('no identity');
    }
    await store.getState().addContact(self);
    expect(await messageStore.outboxPeers()).toEqual([]);
    expect(store.getState().error).toMatch(/your own peer ID/);
  });
});
