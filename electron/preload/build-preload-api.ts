// Builds the object the preload exposes as `window.parley`: the shared HostApi shape (one frozen method per host
// contract entry), each method invoking its own IPC channel. Only these functions cross the bridge.
import { deriveHostApi } from '../../shared/host/host-api';
import type { HostApi } from '../../shared/host/host-contract';
import { hostChannel } from '../../shared/host/host-methods';
import type { Result } from '../../shared/result';

export type Invoke = (channel: string, args: unknown) => Promise<unknown>;

export const buildPreloadApi = (invoke: Invoke): HostApi =>
  // The main side answers every channel with a Result (see electron/main/ipc-host-adapter.ts).
  deriveHostApi((method, args) => invoke(hostChannel(method), args) as Promise<Result<unknown>>);
