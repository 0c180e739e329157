// Creates the main window from the restored state and shows it once its first frame is ready.
import { BrowserWindow } from 'electron';
import { buildWindowOptions } from './window-options';
import type { RestoredWindow } from './window-state';

export interface MainWindowDeps {
  readonly preloadPath: string;
  readonly restored: RestoredWindow;
  readonly devTools: boolean;
  readonly darkBackground: boolean;
}

export const createMainWindow = (deps: MainWindowDeps): BrowserWindow => {
  const window = new BrowserWindow(
    buildWindowOptions({
      preloadPath: deps.preloadPath,
      bounds: deps.restored.bounds,
      devTools: deps.devTools,
      darkBackground: deps.darkBackground,
    }),
  );
  window.once('ready-to-show', () => {
    if (deps.restored.maximized) {
      window.maximize();
    }
    window.show();
  });
  return window;
};

/** Brings the window forward, e.g. when a second instance was started. */
export const focusWindow = (
  window: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> | undefined,
): void => {
  if (!window || window.isDestroyed()) {
    return;
  }
  if (window.isMinimized()) {
    window.restore();
  }
  window.show();
  window.focus();
};
