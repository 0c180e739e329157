// Composition root of the Electron main process: builds every adapter with plain factories and wires the app's
// lifecycle (single instance, app:// protocol, security handlers, host IPC, the window). Everything else receives.
import { webcrypto } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  ipcMain,
  nativeTheme,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import { pino } from 'pino';
import { createHostDispatcher } from '../../shared/host/host-dispatcher';
import {
  createHostServices,
  createPrivilegedServices,
  type HostPorts,
} from '../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../shared/identity/identity-crypto-port';
import type { Logger } from '../../shared/ports/logger';
import { buildContentSecurityPolicy } from '../../shared/security/content-security-policy';
import { createWebCryptoSuite } from '../../shared/crypto/web-crypto-suite';
import { connectSourcesFor } from './app-file-resolution';
import { createNodeAead } from './crypto/node-aead';
import { APP_ENTRY_URL, APP_ORIGIN, originOf } from './app-origin';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { defaultSettingsFrom } from './default-settings';
import { createElectronNotifier } from './electron-notifier';
import { registerIpcHostAdapter } from './ipc-host-adapter';
import { createJsonFileStore } from './json-file-store';
import { createMainWindow, focusWindow } from './main-window';
import { createPassphraseCipher } from './passphrase-cipher';
import { guardNavigation } from './navigation-guards';
import { installPermissionHandlers } from './permission-handlers';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { createSafeStorageIdentityVault } from './safe-storage-identity-vault';
import { restoreWindowState } from './window-state';
import { createWindowStateKeeper } from './window-state-keeper';

// Must match appId in electron-builder.yml: Windows ties notifications to the installer's shortcut by it.
const APP_USER_MODEL_ID = 'org.parley.desktop';
const LINK_SCHEME = 'parley';

interface Entry {
  readonly url: string;
  /** The only origin allowed to call the host, navigate, or get permissions. */
  readonly origin: string;
  readonly development: boolean;
}

// electron-vite sets ELECTRON_RENDERER_URL for `dev`. A packaged app ignores it, so no environment variable can
// point the privileged preload at another page.
const resolveEntry = (): Entry => {
  const devUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
  const devOrigin = devUrl === undefined ? null : originOf(devUrl);
  return devUrl !== undefined && devOrigin !== null
    ? { url: devUrl, origin: devOrigin, development: true }
    : { url: APP_ENTRY_URL, origin: APP_ORIGIN, development: false };
};

/** Display work areas, the primary display first, as restoreWindowState expects. */
const workAreas = () => {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map(
    (display) => display.workArea,
  );
};

const start = async (logger: Logger, entry: Entry): Promise<void> => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const userData = app.getPath('userData');
  const crypto = webcrypto as unknown as IdentityCryptoPort;
  const defaults = defaultSettingsFrom(process.env);
  if (defaults.warning !== null) {
    logger.warn({}, defaults.warning);
  }

  const ports: HostPorts = {
    appInfo: { name: app.getName(), version: app.getVersion(), host: 'electron', platform: process.platform },
    crypto,
    identityVault: createSafeStorageIdentityVault({
      filePath: path.join(userData, 'identity.vault'),
      cipher: createSafeStorageCipher(safeStorage, process.platform),
      passphrases: createPassphraseCipher(),
      crypto,
    }),
    settingsStore: createJsonFileStore(path.join(userData, 'settings.json')),
    defaultSettings: defaults.settings,
    notifier: createElectronNotifier(Notification),
    sessionSuite: createWebCryptoSuite(crypto, { aead: createNodeAead() }),
    pinnedKeysStore: createJsonFileStore(path.join(userData, 'pinned-keys.json')),
    now: () => Date.now(),
  };
  // Built apart from the contract's services so other privileged code shares the one identity service.
  const privileged = createPrivilegedServices(ports);
  const services = createHostServices(ports, privileged);
  const dispatch = createHostDispatcher(services, {
    onInternalError: (method, error) => logger.error({ method, err: error }, 'host method failed'),
  });
  registerIpcHostAdapter({ ipcMain, dispatch, allowedOrigin: entry.origin });
  installPermissionHandlers(session.defaultSession, entry.origin);
  handleAppProtocol({
    protocol,
    rendererDir: path.join(here, '../renderer'),
    contentSecurityPolicy: async () => {
      const settings = await services.getSettings({});
      const signaling = settings.ok ? [settings.value.signalingUrl] : [];
      return buildContentSecurityPolicy({ connectSources: connectSourcesFor(signaling) });
    },
  });

  const windowStore = createJsonFileStore(path.join(userData, 'window-state.json'));
  const keeper = createWindowStateKeeper({
    store: windowStore,
    onError: (error) => logger.warn({ err: error }, 'could not save the window state'),
  });
  const openWindow = async (): Promise<void> => {
    const window = createMainWindow({
      preloadPath: path.join(here, '../preload/index.cjs'),
      restored: restoreWindowState(await windowStore.read(), workAreas()),
      devTools: entry.development,
      darkBackground: nativeTheme.shouldUseDarkColors,
    });
    keeper.track(window);
    // A failed load leaves the window open and is logged; quitting would hide the cause from the user.
    window
      .loadURL(entry.url)
      .catch((error: unknown) => logger.error({ err: error }, 'could not load the app'));
  };

  // macOS: clicking the dock icon with no window open opens one again.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      openWindow().catch((error: unknown) => logger.error({ err: error }, 'could not open the window'));
    }
  });
  // The last window-state write is asynchronous; hold the quit until it has landed.
  let stateSaved = false;
  app.on('will-quit', (event) => {
    if (stateSaved) {
      return;
    }
    event.preventDefault();
    void keeper.flush().finally(() => {
      stateSaved = true;
      app.quit();
    });
  });
  await openWindow();
};

const main = (): void => {
  const logger: Logger = pino({ name: 'parley-main' });
  const entry = resolveEntry();

  // Both must happen before 'ready': every renderer sandboxed, app:// a privileged standard scheme.
  app.enableSandbox();
  registerAppScheme(protocol);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (process.platform === 'win32') {
    app.setAppUserModelId(APP_USER_MODEL_ID);
  }
  // Development runs would register the bare Electron binary as the handler; installers register it as well.
  if (app.isPackaged) {
    app.setAsDefaultProtocolClient(LINK_SCHEME);
  }
  // A second launch or a parley:// link (argv on Windows and Linux, 'open-url' on macOS) focuses the running
  // instance; links carry no action yet.
  app.on('second-instance', () => focusWindow(BrowserWindow.getAllWindows()[0]));
  app.on('open-url', (event) => {
    event.preventDefault();
    focusWindow(BrowserWindow.getAllWindows()[0]);
  });

  app.on('web-contents-created', (_event, contents) => {
    guardNavigation(contents, {
      appOrigin: entry.origin,
      openExternal: (url) => shell.openExternal(url),
      onOpenExternalError: (error) => logger.warn({ err: error }, 'could not open a link externally'),
    });
  });
  // Windows and Linux quit with their last window; macOS apps stay in the dock until quit explicitly.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') {
      app.quit();
    }
  });

  app
    .whenReady()
    .then(() => start(logger, entry))
    .catch((error: unknown) => {
      logger.error({ err: error }, 'startup failed');
      app.exit(1);
    });
};

main();
