// Both hosts serve exactly the host contract: every method has an IPC channel in Electron main, a method on the
// preload bridge, and a method on the browser Worker's endpoint, and a call through each reaches the service.
import { webcrypto } from 'node:crypto';
import type { IdentityCryptoPort } from '../../shared/identity/identity-crypto-port';
import { MessageChannel } from 'node:worker_threads';
import { expose, wrap } from 'comlink';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerIpcHostAdapter, type InvokeEvent } from '../../electron/main/ipc-host-adapter';
import { buildPreloadApi } from '../../electron/preload/build-preload-api';
import { buildWorkerEndpoint, type WorkerEndpoint } from '../../renderer/src/browser-host/worker-endpoint';
import { deriveHostApi } from '../../shared/host/host-api';
import {
  HOST_METHODS,
  hostChannel,
  hostContract,
  type HostArgs,
  type HostMethod,
  type IdentitySummary,
} from '../../shared/host/host-contract';
import { createHostDispatcher } from '../../shared/host/host-dispatcher';
import { createHostServices } from '../../shared/host/host-services';
import { createIdentityService } from '../../shared/identity/identity-service';
import type { IdentityRecord } from '../../shared/ports/identity-vault';
import type { Result } from '../../shared/result';
import { createMemoryHostPorts } from '../../shared/testing/memory-host';
import { createMemoryIdentityVault } from '../../shared/testing/memory-ports';

const APP_ORIGIN = 'app://parley';
const contractMethods = Object.keys(hostContract).sort();

const crypto = webcrypto as unknown as IdentityCryptoPort;

/** A host whose vault holds `identity` (none when not given). */
const makeDispatch = async (identity?: IdentityRecord) => {
  const identityVault = createMemoryIdentityVault(crypto);
  if (identity) {
    await identityVault.save(identity);
  }
  return createHostDispatcher(
    createHostServices(
      createMemoryHostPorts(crypto, {
        appInfo: { name: 'Parley', version: '0.0.0-test', host: 'electron', platform: 'linux' },
        identityVault,
      }),
    ),
    { onInternalError: () => undefined },
  );
};

type HostCall = (method: HostMethod, args: unknown) => Promise<Result<unknown>>;

/** Arguments each method's schema accepts, so a call with them must get past validation to its service. */
const validArguments = (identity: IdentitySummary): { readonly [M in HostMethod]: HostArgs<M> } => {
  const { peerId } = identity;
  return {
    getAppInfo: {},
    getVaultStatus: {},
    getIdentity: {},
    createIdentity: { displayName: 'Second' },
    unlockIdentity: { passphrase: 'not the passphrase' },
    exportIdentityBackup: { passphrase: 'backup passphrase' },
    restoreIdentityBackup: { backup: 'not a backup', passphrase: 'backup passphrase' },
    renameIdentity: { displayName: 'Alice Renamed' },
    signSignalingChallenge: {
      serverId: 'signal.parley.test',
      realm: 'parley',
      nonce: 'AAAAAAAAAAAAAAAAAAAAAA==',
    },
    sealSignal: { recipient: identity.keyBundle, payload: 'offer' },
    openSignal: { from: peerId, sealed: 'AAAAAAAA' },
    getSettings: {},
    updateSettings: { theme: 'dark' },
    showNotification: { title: 'Parley', body: 'a message', expiresAt: 8_640_000_000_000_000 },
    getSafetyNumber: { peerId },
    setUnreadCount: { count: 3 },
    sessionBegin: { peerId },
    sessionHandshake: { peerId, message: new Uint8Array(16) },
    sessionSeal: { peerId, conversationId: 'c', plaintext: new Uint8Array(16) },
    sessionOpen: { peerId, record: new Uint8Array(16) },
    sessionEnd: { peerId },
  };
};

/**
 * Every method, called through a host: refuses arguments outside its schema with HOST_INVALID_ARGUMENTS, and
 * with valid ones reaches its service, which answers with the method's result or a coded error of its own (a
 * HOST_ code would mean the call stopped in the host, or the service threw).
 */
