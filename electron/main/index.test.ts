// Runs the composition root against a stand-in for the electron module (the real binary cannot start here) and
// checks the wiring end to end: pre-ready security setup, IPC, the window, the vault and the window state.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HOST_METHODS, hostChannel } from '../../shared/host/host-contract';

type Listener = (event: unknown, args: unknown) => Promise<unknown>;
type Options = { webPreferences: Record<string, unknown> } & Record<string, unknown>;

const fake = vi.hoisted(() => ({
  userData: '',
  steps: [] as string[],
  channels: new Map<string, Listener>(),
  schemes: [] as string[],
  windows: [] as {
    options: Options;
    url?: string;
    emit: (event: string) => boolean;
    webContents: { sent: [string, unknown][] };
  }[],
  menu: null as unknown[] | null,
  trayTooltips: [] as string[],
  badges: [] as number[],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const xor = (bytes: Uint8Array) => Buffer.from(bytes.map((byte) => byte ^ 0x77));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    enableSandbox: () => fake.steps.push('enableSandbox'),
    requestSingleInstanceLock: () => true,
    setAppUserModelId: () => undefined,
    setAsDefaultProtocolClient: () => fake.steps.push('setAsDefaultProtocolClient'),
    whenReady: () => (fake.steps.push('whenReady'), Promise.resolve()),
    getPath: () => fake.userData,
    getName: () => 'Parley',
    getVersion: () => '9.9.9',
    quit: () => undefined,
    exit: () => undefined,
    setBadgeCount: (count: number) => fake.badges.push(count),
  });
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => fake.windows;
    url?: string;
    constructor(readonly options: Options) {
      super();
      fake.windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    getNormalBounds = () => ({ x: 40, y: 50, width: 900, height: 650 });
    isMaximized = () => false;
    isMinimized = () => false;
    isDestroyed = () => false;
    restore = () => undefined;
    show = () => undefined;
    focus = () => undefined;
    webContents = {
      sent: [] as [string, unknown][],
      isLoading: () => false,
      send(channel: string, data: unknown) {
        this.sent.push([channel, data]);
      },
      once: () => undefined,
    };
  }
  class Tray extends EventEmitter {
    setToolTip = (text: string) => fake.trayTooltips.push(text);
    setContextMenu = () => undefined;
  }
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel: string, listener: Listener) => fake.channels.set(channel, listener) },
    nativeTheme: { shouldUseDarkColors: false },
    nativeImage: { createFromPath: () => ({ resize: () => ({}) }) },
    Menu: {
      buildFromTemplate: (template: unknown[]) => template,
      setApplicationMenu: (menu: unknown[]) => (fake.menu = menu),
    },
    Tray,
    Notification: class {
      static isSupported = () => false;
      show = () => undefined;
    },
    protocol: {
      registerSchemesAsPrivileged: () => fake.steps.push('registerSchemesAsPrivileged'),
      handle: (scheme: string) => fake.schemes.push(scheme),
    },
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(true),
      encryptStringAsync: (text: string) => Promise.resolve(xor(Buffer.from(text))),
      decryptStringAsync: (data: Buffer) =>
        Promise.resolve({ result: xor(data).toString(), shouldReEncrypt: false }),
      getSelectedStorageBackend: () => 'gnome_libsecret',
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn() },
  };
});

const fromApp = { senderFrame: { url: 'app://parley/index.html', parent: null } };
const call = (method: (typeof HOST_METHODS)[number], args: unknown, event: unknown = fromApp) => {
  const listener = fake.channels.get(hostChannel(method));
  if (!listener) {
    throw new Error(`no channel for ${method}`);
  }
  return listener(event, args);
};

