// Picks the host: Electron's preload exposes `window.parley` (the contract) and `window.parleyEvents` (its events);
// otherwise the browser build starts its Worker.
import type { HostApi } from '../../../shared/host/host-contract';
import { connectBrowserHost } from '../browser-host/connect-browser-host';
import { validatedEvents, type HostConnection } from './host-connection';

declare global {
  interface Window {
    readonly parley?: HostApi;
    readonly parleyEvents?: { subscribe(listener: (event: unknown) => void): () => void };
  }
}

export const connectHost = (): HostConnection => {
  const { parley, parleyEvents } = window;
  if (!parley) {
    return connectBrowserHost();
  }
  return {
    api: parley,
    onEvent: validatedEvents((listener) => parleyEvents?.subscribe(listener) ?? (() => undefined)),
  };
};