const expectEveryMethodReachesItsService = async (call: HostCall) => {
  for (const method of HOST_METHODS) {
    // Every schema is strict, so an unknown key is refused whatever the method takes.
    expect(await call(method, { notInTheContract: true }), method).toMatchObject({
      ok: false,
      error: { code: 'HOST_INVALID_ARGUMENTS' },
    });
    const empty = await call(method, {});
    expect(empty.ok || empty.error.code, method).toSatisfy(
      (outcome) => outcome === true || outcome === 'HOST_INVALID_ARGUMENTS',
    );
  }
  const current = await call('getIdentity', {});
  const identity = current.ok ? hostContract.getIdentity.result.parse(current.value) : null;
  if (!identity) {
    throw new Error('the host needs an identity, or most methods stop at IDENTITY_MISSING');
  }
  const valid = validArguments(identity);
  for (const method of HOST_METHODS) {
    const result = await call(method, valid[method]);
    if (result.ok) {
      expect(hostContract[method].result.safeParse(result.value).error, method).toBeUndefined();
    } else {
      expect(result.error.code, `${method}: ${result.error.message}`).not.toMatch(/^HOST_/);
    }
  }
};

describe('host contract coverage', () => {
  // Made once: RSA key generation takes a second or more, saving the keys into each host's vault milliseconds.
  let alice: IdentityRecord;
  beforeAll(async () => {
    const vault = createMemoryIdentityVault(crypto);
    const created = await createIdentityService({ crypto, vault }).create('Alice');
    const record = await vault.exportRecord();
    if (!created.ok || !record.ok || !record.value) {
      throw new Error('could not create the test identity');
    }
    alice = record.value;
  });

  it('Electron main registers one IPC handler per contract method, and calls reach the services', async () => {
    const handlers = new Map<string, (event: InvokeEvent, args: unknown) => Promise<unknown>>();
    registerIpcHostAdapter({
      ipcMain: { handle: (channel, listener) => handlers.set(channel, listener) },
      dispatch: await makeDispatch(alice),
      allowedOrigin: APP_ORIGIN,
    });
    expect([...handlers.keys()].sort()).toEqual(HOST_METHODS.map(hostChannel).sort());
    const mainFrame = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
    await expectEveryMethodReachesItsService(async (method, args) => {
      const handler = handlers.get(hostChannel(method));
      if (!handler) {
        throw new Error(`no handler for ${method}`);
      }
      return (await handler(mainFrame, args)) as Result<unknown>;
    });
  });

  it('the preload exposes exactly the contract methods, each on its own channel', async () => {
    const invoked: string[] = [];
    const api = buildPreloadApi((channel) => {
      invoked.push(channel);
      return Promise.resolve({ ok: true, value: null });
    });
    expect(Object.keys(api).sort()).toEqual(contractMethods);
    for (const method of HOST_METHODS) {
      await (api[method] as (args: unknown) => Promise<unknown>)({});
    }
    expect(invoked).toEqual(HOST_METHODS.map(hostChannel));
  });

  it('the browser Worker endpoint serves every contract method over comlink', async () => {
    const { port1, port2 } = new MessageChannel();
    expose(buildWorkerEndpoint(await makeDispatch(alice)), port1 as unknown as Parameters<typeof expose>[1]);
    const remote = wrap<WorkerEndpoint>(port2 as unknown as Parameters<typeof wrap>[0]);
    const api = deriveHostApi((method, args) => remote[method](args));
    try {
      expect(Object.keys(api).sort()).toEqual(contractMethods);
      expect(await api.getAppInfo({})).toMatchObject({ ok: true, value: { name: 'Parley' } });
      expect(await api.updateSettings({ theme: 'dark' })).toMatchObject({
        ok: true,
        value: { theme: 'dark' },
      });
      const refused = await (api.createIdentity as (args: unknown) => Promise<unknown>)({ displayName: 42 });
      expect(refused).toMatchObject({ ok: false, error: { code: 'HOST_INVALID_ARGUMENTS' } });
      await expectEveryMethodReachesItsService((method, args) => remote[method](args));
    } finally {
      port1.close();
      port2.close();
    }
  });
});
