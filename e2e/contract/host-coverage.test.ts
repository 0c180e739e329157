// Both hosts serve exactly the host contract: every method has an IPC channel in Electron main, a method on the
// preload bridge, and a method on the browser Worker's endpoint, and a call through each reaches the service.
import { webcrypto } from 'node:crypto';
import type { IdentityCryptoPort } from '../../shared/identity/identity-crypto-port';
import { MessageChannel } from 'node:worker_threads';
import { expose, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import { registerIpcHostAdapter, type InvokeEvent } from '../../electron/main/ipc-host-adapter';
import { buildPreloadApi } from '../../electron/preload/build-preload-api';
import { buildWorkerEndpoint, type WorkerEndpoint } from '../../renderer/src/browser-host/worker-endpoint';
import { deriveHostApi } from '../../shared/host/host-api';
import { HOST_METHODS, hostChannel, hostContract } from '../../shared/host/host-contract';
import { createHostDispatcher } from '../../shared/host/host-dispatcher';
import { createHostServices } from '../../shared/host/host-services';
import { createMemoryHostPorts } from '../../shared/testing/memory-host';

const APP_ORIGIN = 'app://parley';
const contractMethods = Object.keys(hostContract).sort();

const makeDispatch = () =>
  createHostDispatcher(
    createHostServices(
      createMemoryHostPorts(webcrypto as unknown as IdentityCryptoPort, {
        appInfo: { name: 'Parley', version: '0.0.0-test', host: 'electron', platform: 'linux' },
      }),
    ),
    { onInternalError: () => undefined },
  );

describe('host contract coverage', () => {
  it('Electron main registers one IPC handler per contract method, and calls reach the services', async () => {
    const handlers = new Map<string, (event: InvokeEvent, args: unknown) => Promise<unknown>>();
    registerIpcHostAdapter({
      ipcMain: { handle: (channel, listener) => handlers.set(channel, listener) },
      dispatch: makeDispatch(),
      allowedOrigin: APP_ORIGIN,
    });
    expect([...handlers.keys()].sort()).toEqual(HOST_METHODS.map(hostChannel).sort());
    const mainFrame = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
    for (const method of HOST_METHODS) {
      const handler = handlers.get(hostChannel(method));
      // An empty argument object either succeeds or is refused by the method's schema, never unhandled.
      const result = (await handler?.(mainFrame, {})) as { ok: boolean; error?: { code: string } };
      expect(result.ok || result.error?.code !== 'HOST_UNKNOWN_METHOD', method).toBe(true);
    }
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
    expose(buildWorkerEndpoint(makeDispatch()), port1 as unknown as Parameters<typeof expose>[1]);
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
    } finally {
      port1.close();
      port2.close();
    }
  });
});
