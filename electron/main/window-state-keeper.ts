// Saves a window's bounds while the user moves and resizes it (debounced) and once more when it closes, so the
// next launch can restore them with restoreWindowState.
import type { BrowserWindow } from 'electron';
import type { DocumentStore } from '../../shared/ports/document-store';
import type { WindowState } from './window-state';

export type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized'>;

export interface WindowStateKeeper {
  track(window: TrackedWindow): void;
  /** Resolves once every started save has finished; the app waits for it before quitting. */
  flush(): Promise<void>;
}

export const DEFAULT_SAVE_DELAY_MS = 500;

export const createWindowStateKeeper = (deps: {
  readonly store: DocumentStore;
  readonly onError: (error: unknown) => void;
  readonly delayMs?: number;
}): WindowStateKeeper => {
  let lastSave: Promise<void> = Promise.resolve();

  const save = (window: TrackedWindow): void => {
    const { x, y, width, height } = window.getNormalBounds();
    const state: WindowState = { x, y, width, height, maximized: window.isMaximized() };
    lastSave = deps.store.write(state).catch(deps.onError);
  };

  return {
    track(window) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const saveLater = () => {
        clearTimeout(timer);
        timer = setTimeout(() => save(window), deps.delayMs ?? DEFAULT_SAVE_DELAY_MS);
      };
      window.on('move', saveLater);
      window.on('resize', saveLater);
      window.on('maximize', saveLater);
      window.on('unmaximize', saveLater);
      // 'close' fires while the window still has its bounds; 'closed' would be too late.
      window.on('close', () => {
        clearTimeout(timer);
        save(window);
      });
    },
    flush: () => lastSave,
  };
};
