// The settings a fresh Electron install starts with; PARLEY_SIGNALING_URL points it at another signaling server.
import { SettingsSchema, SignalingUrlSchema, type Settings } from '../../shared/settings/settings-schema';

export const DEFAULT_SIGNALING_URL = 'ws://127.0.0.1:7420/signal';

export interface DefaultSettingsResult {
  readonly settings: Settings;
  /** Set when the environment asked for something unusable and the default was used instead. */
  readonly warning: string | null;
}

export const defaultSettingsFrom = (
  env: Readonly<Record<string, string | undefined>>,
): DefaultSettingsResult => {
  const requested = env['PARLEY_SIGNALING_URL']?.trim();
  const parsed = requested ? SignalingUrlSchema.safeParse(requested) : null;
  const settings = SettingsSchema.parse({
    signalingUrl: parsed?.success ? parsed.data : DEFAULT_SIGNALING_URL,
    theme: 'system',
    notifications: true,
    iceServers: [],
  });
  const warning =
    parsed && !parsed.success
      ? `PARLEY_SIGNALING_URL is not a ws:// or wss:// URL; using ${DEFAULT_SIGNALING_URL}`
      : null;
  return { settings, warning };
};
