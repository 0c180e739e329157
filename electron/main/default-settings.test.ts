import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNALING_URL, defaultSettingsFrom } from './default-settings';

describe('defaultSettingsFrom', () => {
  it('uses the local signaling server, the system theme and notifications by default', () => {
    expect(defaultSettingsFrom({})).toEqual({
      settings: {
        signalingUrl: 'ws://127.0.0.1:7420/signal',
        theme: 'system',
        notifications: true,
        iceServers: [],
      },
      warning: null,
    });
  });

  it('takes the signaling server from PARLEY_SIGNALING_URL', () => {
    const { settings, warning } = defaultSettingsFrom({ PARLEY_SIGNALING_URL: ' wss://signal.example/ws ' });
    expect(settings.signalingUrl).toBe('wss://signal.example/ws');
    expect(warning).toBeNull();
  });

  it('ignores an empty variable', () => {
    expect(defaultSettingsFrom({ PARLEY_SIGNALING_URL: '' }).settings.signalingUrl).toBe(
      DEFAULT_SIGNALING_URL,
    );
  });

  it('falls back to the default, with a warning, for a URL that is not a WebSocket URL', () => {
    const { settings, warning } = defaultSettingsFrom({ PARLEY_SIGNALING_URL: 'https://signal.example' });
    expect(settings.signalingUrl).toBe(DEFAULT_SIGNALING_URL);
    expect(warning).toMatch(/PARLEY_SIGNALING_URL/);
  });
});
