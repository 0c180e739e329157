// Bringing an identity online on a real archive in Chromium's IndexedDB. The signaling socket is a stand-in that
// never connects, and the archive's failure is made up (the message store's outbox read rejects), as IndexedDB
// cannot be made to fail one read on demand.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deriveHostApi } from '../../../shared/host/host-api';
import { createHostDispatcher } from '../../../shared/host/host-dispatcher';
import { createHostServices } from '../../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../../shared/identity/identity-crypto-port';
import { createMemoryHostPorts } from '../../../shared/testing/memory-host';
import type { ArchiveDb } from '../archive/archive-db';
import type * as DexieMessageStoreModule from '../archive/dexie-message-store';
import { scratchDatabases } from '../archive/testing/scratch-databases';
import { startMessaging } from './start-messaging';

const seen = vi.hoisted(() => ({
  archives: [] as ArchiveDb[],
  storesStopped: 0,
  outboxFailure: null as Error | null,
}));

vi.mock('../archive/dexie-message-store', async (importOriginal) => {
  const real = await importOriginal<typeof DexieMessageStoreModule>();
  return {
    ...real,
    openDexieMessageStore: async (...args: Parameters<typeof real.openDexieMessageStore>) => {
      seen.archives.push(args[0]);
      const store = await real.openDexieMessageStore(...args);
      const failure = seen.outboxFailure;
      return {
        ...store,
        outboxPeers: () => (failure ? Promise.reject(failure) : store.outboxPeers()),
        stop: async () => {
          seen.storesStopped += 1;
          await store.stop();
        },
      };
    },
  };
});

/** A WebSocket that stays connecting, and remembers being closed. */
class StandInSocket {
  static readonly opened: StandInSocket[] = [];
  readyState = 0;
  closed = false;
  onopen: unknown = null;
  onmessage: unknown = null;
  onclose: unknown = null;
  onerror: unknown = null;
  constructor(readonly url: string) {
    StandInSocket.opened.push(this);
  }
  send(): void {
    throw new Error('never connected');
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
}

const scratch = scratchDatabases('start-messaging');

afterEach(() => {
  vi.unstubAllGlobals();
  StandInSocket.opened.length = 0;
  seen.archives.length = 0;
  seen.storesStopped = 0;
  seen.outboxFailure = null;
});

describe('startMessaging', () => {
  it('stops what it started when start-up fails partway: no socket left open, the store stopped, the archive closed', async () => {
    vi.stubGlobal('WebSocket', StandInSocket);
    const host = deriveHostApi(
      createHostDispatcher(
        createHostServices(createMemoryHostPorts(crypto as unknown as IdentityCryptoPort)),
        { onInternalError: () => undefined },
      ),
    );
    const created = await host.createIdentity({ displayName: 'Ada' });
    if (!created.ok) {
      throw new Error(created.error.message);
    }
    seen.outboxFailure = new Error('the disk failed');

    await expect(
      startMessaging({
        host,
        identity: created.value,
        signalingUrl: 'ws://127.0.0.1:1/signal',
        onEvent: () => undefined,
      }),
    ).rejects.toThrow('the disk failed');

    expect(StandInSocket.opened).toHaveLength(1);
    expect(StandInSocket.opened[0]?.closed).toBe(true);
    expect(seen.storesStopped).toBe(1);
    const [archive] = seen.archives.map((db) => scratch.opened(db));
    expect(archive?.isOpen()).toBe(false);
  });
});
