// Exposes the host contract over Electron IPC: one `ipcMain.handle` channel per contract method, each checking
// the sender (main frame of the app origin) before the shared dispatcher validates and runs the call.
import { HOST_METHODS, hostChannel, type HostMethod } from '../../shared/host/host-methods';
import type { HostDispatch } from '../../shared/host/host-dispatcher';
import { fail, type Result } from '../../shared/result';
import { hasOrigin } from './app-origin';

/** The slice of a WebFrameMain the sender check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

export interface InvokeEvent {
  /** Null when the frame navigated away or was destroyed before the message arrived. */
  readonly senderFrame: SenderFrame | null;
}

/** The slice of `ipcMain` the adapter needs, so tests can pass a fake. */
export interface IpcHandlerRegistry {
  handle(channel: string, listener: (event: InvokeEvent, args: unknown) => Promise<unknown>): void;
}

export interface IpcHostAdapterDeps {
  readonly ipcMain: IpcHandlerRegistry;
  readonly dispatch: HostDispatch;
  /** `app://parley`, or the dev server's origin in development. */
  readonly allowedOrigin: string;
}

export const isTrustedSender = (frame: SenderFrame | null, allowedOrigin: string): boolean =>
  frame !== null && frame.parent === null && hasOrigin(frame.url, allowedOrigin);

export const hostChannels = (): string[] => HOST_METHODS.map(hostChannel);

const handleCall = async (
  deps: IpcHostAdapterDeps,
  method: HostMethod,
  event: InvokeEvent,
  args: unknown,
): Promise<Result<unknown>> => {
  if (!isTrustedSender(event.senderFrame, deps.allowedOrigin)) {
    return fail('HOST_FORBIDDEN_SENDER', `${method}: the sender is not the app's main frame`);
  }
  return deps.dispatch(method, args);
};

/** Registers every contract method and returns the channels it registered. */
export const registerIpcHostAdapter = (deps: IpcHostAdapterDeps): string[] =>
  HOST_METHODS.map((method) => {
    const channel = hostChannel(method);
    deps.ipcMain.handle(channel, (event, args) => handleCall(deps, method, event, args));
    return channel;
  });
