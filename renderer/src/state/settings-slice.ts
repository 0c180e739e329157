// The settings domain of the app store: what the host keeps (signaling server, theme, notifications), the
// settings view, the display name and the identity backup. Every change goes through the host, which validates it.
import {
  DisplayNameSchema,
  type HostApi,
  type HostValue,
  type IdentitySummary,
} from '../../../shared/host/host-contract';
import type { Messenger } from '../../../shared/messaging/messenger';
import type { Settings, SettingsPatch } from '../../../shared/settings/settings-schema';

/** How a rename went: saved and sent to `announced` contacts, or what went wrong. */
export type RenameOutcome =
  | { readonly ok: true; readonly displayName: string; readonly announced: number }
  | { readonly ok: false; readonly error: string };

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
  /**
   * Renames the identity on the host, then has the running messenger introduce us by the new name and send it
   * to every contact who knows us (delivered like any message, whenever they are next reachable).
   */
  readonly renameIdentity: (displayName: string) => Promise<RenameOutcome>;
}

/** What the slice needs from the rest of the store. */
export interface SettingsSliceContext {
  readonly host: HostApi;
  /** Replaces the identity the app shows once the host has renamed it. */
  readonly setIdentity: (identity: IdentitySummary) => void;
  /** The running messenger; null until the identity is online. */
  readonly messenger: () => Pick<Messenger, 'changeDisplayName'> | null;
}

type SetSettings = (partial: Partial<SettingsSlice>) => void;

export const createSettingsSlice = (
  set: SetSettings,
  get: () => SettingsSlice,
  { host, setIdentity, messenger }: SettingsSliceContext,
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

  async renameIdentity(displayName) {
    const name = DisplayNameSchema.safeParse(displayName);
    if (!name.success) {
      return { ok: false, error: 'Enter a name of 1 to 64 characters.' };
    }
    // Checked before the host is asked: a rename the contacts never hear of would leave the two sides apart.
    const running = messenger();
    if (!running) {
      return { ok: false, error: 'Parley is not online yet; try again in a moment.' };
    }
    const renamed = await host.renameIdentity({ displayName: name.data });
    if (!renamed.ok) {
      return { ok: false, error: renamed.error.message };
    }
    setIdentity(renamed.value);
    try {
      const queued = await running.changeDisplayName(renamed.value.displayName);
      return { ok: true, displayName: renamed.value.displayName, announced: queued.length };
    } catch (error) {
      return {
        ok: false,
        error: `Your name was changed here, but your contacts could not be told: ${String(error)}`,
      };
    }
  },
});
