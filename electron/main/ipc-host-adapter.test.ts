import { describe, expect, it } from 'vitest';
import { HOST_METHODS, hostChannel, type HostServices } from '../../shared/host/host-contract';
import { createHostDispatcher } from '../../shared/host/host-dispatcher';
import { ok } from '../../shared/result';
import {
  hostChannels,
  registerIpcHostAdapter,
  type InvokeEvent,
  type IpcHandlerRegistry,
  type SenderFrame,
} from './ipc-host-adapter';

type Listener = Parameters<IpcHandlerRegistry['handle']>[1];

const setup = (allowedOrigin = 'app://parley') => {
  const handlers = new Map<string, Listener>();
  const calls: string[] = [];
  const services = Object.fromEntries(
    HOST_METHODS.map((method) => [
      method,
      (args: unknown) => {
        calls.push(method);
        return Promise.resolve(ok({ method, args }));
      },
    ]),
  ) as unknown as HostServices;
  const registered = registerIpcHostAdapter({
    ipcMain: { handle: (channel, listener) => void handlers.set(channel, listener) },
    dispatch: createHostDispatcher(services, { onInternalError: () => undefined }),
    allowedOrigin,
  });
  const invoke = (channel: string, frame: SenderFrame | null, args: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) {
      throw new Error(`no handler on ${channel}`);
    }
    const event: InvokeEvent = { senderFrame: frame };
    return handler(event, args);
  };
  return { handlers, registered, calls, invoke };
};

const mainFrame = (url = 'app://parley/index.html'): SenderFrame => ({ url, parent: null });
const forbidden = { ok: false, error: { code: 'HOST_FORBIDDEN_SENDER' } };

describe('registerIpcHostAdapter', () => {
  it('registers exactly one channel per contract method, and reports them', () => {
    const { handlers, registered } = setup();
    expect(registered).toEqual(HOST_METHODS.map(hostChannel));
    expect([...handlers.keys()]).toEqual(registered);
    expect(hostChannels()).toEqual(registered);
  });

  it('dispatches a call from the app main frame to the service', async () => {
    const { invoke, calls } = setup();
    const result = await invoke(hostChannel('getSettings'), mainFrame(), {});
    expect(result).toEqual({ ok: true, value: { method: 'getSettings', args: {} } });
    expect(calls).toEqual(['getSettings']);
  });

  it('refuses a frame of another origin without calling the service', async () => {
    const { invoke, calls } = setup();
    expect(await invoke(hostChannel('getIdentity'), mainFrame('https://evil.example/'), {})).toMatchObject(
      forbidden,
    );
    expect(await invoke(hostChannel('getIdentity'), mainFrame('app://parley.evil/'), {})).toMatchObject(
      forbidden,
    );
    expect(await invoke(hostChannel('getIdentity'), mainFrame('file:///tmp/x.html'), {})).toMatchObject(
      forbidden,
    );
    expect(calls).toEqual([]);
  });

  it('refuses a sub-frame even when it is on the app origin', async () => {
    const { invoke, calls } = setup();
    const subFrame: SenderFrame = { url: 'app://parley/index.html', parent: mainFrame() };
    expect(await invoke(hostChannel('createIdentity'), subFrame, { displayName: 'x' })).toMatchObject(
      forbidden,
    );
    expect(calls).toEqual([]);
  });

  it('refuses a sender whose frame is gone', async () => {
    const { invoke } = setup();
    expect(await invoke(hostChannel('getAppInfo'), null, {})).toMatchObject(forbidden);
  });

  it('accepts the dev server origin when configured with it, and then only it', async () => {
    const { invoke } = setup('http://localhost:5173');
    expect(await invoke(hostChannel('getAppInfo'), mainFrame('http://localhost:5173/'), {})).toMatchObject({
      ok: true,
    });
    expect(await invoke(hostChannel('getAppInfo'), mainFrame('app://parley/index.html'), {})).toMatchObject(
      forbidden,
    );
  });

  it('answers invalid arguments with HOST_INVALID_ARGUMENTS', async () => {
    const { invoke, calls } = setup();
    expect(await invoke(hostChannel('createIdentity'), mainFrame(), { displayName: '' })).toMatchObject({
      ok: false,
      error: { code: 'HOST_INVALID_ARGUMENTS' },
    });
    expect(await invoke(hostChannel('getSettings'), mainFrame(), { extra: true })).toMatchObject({
      ok: false,
      error: { code: 'HOST_INVALID_ARGUMENTS' },
    });
    expect(calls).toEqual([]);
  });
});
