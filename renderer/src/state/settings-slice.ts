// The settings domain of the app store: what the host keeps (signaling server, theme, notifications), the
// settings view, and the identity backup. Every change goes through the host, which validates it.
import type { HostApi, HostValue } from '../../../shared/host/host-contract';
import type { Settings, SettingsPatch } from '../../../shared/settings/settings-schema';

export interface SettingsSlice {
  readonly settings: Settings | null;
  /** Name, version and host of the app, for About. */
  readonly appInfo: HostValue<'getAppInfo'> | null;
  readonly loadAppInfo: () => Promise<void>;
  /** What the main area shows: the open conversation (or none), or the settings. */
  readonly view: 'chats' | 'settings';
  readonly openSettings: () => void;
  /** The Ctrl/Cmd+K switcher (opened by the shortcut or the desktop menu). */
  readonly quickSwitcherOpen: boolean;
  readonly setQuickSwitcherOpen: (open: boolean) => void;
  readonly closeSettings: () => void;
  readonly loadSettings: () => Promise<Settings | null>;
  /** Saves a change; resolves to the error message, or null once saved. */
  readonly updateSettings: (patch: SettingsPatch) => Promise<string | null>;
  /** The identity backup file's text, encrypted under `passphrase`; or the error. */
  readonly exportBackup: (passphrase: string) => Promise<{ backup: string } | { error: string }>;
}

type SetSettings = (partial: Partial<SettingsSlice>) => void;

export const createSettingsSlice = (
  set: SetSettings,
  get: () => SettingsSlice,
  host: HostApi,
): SettingsSlice => ({
  settings: null,
  appInfo: null,
  view: 'chats',

  async loadAppInfo() {
    const info = await host.getAppInfo({});
    if (info.ok) {
      set({ appInfo: info.value });
    }
  },
  openSettings: () => set({ view: 'settings' }),
  quickSwitcherOpen: false,
  setQuickSwitcherOpen: (open) => set({ quickSwitcherOpen: open }),
  closeSettings: () => set({ view: 'chats' }),

  async loadSettings() {
    const settings = await host.getSettings({});
    if (!settings.ok) {
      return null;
    }
    set({ settings: settings.value });
    return settings.value;
  },

  async updateSettings(patch) {
    // Shown at once (a control must not spring back while the host saves), undone if the host refuses.
    const before = get().settings;
    if (before) {
      set({ settings: { ...before, ...patch } });
    }
    const updated = await host.updateSettings(patch);
    if (!updated.ok) {
      set({ settings: before });
      return updated.error.message;
    }
    set({ settings: updated.value });
    return null;
  },

  async exportBackup(passphrase) {
    const exported = await host.exportIdentityBackup({ passphrase });
    return exported.ok ? { backup: exported.value.backup } : { error: exported.error.message };
  },
});
