// The identity journeys through the host contract, on the real file vault: a desktop without an OS keychain
// (passphrase at rest, locked after a restart), and moving an identity to another desktop with a backup file.
import { webcrypto } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentitySummary } from '../../shared/host/host-contract';
import { createHostDispatcher, type HostDispatch } from '../../shared/host/host-dispatcher';
import { createHostServices } from '../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../shared/identity/identity-crypto-port';
import { createMemoryHostPorts } from '../../shared/testing/memory-host';
import { createPassphraseCipher } from './passphrase-cipher';
import { createSafeStorageIdentityVault, type StringCipher } from './safe-storage-identity-vault';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const passphrases = createPassphraseCipher({ dangerousTestOnlyScryptCost: 2 ** 10 });

const keychain = (available: boolean): StringCipher => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain) => Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x33),
  decryptString: (encrypted) => Buffer.from(encrypted.map((byte) => byte ^ 0x33)).toString('utf8'),
});

/** One app start: fresh services over the vault file, as after a restart. */
const startApp = (filePath: string, hasKeychain: boolean): HostDispatch =>
  createHostDispatcher(
    createHostServices(
      createMemoryHostPorts(crypto, {
        identityVault: createSafeStorageIdentityVault({
          filePath,
          cipher: keychain(hasKeychain),
          passphrases,
          crypto,
        }),
      }),
    ),
    { onInternalError: () => undefined },
  );

describe('identity through the host contract, on the desktop vault', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-identity-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without a keychain: asks for a passphrase, then unlocks with it after every restart', async () => {
    const filePath = path.join(dir, 'no-keychain.vault');
    const first = startApp(filePath, false);
    expect(await first('getVaultStatus', {})).toEqual({
      ok: true,
      value: { state: 'empty', protection: 'passphrase' },
    });
    expect(await first('createIdentity', { displayName: 'Ada' })).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_PASSPHRASE_REQUIRED' },
    });
    expect(await first('createIdentity', { displayName: 'Ada', passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'HOST_INVALID_ARGUMENTS' },
    });
    const created = await first('createIdentity', { displayName: 'Ada', passphrase: 'open sesame' });
    expect(created).toMatchObject({ ok: true, value: { displayName: 'Ada' } });

    const restarted = startApp(filePath, false);
    expect(await restarted('getVaultStatus', {})).toEqual({
      ok: true,
      value: { state: 'locked', protection: 'passphrase' },
    });
    expect(await restarted('getIdentity', {})).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_LOCKED' },
    });
    expect(
      await restarted('signSignalingChallenge', { serverId: 's', realm: 'default', nonce: 'AAAA' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_LOCKED' },
    });
    expect(
      await restarted('createIdentity', { displayName: 'Eve', passphrase: 'open sesame' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_EXISTS' },
    });
    expect(await restarted('unlockIdentity', { passphrase: 'open sesame?' })).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_WRONG_PASSPHRASE' },
    });
    expect(await restarted('unlockIdentity', { passphrase: 'open sesame' })).toEqual(created);
    expect(await restarted('getIdentity', {})).toEqual(created);
  });

  it('moves an identity to another desktop with a backup, and leaves it alone on a wrong passphrase', async () => {
    const laptop = startApp(path.join(dir, 'laptop.vault'), true);
    const created = await laptop('createIdentity', { displayName: 'Ada' });
    const exported = await laptop('exportIdentityBackup', { passphrase: 'backup passphrase' });
    if (!exported.ok || !created.ok) {
      throw new Error('setup failed');
    }
    const { backup } = exported.value as { backup: string };

    const desktopPath = path.join(dir, 'desktop.vault');
    const desktop = startApp(desktopPath, false);
    const existing = await desktop('createIdentity', {
      displayName: 'Bea',
      passphrase: 'desktop passphrase',
    });
    const before = await readFile(desktopPath);
    expect(await desktop('restoreIdentityBackup', { backup, passphrase: 'backup passphrase' })).toMatchObject(
      {
        ok: false,
        error: { code: 'IDENTITY_EXISTS' },
      },
    );
    const attempts = [
      { backup, passphrase: 'wrong passphrase', replace: true, code: 'IDENTITY_WRONG_PASSPHRASE' },
      {
        backup: backup.replace('parley-identity-backup', 'x'),
        passphrase: 'backup passphrase',
        replace: true,
        code: 'IDENTITY_BACKUP_INVALID',
      },
    ];
    for (const { code, ...args } of attempts) {
      expect(await desktop('restoreIdentityBackup', args)).toMatchObject({ ok: false, error: { code } });
    }
    expect(await readFile(desktopPath)).toEqual(before);
    expect(await desktop('getIdentity', {})).toEqual(existing);

    const restored = await desktop('restoreIdentityBackup', {
      backup,
      passphrase: 'backup passphrase',
      replace: true,
    });
    // The same identity; only the certificate is new (RSA-PSS is randomized), certifying the same keys.
    const { certificate: _certificate, ...keys } = (created.value as IdentitySummary).keyBundle;
    expect(restored).toMatchObject({
      ok: true,
      value: { ...(created.value as IdentitySummary), keyBundle: keys },
    });
    // Replaced under the desktop's own vault passphrase, which it already held.
    const restarted = startApp(desktopPath, false);
    expect(await restarted('unlockIdentity', { passphrase: 'desktop passphrase' })).toEqual(restored);
  });
});
