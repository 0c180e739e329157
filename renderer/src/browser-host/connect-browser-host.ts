// The renderer's side of the browser host: starts the Worker, wraps its endpoint as the HostApi, and listens for
// the events it posts (comlink ignores messages that are not its replies).
import { wrap } from 'comlink';
import { deriveHostApi } from '../../../shared/host/host-api';
import type { HostConnection } from '../host/host-connection';
import { validatedEvents } from '../host/host-connection';
import { WORKER_EVENT_KEY } from './worker-events';
import type { WorkerEndpoint } from './worker-endpoint';

export const connectBrowserHost = (): HostConnection => {
  const worker = new Worker(new URL('./host-worker.ts', import.meta.url), {
    type: 'module',
    name: 'parley-host',
  });
  const remote = wrap<WorkerEndpoint>(worker);
  return {
    api: deriveHostApi((method, args) => remote[method](args)),
    onEvent: validatedEvents((listener) => {
      const onMessage = (message: MessageEvent<unknown>) => {
        const data = message.data;
        if (typeof data === 'object' && data !== null && WORKER_EVENT_KEY in data) {
          listener((data as Record<string, unknown>)[WORKER_EVENT_KEY]);
        }
      };
      worker.addEventListener('message', onMessage);
      return () => worker.removeEventListener('message', onMessage);
    }),
  };
};
