// Preload: bridges the host contract into the isolated page as `window.parley`. Bundled into one CommonJS file
// because a sandboxed preload can only require 'electron' and a few built-ins.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './build-preload-api';
import { buildPreloadEvents } from './build-preload-events';

// A closure, so the page never gets a reference to ipcRenderer or a generic send.
contextBridge.exposeInMainWorld(
  'parley',
  buildPreloadApi((channel, args) => ipcRenderer.invoke(channel, args)),
);
// Host events (notification clicks, parley:// links, menu commands): data only, validated again by the page.
contextBridge.exposeInMainWorld('parleyEvents', buildPreloadEvents(ipcRenderer));
