// The object the host Worker exposes over comlink: one method per contract entry, each going through the
// shared dispatcher (schema validation, coded errors). Derived from the contract, so it cannot drift.
import { HOST_METHODS, type HostMethod } from '../../../shared/host/host-methods';
import type { HostDispatch } from '../../../shared/host/host-dispatcher';
import type { Result } from '../../../shared/result';

export type WorkerEndpoint = Readonly<Record<HostMethod, (args: unknown) => Promise<Result<unknown>>>>;

export const buildWorkerEndpoint = (dispatch: HostDispatch): WorkerEndpoint =>
  Object.freeze(
    Object.fromEntries(HOST_METHODS.map((method) => [method, (args: unknown) => dispatch(method, args)])),
  ) as WorkerEndpoint;
