// Builds what the preload exposes as `window.parleyEvents`: a subscription to host events that hands the page
// only each event's data, never the IPC event object or ipcRenderer itself.
// From the zod-free method list, so the preload bundle stays small.
import { HOST_EVENT_CHANNEL } from '../../shared/host/host-methods';

export interface IpcEventSource {
  on(channel: string, listener: (event: unknown, data: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, data: unknown) => void): unknown;
}

export interface PreloadEvents {
  subscribe(listener: (event: unknown) => void): () => void;
}

export const buildPreloadEvents = (ipc: IpcEventSource): PreloadEvents =>
  Object.freeze({
    subscribe(listener: (event: unknown) => void) {
      const forward = (_event: unknown, data: unknown) => listener(data);
      ipc.on(HOST_EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(HOST_EVENT_CHANNEL, forward);
      };
    },
  });
