// The browser host's identity changes on Chromium's own IndexedDB and Web Locks. Two host stacks in one page over
// one database stand for two tabs' Workers: each has its own identity service, and the vault and locks are the
// origin's.
import type { UseStore } from 'idb-keyval';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deriveHostApi } from '../../../shared/host/host-api';
import type { HostApi } from '../../../shared/host/host-contract';
import { createHostDispatcher } from '../../../shared/host/host-dispatcher';
import { createHostServices } from '../../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../../shared/identity/identity-crypto-port';
import { createMemoryHostPorts } from '../../../shared/testing/memory-host';
import { createBrowserHostServices } from './browser-host-services';
import { createIdbDocumentStore } from './idb-document-store';
import { createIdbIdentityVault } from './idb-identity-vault';

const identityCrypto = crypto as unknown as IdentityCryptoPort;

const connections: Promise<IDBDatabase>[] = [];
const databases = new Set<string>();

afterEach(async () => {
  (await Promise.all(connections.splice(0))).forEach((db) => db.close());
  for (const name of databases) {
    await new Promise((resolve, reject) => {
      const deleting = indexedDB.deleteDatabase(name);
      deleting.onsuccess = resolve;
      deleting.onerror = () => reject(new Error(`${name} was not deleted`));
    });
  }
  databases.clear();
});

/** The host's store in `database`, as idb-keyval's createStore makes it, on a connection closed after the test. */
const documents = (database: string): UseStore => {
  databases.add(database);
  const opening = new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(database);
    request.onupgradeneeded = () => request.result.createObjectStore('documents');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`${database} did not open`));
  });
  connections.push(opening);
  return (mode, callback) =>
    opening.then((db) => callback(db.transaction('documents', mode).objectStore('documents')));
};

/** A promise, and the function that fulfils it. */
const signal = () => {
  let fire: () => void = () => undefined;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fired, fire };
};

/** One tab's host over the vault in `database`; the hooks see its reads and hold its writes. */
const tabHost = (
  database: string,
  options: {
    readonly locks: LockManager;
    readonly onRead?: () => void;
    readonly beforeWrite?: () => Promise<void>;
  },
): HostApi => {
  const entry = createIdbDocumentStore(documents(database), 'identity');
  const slot = {
    read: () => {
      options.onRead?.();
      return entry.read();
    },
    write: async (value: unknown) => {
      await options.beforeWrite?.();
      await entry.write(value);
    },
  };
  const ports = createMemoryHostPorts(identityCrypto, {
    identityVault: createIdbIdentityVault({ slot, crypto }),
  });
  return deriveHostApi(
    createHostDispatcher(createBrowserHostServices(ports, options.locks), {
      onInternalError: () => undefined,
    }),
  );
};

/** The origin's locks, telling when a lock is asked for. */
const watchedLocks = (onRequest: () => void): LockManager => ({
  query: () => navigator.locks.query(),
  request: ((name: string, callback: (lock: Lock | null) => unknown) => {
    onRequest();
    return navigator.locks.request(name, callback);
  }) as unknown as LockManager['request'],
});

describe('browser host services', () => {
  const passphrase = 'correct horse battery staple';
  let backup = '';

  beforeAll(async () => {
    const elsewhere = deriveHostApi(
      createHostDispatcher(createHostServices(createMemoryHostPorts(identityCrypto)), {
        onInternalError: () => undefined,
      }),
    );
    await elsewhere.createIdentity({ displayName: 'Grace' });
    const exported = await elsewhere.exportIdentityBackup({ passphrase });
    backup = exported.ok ? exported.value.backup : '';
  });

  it.each(['creates', 'restores'] as const)(
    'keeps the identity one tab creates when another %s one at the same time: the later finds the vault taken',
    async (second) => {
      const database = `parley-host-test-${crypto.randomUUID()}`;
      const firstLooked = signal();
      const secondAsked = signal();
      // The first tab stores its new identity only once the second has asked for the vault too.
      const first = tabHost(database, {
        locks: navigator.locks,
        onRead: firstLooked.fire,
        beforeWrite: () => secondAsked.fired,
      });
      const other = tabHost(database, { locks: watchedLocks(secondAsked.fire), onRead: secondAsked.fire });

      const creating = first.createIdentity({ displayName: 'Ada' });
      await firstLooked.fired;
      const [created, refused] = await Promise.all([
        creating,
        second === 'creates'
          ? other.createIdentity({ displayName: 'Grace' })
          : other.restoreIdentityBackup({ backup, passphrase }),
      ]);

      expect(created).toMatchObject({ ok: true, value: { displayName: 'Ada' } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'IDENTITY_EXISTS' } });
      const peerId = created.ok ? created.value.peerId : null;
      expect(await first.getIdentity({})).toMatchObject({ ok: true, value: { peerId } });
      expect(await other.getIdentity({})).toMatchObject({ ok: true, value: { peerId } });
    },
  );
});
