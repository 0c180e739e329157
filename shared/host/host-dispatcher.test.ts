import { describe, expect, it, vi } from 'vitest';
import { webcrypto } from 'node:crypto';
import type { IdentityCryptoPort } from '../identity/identity-crypto-port';
import { createMemoryHostPorts } from '../testing/memory-host';
import { HOST_METHODS } from './host-contract';
import { createHostDispatcher } from './host-dispatcher';
import { createHostServices } from './host-services';

const makeServices = () =>
  createHostServices(createMemoryHostPorts(webcrypto as unknown as IdentityCryptoPort));

describe('host dispatcher', () => {
  it('implements every contract method', () => {
    expect(Object.keys(makeServices()).sort()).toEqual([...HOST_METHODS].sort());
  });

  it('refuses a method that is not in the contract', async () => {
    const dispatch = createHostDispatcher(makeServices(), { onInternalError: vi.fn() });
    expect(await dispatch('readPrivateKey', {})).toMatchObject({
      ok: false,
      error: { code: 'HOST_UNKNOWN_METHOD' },
    });
    expect(await dispatch('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'HOST_UNKNOWN_METHOD' },
    });
  });

  it('refuses invalid or extra arguments with a coded error naming the field', async () => {
    const dispatch = createHostDispatcher(makeServices(), { onInternalError: vi.fn() });
    const blank = await dispatch('createIdentity', { displayName: '   ' });
    expect(blank).toMatchObject({ ok: false, error: { code: 'HOST_INVALID_ARGUMENTS' } });
    expect(!blank.ok && blank.error.message).toContain('displayName');
    const extra = await dispatch('getSettings', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'HOST_INVALID_ARGUMENTS' } });
    const wrongType = await dispatch('updateSettings', { signalingUrl: 'http://example.invalid' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'HOST_INVALID_ARGUMENTS' } });
  });

  it('refuses passphrases too short to choose, and backups too large to read, naming the field', async () => {
    const dispatch = createHostDispatcher(makeServices(), { onInternalError: vi.fn() });
    const cases = [
      ['createIdentity', { displayName: 'Ada', passphrase: 'short' }, 'passphrase'],
      ['exportIdentityBackup', { passphrase: '1234567' }, 'passphrase'],
      ['unlockIdentity', { passphrase: '' }, 'passphrase'],
      ['restoreIdentityBackup', { backup: 'x'.repeat(40_000), passphrase: 'p' }, 'backup'],
      ['restoreIdentityBackup', { backup: '{}', passphrase: 'p', replace: 'yes' }, 'replace'],
    ] as const;
    for (const [method, args, field] of cases) {
      const refused = await dispatch(method, args);
      expect(refused).toMatchObject({ ok: false, error: { code: 'HOST_INVALID_ARGUMENTS' } });
      expect(!refused.ok && refused.error.message).toContain(field);
    }
  });

  it('refuses base64 arguments that do not decode, naming the field', async () => {
    const dispatch = createHostDispatcher(makeServices(), { onInternalError: vi.fn() });
    await dispatch('createIdentity', { displayName: 'Ada' });
    for (const nonce of ['abc', 'abcde===', 'ab=c']) {
      const refused = await dispatch('signSignalingChallenge', {
        serverId: 'server',
        realm: 'default',
        nonce,
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'HOST_INVALID_ARGUMENTS' } });
      expect(!refused.ok && refused.error.message).toContain('nonce');
    }
    const signed = await dispatch('signSignalingChallenge', {
      serverId: 'server',
      realm: 'default',
      nonce: 'AAECAw==',
    });
    expect(signed).toMatchObject({ ok: true });
  });

  it('renames the identity, refusing a blank or overlong name without changing it', async () => {
    const dispatch = createHostDispatcher(makeServices(), { onInternalError: vi.fn() });
    expect(await dispatch('renameIdentity', { displayName: 'Ada' })).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_MISSING' },
    });
    const created = await dispatch('createIdentity', { displayName: 'Ada' });
    for (const displayName of ['  ', 'x'.repeat(65)]) {
      const refused = await dispatch('renameIdentity', { displayName });
      expect(refused).toMatchObject({ ok: false, error: { code: 'HOST_INVALID_ARGUMENTS' } });
      expect(!refused.ok && refused.error.message).toContain('displayName');
    }
    expect(await dispatch('getIdentity', {})).toEqual(created);
    const renamed = await dispatch('renameIdentity', { displayName: ' Ada Lovelace ' });
    expect(renamed).toMatchObject({ ok: true, value: { displayName: 'Ada Lovelace' } });
    const peerIdOf = (result: typeof created) =>
      result.ok ? (result.value as { peerId: string }).peerId : null;
    expect(peerIdOf(renamed)).toBe(peerIdOf(created));
    expect(await dispatch('getIdentity', {})).toEqual(renamed);
  });

  it('leaves stored state untouched when arguments are invalid', async () => {
    const services = makeServices();
    const dispatch = createHostDispatcher(services, { onInternalError: vi.fn() });
    await dispatch('updateSettings', { theme: 'neon' });
    expect(await dispatch('getSettings', {})).toMatchObject({ ok: true, value: { theme: 'system' } });
  });

  it('turns an unexpected exception into HOST_INTERNAL and reports it', async () => {
    const onInternalError = vi.fn();
    const services = { ...makeServices(), getAppInfo: () => Promise.reject(new Error('disk on fire')) };
    const dispatch = createHostDispatcher(services, { onInternalError });
    expect(await dispatch('getAppInfo', {})).toMatchObject({ ok: false, error: { code: 'HOST_INTERNAL' } });
    expect(onInternalError).toHaveBeenCalledWith('getAppInfo', expect.any(Error));
  });

  it('passes validated arguments through', async () => {
    const dispatch = createHostDispatcher(makeServices(), { onInternalError: vi.fn() });
    expect(await dispatch('updateSettings', { theme: 'dark' })).toMatchObject({
      ok: true,
      value: { theme: 'dark' },
    });
    expect(await dispatch('showNotification', { title: 'Hi', body: 'there' })).toEqual({
      ok: true,
      value: { shown: true },
    });
  });

  it('hands notifications about a conversation, and the unread count, to the host', async () => {
    const shown: unknown[] = [];
    const badges: number[] = [];
    const services = createHostServices(
      createMemoryHostPorts(webcrypto as unknown as IdentityCryptoPort, {
        notifier: { show: (notification) => Promise.resolve(shown.push(notification) > 0) },
        unreadBadge: (count) => badges.push(count),
      }),
    );
    const dispatch = createHostDispatcher(services, { onInternalError: vi.fn() });
    const peerId = 'b'.repeat(32);
    expect(await dispatch('showNotification', { title: 'Bob', body: 'hi', peerId })).toEqual({
      ok: true,
      value: { shown: true },
    });
    expect(shown).toEqual([{ title: 'Bob', body: 'hi', peerId }]);
    // Off in the settings: nothing is shown.
    await dispatch('updateSettings', { notifications: false });
    expect(await dispatch('showNotification', { title: 'Bob', body: 'again' })).toEqual({
      ok: true,
      value: { shown: false },
    });
    expect(await dispatch('setUnreadCount', { count: 3 })).toEqual({ ok: true, value: {} });
    expect(await dispatch('setUnreadCount', { count: -1 })).toMatchObject({
      error: { code: 'HOST_INVALID_ARGUMENTS' },
    });
    expect(badges).toEqual([3]);
  });
});
