// Builds the renderer-facing HostApi from one transport function. The Electron preload (over IPC) and the browser
// build (over Worker RPC) both use it, so each exposes exactly one method per contract entry.
import type { HostApi } from './host-contract';
import { HOST_METHODS, type HostMethod } from './host-methods';
import type { Result } from '../result';

export type HostInvoke = (method: HostMethod, args: unknown) => Promise<Result<unknown>>;

export const deriveHostApi = (invoke: HostInvoke): HostApi =>
  Object.freeze(
    Object.fromEntries(HOST_METHODS.map((method) => [method, (args: unknown) => invoke(method, args)])),
  ) as HostApi;
