// Composition root of the Electron main process: builds every adapter with plain factories and wires the app's
// lifecycle (single instance, app:// protocol, security handlers, host IPC, the window). Everything else receives.
import { webcrypto } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
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
import { buildMenuTemplate } from './app-menu';
import { linkFromArgv, LINK_SCHEME } from './deep-links';
import { createElectronNotifier } from './electron-notifier';
import { createHostEventChannel, type HostEventChannel } from './host-event-channel';
import { buildTrayMenuTemplate, trayIconPath, trayTooltip } from './tray';
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

/** The desktop's places for the unread count: the dock or taskbar badge, and the tray icon with its menu. */
const createTray = (here: string, openOrFocus: () => void): ((count: number) => void) => {
  const icon = nativeImage
    .createFromPath(
      trayIconPath({
        packaged: app.isPackaged,
        resourcesPath: process.resourcesPath,
        appRoot: path.join(here, '../..'),
        join: (...parts) => path.join(...parts),
      }),
    )
    .resize({ width: 16, height: 16 });
  const tray = new Tray(icon);
  tray.setToolTip(trayTooltip(0));
  tray.setContextMenu(
    Menu.buildFromTemplate(buildTrayMenuTemplate({ show: openOrFocus, quit: () => app.quit() })),
  );
  tray.on('click', openOrFocus);
  return (count) => {
    app.setBadgeCount(count);
    tray.setToolTip(trayTooltip(count));
  };
};

/** Brings the main window forward, opening one if there is none (macOS keeps running without); set once ready. */
let showMainWindow: (() => void) | null = null;

const start = async (logger: Logger, entry: Entry, events: HostEventChannel): Promise<void> => {
  const { emit } = events;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const userData = app.getPath('userData');
  const crypto = webcrypto as unknown as IdentityCryptoPort;
  // Bound once the window exists (the tray's "show" opens or focuses it).
  let showUnread: (count: number) => void = () => undefined;
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
    notifier: createElectronNotifier(Notification, emit),
    unreadBadge: (count) => showUnread(count),
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
    // The page is loading now: what waited for a window is delivered once it has loaded.
    events.deliverPending();
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
  const openOrFocus = () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window) {
      focusWindow(window);
    } else {
      openWindow().catch((error: unknown) => logger.error({ err: error }, 'could not open the window'));
    }
  };
  // A link, a notification's click or a menu command with every window closed opens one (it gets the event).
  showMainWindow = openOrFocus;
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        command: (command) => emit({ type: 'command', command }),
      }),
    ),
  );
  try {
    showUnread = createTray(here, openOrFocus);
  } catch (error) {
    // Some Linux desktops have no tray; the app works without it.
    logger.warn({ err: error }, 'no tray icon');
  }
  // A parley:// link that launched the app waits for the page (createHostEventChannel holds it).
  const launchLink = linkFromArgv(process.argv);
  if (launchLink) {
    emit({ type: 'open-link', url: launchLink });
  }
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
  // Host events go to the main window's page, held until it has loaded; each brings the window forward.
  const events = createHostEventChannel({
    target: () => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      return contents
        ? {
            id: contents.id,
            isLoading: () => contents.isLoading(),
            send: (channel, event) => contents.send(channel, event),
            once: (_event, listener) => contents.once('did-finish-load', listener),
          }
        : null;
    },
    focus: () => (showMainWindow ? showMainWindow() : focusWindow(BrowserWindow.getAllWindows()[0])),
  });
  // A second launch focuses the running instance, and a parley:// link (argv on Windows and Linux, 'open-url'
  // on macOS) opens there, as an invite to confirm.
  app.on('second-instance', (_event, argv) => {
    const link = linkFromArgv(argv);
    if (link) {
      events.emit({ type: 'open-link', url: link });
    } else {
      focusWindow(BrowserWindow.getAllWindows()[0]);
    }
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    events.emit({ type: 'open-link', url });
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
    .then(() => start(logger, entry, events))
    .catch((error: unknown) => {
      logger.error({ err: error }, 'startup failed');
      app.exit(1);
    });
};

main();
