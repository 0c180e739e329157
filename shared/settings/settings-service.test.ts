import { describe, expect, it } from 'vitest';
import { createMemoryDocumentStore } from '../testing/memory-ports';
import { SettingsPatchSchema, SettingsUpdateSchema, type Settings } from './settings-schema';
import { createSettingsService } from './settings-service';

const defaults: Settings = {
  signalingUrl: 'ws://127.0.0.1:7420/signal',
  theme: 'system',
  notifications: true,
  iceServers: [],
};

describe('settings service', () => {
  it('returns the defaults until the user chooses otherwise', async () => {
    const service = createSettingsService({ store: createMemoryDocumentStore(), defaults });
    expect(await service.get()).toEqual({ ok: true, value: defaults });
  });

  it('keeps the user choices and lets new defaults apply to everything else', async () => {
    const store = createMemoryDocumentStore();
    await createSettingsService({ store, defaults }).update({ theme: 'dark' });
    const moved = { ...defaults, signalingUrl: 'ws://127.0.0.1:40000/signal' };
    expect(await createSettingsService({ store, defaults: moved }).get()).toEqual({
      ok: true,
      value: { ...moved, theme: 'dark' },
    });
    expect(await store.read()).toEqual({ theme: 'dark' });
  });

  it('lets the user choose a signaling server by name or IPv4 address only, so its origin fits the CSP of the app', () => {
    for (const url of [
      'ws://127.0.0.1:7420/signal',
      'wss://signal.example.org/signal',
      'wss://a-b.example:8443',
    ]) {
      expect(SettingsUpdateSchema.safeParse({ signalingUrl: url }).success).toBe(true);
    }
    for (const url of [
      'wss://signal.example%3Bsandbox/signal',
      'wss://signal.example;sandbox/signal',
      'wss://a.example,b.example/',
      'wss://*/signal',
      'ws://[::1]:7420/signal',
      'wss://user@signal.example/',
      'https://signal.example/',
    ]) {
      expect(SettingsUpdateSchema.safeParse({ signalingUrl: url }).success).toBe(false);
    }
  });

  it('keeps stored choices an older version allowed, and drops only a choice that no longer fits', async () => {
    const older = { signalingUrl: 'ws://[::1]:7420/signal', theme: 'dark', retentionDays: 7 };
    const service = createSettingsService({ store: createMemoryDocumentStore(older), defaults });
    expect(await service.get()).toEqual({ ok: true, value: { ...defaults, ...older } });
    const damaged = createMemoryDocumentStore({ theme: 'neon', retentionDays: 30, notifications: false });
    expect(await createSettingsService({ store: damaged, defaults }).get()).toEqual({
      ok: true,
      value: { ...defaults, retentionDays: 30, notifications: false },
    });
  });

  it('treats damaged stored data as no choices', async () => {
    const store = createMemoryDocumentStore({ theme: 'neon', notifications: 'sometimes' });
    expect(await createSettingsService({ store, defaults }).get()).toEqual({ ok: true, value: defaults });
  });

  it('keeps the user’s own STUN/TURN servers, and refuses addresses that are not STUN or TURN', async () => {
    const service = createSettingsService({ store: createMemoryDocumentStore(), defaults });
    const turn = { urls: 'turn:turn.example.org:3478', username: 'ana', credential: 'secret' };
    expect(await service.update({ iceServers: [turn, { urls: ['stun:stun.example.org'] }] })).toMatchObject({
      ok: true,
      value: { iceServers: [turn, { urls: ['stun:stun.example.org'] }] },
    });
    expect(
      SettingsPatchSchema.safeParse({ iceServers: [{ urls: 'https://turn.example.org' }] }).success,
    ).toBe(false);
  });
});