describe('the Electron composition root', () => {
  beforeAll(async () => {
    fake.userData = mkdtempSync(path.join(tmpdir(), 'parley-main-'));
    vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
    vi.stubEnv('PARLEY_SIGNALING_URL', 'wss://signal.example/ws');
    await import('./index');
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(fake.userData, { recursive: true, force: true });
  });

  it('sandboxes every renderer and registers app:// before waiting for ready', () => {
    expect(fake.steps.slice(0, 3)).toEqual(['enableSandbox', 'registerSchemesAsPrivileged', 'whenReady']);
    expect(fake.schemes).toEqual(['app']);
  });

  it('does not register parley:// from an unpackaged run', () => {
    expect(fake.steps).not.toContain('setAsDefaultProtocolClient');
  });

  it('registers every host channel and answers only the app main frame', async () => {
    expect([...fake.channels.keys()].sort()).toEqual(HOST_METHODS.map(hostChannel).sort());
    expect(await call('getAppInfo', {})).toEqual({
      ok: true,
      value: { name: 'Parley', version: '9.9.9', host: 'electron', platform: process.platform },
    });
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await call('getAppInfo', {}, foreign)).toMatchObject({ error: { code: 'HOST_FORBIDDEN_SENDER' } });
  });

  it('opens the app:// entry in a sandboxed window with the bundled CommonJS preload', () => {
    const [window] = fake.windows;
    expect(window?.url).toBe('app://parley/index.html');
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(window?.options.webPreferences['preload']).toMatch(/[/\\]preload[/\\]index\.cjs$/);
  });

  it('takes the default signaling server from PARLEY_SIGNALING_URL', async () => {
    expect(await call('getSettings', {})).toEqual({
      ok: true,
      value: {
        signalingUrl: 'wss://signal.example/ws',
        theme: 'system',
        notifications: true,
        iceServers: [],
      },
    });
  });

  it('creates an identity into an encrypted vault under userData', async () => {
    expect(await call('createIdentity', { displayName: 'Ada' })).toMatchObject({ ok: true });
    expect(await call('getIdentity', {})).toMatchObject({ ok: true, value: { displayName: 'Ada' } });
    const vault = readFileSync(path.join(fake.userData, 'identity.vault'), 'utf8');
    expect(JSON.parse(vault)).toMatchObject({ v: 2, cipher: 'safe-storage' });
    expect(await call('getVaultStatus', {})).toEqual({
      ok: true,
      value: { state: 'unlocked', protection: 'os-keychain' },
    });
    // Quoted, as a JSON field would be: three random base64 characters may spell "Ada" by chance.
    expect(vault).not.toContain('"Ada"');
  }, 30_000);

  it('saves the window bounds when the window closes', async () => {
    fake.windows[0]?.emit('close');
    await vi.waitFor(() => {
      const saved = JSON.parse(
        readFileSync(path.join(fake.userData, 'window-state.json'), 'utf8'),
      ) as unknown;
      expect(saved).toEqual({ x: 40, y: 50, width: 900, height: 650, maximized: false });
    });
  });

  it('sets the menu bar, whose commands reach the page as host events', async () => {
    await vi.waitFor(() => expect(fake.menu).not.toBeNull());
    type Item = { accelerator?: string; click?: () => void; submenu?: Item[] };
    const items = (menu: Item[]): Item[] => menu.flatMap((item) => [item, ...items(item.submenu ?? [])]);
    items(fake.menu as Item[])
      .find((item) => item.accelerator === 'CmdOrCtrl+K')
      ?.click?.();
    expect(fake.windows[0]?.webContents.sent.at(-1)).toEqual([
      'parley:host-event',
      { type: 'command', command: 'quick-switcher' },
    ]);
  });

  it('opens a parley:// link from a second launch in the running window', async () => {
    const { app } = await import('electron');
    const link = `parley://add/${'a'.repeat(32)}`;
    app.emit('second-instance', {}, ['/opt/Parley/parley', link]);
    expect(fake.windows[0]?.webContents.sent.at(-1)).toEqual([
      'parley:host-event',
      { type: 'open-link', url: link },
    ]);
  });

  it('shows the unread count on the badge and the tray', async () => {
    expect(await call('setUnreadCount', { count: 4 })).toEqual({ ok: true, value: {} });
    expect(fake.badges).toEqual([4]);
    expect(fake.trayTooltips.at(-1)).toBe('Parley — 4 unread messages');
  });
});
