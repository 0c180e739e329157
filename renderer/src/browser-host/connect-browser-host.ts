// The renderer's side of the browser host: starts the Worker and wraps its endpoint as the HostApi.
import { wrap } from 'comlink';
import { deriveHostApi } from '../../../shared/host/host-api';
import type { HostApi } from '../../../shared/host/host-contract';
import type { WorkerEndpoint } from './worker-endpoint';

export const connectBrowserHost = (): HostApi => {
  const worker = new Worker(new URL('./host-worker.ts', import.meta.url), {
    type: 'module',
    name: 'parley-host',
  });
  const remote = wrap<WorkerEndpoint>(worker);
  return deriveHostApi((method, args) => remote[method](args));
};
