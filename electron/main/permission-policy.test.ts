import { describe, expect, it } from 'vitest';
import { GRANTED_PERMISSIONS, isPermissionGranted } from './permission-policy';

const APP = 'app://parley';
const FROM_APP = 'app://parley/index.html';
const ask = (permission: string, requestingUrl: string | undefined = FROM_APP, isMainFrame = true) =>
  isPermissionGranted({ permission, requestingUrl, isMainFrame }, APP);

describe('isPermissionGranted', () => {
  it('grants exactly notifications and sanitized clipboard writes', () => {
    expect([...GRANTED_PERMISSIONS].sort()).toEqual(['clipboard-sanitized-write', 'notifications']);
    expect(ask('notifications')).toBe(true);
    expect(ask('clipboard-sanitized-write')).toBe(true);
  });

  it.each([
    'media',
    'geolocation',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'hid',
    'serial',
    'usb',
    'unknown',
  ])('denies %s even to the app', (permission) => {
    expect(ask(permission)).toBe(false);
  });

  it('grants the camera alone (QR scanning), never the microphone', () => {
    const media = (mediaTypes: string[] | undefined, requestingUrl = FROM_APP) =>
      isPermissionGranted(
        { permission: 'media', requestingUrl, isMainFrame: true, ...(mediaTypes ? { mediaTypes } : {}) },
        APP,
      );
    expect(media(['video'])).toBe(true);
    expect(media(['audio'])).toBe(false);
    expect(media(['video', 'audio'])).toBe(false);
    expect(media([])).toBe(false);
    expect(media(undefined)).toBe(false);
    expect(media(['video'], 'https://evil.example/')).toBe(false);
  });

  it('accepts the bare origin that check handlers receive', () => {
    expect(ask('notifications', 'app://parley')).toBe(true);
  });

  it('denies other origins and a missing origin', () => {
    expect(ask('notifications', 'https://example.org/')).toBe(false);
    expect(ask('notifications', 'app://evil/')).toBe(false);
    expect(ask('notifications', '')).toBe(false);
    expect(
      isPermissionGranted({ permission: 'notifications', requestingUrl: undefined, isMainFrame: true }, APP),
    ).toBe(false);
  });

  it('denies sub-frames, even on the app origin', () => {
    expect(ask('notifications', 'app://parley/index.html', false)).toBe(false);
  });
});
