// Validates a call against the host contract, then runs the service. Every host (Electron IPC, Worker RPC)
// enters the privileged side through this one function.
import { hostContract, isHostMethod, type HostMethod, type HostServices } from './host-contract';
import { firstIssue } from '../encoding/json-document';
import { fail, type Result } from '../result';

export type HostDispatch = (method: string, args: unknown) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  /** Reports unexpected exceptions from a service; the caller only sees a coded failure. */
  readonly onInternalError: (method: HostMethod, error: unknown) => void;
}

export const createHostDispatcher =
  (services: HostServices, options: DispatcherOptions): HostDispatch =>
  async (method, args) => {
    if (!isHostMethod(method)) {
      return fail('HOST_UNKNOWN_METHOD', `unknown host method: ${method.slice(0, 64)}`);
    }
    const parsed = hostContract[method].args.safeParse(args ?? {});
    if (!parsed.success) {
      return fail('HOST_INVALID_ARGUMENTS', `${method}: ${firstIssue(parsed.error, 'arguments')}`);
    }
    try {
      const call = services[method] as (valid: unknown) => Promise<Result<unknown>>;
      return await call(parsed.data);
    } catch (error) {
      options.onInternalError(method, error);
      return fail('HOST_INTERNAL', `${method} failed unexpectedly`);
    }
  };
