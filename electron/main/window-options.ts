// BrowserWindow options for the main window: every web preference locked down per Electron's security checklist.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface InitialBounds {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowOptionsInput {
  readonly preloadPath: string;
  readonly bounds: InitialBounds;
  /** `process.platform`; decides spellcheck. */
  readonly platform?: NodeJS.Platform;
  /** DevTools stay available in development builds only. */
  readonly devTools?: boolean;
  readonly darkBackground?: boolean;
}

export const MIN_WINDOW_WIDTH = 480;
export const MIN_WINDOW_HEIGHT = 360;

// macOS and Windows spellcheck with the OS's own dictionaries. On Linux Chromium would download Hunspell
// dictionaries from Google's CDN, a network contact a private messenger should not make on its own.
const spellcheckFor = (platform: NodeJS.Platform): boolean => platform === 'darwin' || platform === 'win32';

export const buildWindowOptions = (input: WindowOptionsInput): BrowserWindowConstructorOptions => ({
  ...input.bounds,
  minWidth: MIN_WINDOW_WIDTH,
  minHeight: MIN_WINDOW_HEIGHT,
  title: 'Parley',
  // Shown on 'ready-to-show' so the user never sees an empty frame.
  show: false,
  backgroundColor: input.darkBackground === true ? '#16181d' : '#ffffff',
  webPreferences: {
    preload: input.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    plugins: false,
    enableWebSQL: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: input.devTools ?? false,
    spellcheck: spellcheckFor(input.platform ?? process.platform),
  },
});
