// Picks the host: Electron's preload exposes `window.parley`; otherwise the browser build starts its Worker.
import type { HostApi } from '../../../shared/host/host-contract';
import { connectBrowserHost } from '../browser-host/connect-browser-host';

declare global {
  interface Window {
    readonly parley?: HostApi;
  }
}

export const connectHost = (): HostApi => window.parley ?? connectBrowserHost();
