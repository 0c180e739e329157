// The app store's test kit: the real host services in memory, tab leases in memory, and a real messenger on the
// memory message store whose signaling never comes up (nothing is dialed).
import { deriveHostApi } from '../../../../shared/host/host-api';
import type { HostApi } from '../../../../shared/host/host-contract';
import { createHostDispatcher } from '../../../../shared/host/host-dispatcher';
import { createHostServices } from '../../../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../../../shared/identity/identity-crypto-port';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { createMemoryMessageStore } from '../../../../shared/messaging/memory-message-store';
import type { MessengerEvent } from '../../../../shared/messaging/messenger';
import { fail, ok } from '../../../../shared/result';
import type { ArchiveDb } from '../../archive/archive-db';
import { createMemoryHostPorts } from '../../../../shared/testing/memory-host';
import type { TabLease, TabLeaseHooks } from '../../p2p/tab-lease';
import { createAppStore } from '../app-store';
import { createOfflineMessenger } from '../../p2p/testing/offline-messenger';

export const BOB = 'b'.repeat(32) as PeerId;
export const CAROL = 'c'.repeat(32) as PeerId;

export const memoryHost = (): HostApi =>
  deriveHostApi(
    createHostDispatcher(
      createHostServices(createMemoryHostPorts(globalThis.crypto as unknown as IdentityCryptoPort)),
      { onInternalError: () => undefined },
    ),
  );

/**
 * Tab leases of one origin in memory, keeping the contract of tab-lease.ts (which runs on Chromium's Web Locks in
 * tab-lease.browser.test.ts): Node has no Web Locks, and here two stores stand for two tabs.
 */
export const memoryTabLeases = (): ((name: string, hooks: TabLeaseHooks) => TabLease) => {
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

export const setup = (
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
        markRead: (peer: PeerId, ids: readonly string[], receipt = true) =>
          receipt ? messenger.markRead(peer, ids) : Promise.resolve(),
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
