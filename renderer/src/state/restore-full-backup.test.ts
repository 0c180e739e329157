// Restoring a full backup from onboarding, over the real host services (in memory): everything is checked before
// the host stores anything, so a wrong passphrase or a bad archive leaves no identity behind; a good file
// restores the identity and hands its validated archive to the messenger's start.
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealBackupBundle } from '../../../shared/backup/backup-bundle';
import { deriveHostApi } from '../../../shared/host/host-api';
import type { HostApi } from '../../../shared/host/host-contract';
import { createHostDispatcher } from '../../../shared/host/host-dispatcher';
import { createHostServices } from '../../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../../shared/identity/identity-crypto-port';
import { createMemoryHostPorts } from '../../../shared/testing/memory-host';
import type { ArchiveFileInput } from '../archive/transfer/archive-import';
import { streamGzip } from '../archive/transfer/gzip-streams';
import type { MessagingSession } from '../p2p/start-messaging';
import { createAppStore } from './app-store';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const PASSPHRASE = 'correct horse battery staple';
const BOB = 'b'.repeat(32);

const memoryHost = (): HostApi =>
  deriveHostApi(
    createHostDispatcher(createHostServices(createMemoryHostPorts(crypto)), {
      onInternalError: () => undefined,
    }),
  );

/** A fresh install: an empty host, and a record of what the messenger was started with. */
const freshInstall = () => {
  const host = memoryHost();
  const started: { restoreArchive?: ArchiveFileInput }[] = [];
  const store = createAppStore({
    host,
    startMessaging: (options) => {
      started.push(options);
      return Promise.resolve({ archive: {}, stop: () => Promise.resolve() } as unknown as MessagingSession);
    },
  });
  return { host, store, started };
};

/** Alice's full backup, made as the page makes one, with an archive owned by `owner` (hers by default). */
const aliceBackup = async (owner?: string) => {
  const host = memoryHost();
  const alice = await host.createIdentity({ displayName: 'Alice' });
  const identity = await host.exportIdentityBackup({ passphrase: PASSPHRASE });
  if (!alice.ok || !identity.ok) {
    throw new Error('no identity to back up');
  }
  const archive = {
    format: 'parley-archive',
    version: 1,
    owner: owner ?? alice.value.peerId,
    exportedAt: 1,
    contacts: [{ peer: BOB, state: 'accepted', displayName: 'Bob' }],
    messages: [],
  };
  const text = await sealBackupBundle(crypto, streamGzip, {
    identityBackup: identity.value.backup,
    archiveJson: JSON.stringify(archive),
    createdAt: 1,
    passphrase: PASSPHRASE,
  });
  return { peerId: alice.value.peerId, text };
};

describe('restoring a full backup on a fresh install', () => {
  it('changes nothing for a wrong passphrase or another identity’s archive, then restores identity and archive', async () => {
    const backup = await aliceBackup();
    const { host, store, started } = freshInstall();
    await store.getState().load();

    await store.getState().restoreIdentity(backup.text, 'not the passphrase');
    expect(store.getState()).toMatchObject({ phase: 'onboarding', identity: null });
    expect(store.getState().error).toBe('Nothing was restored: the passphrase does not open this backup.');
    expect(await host.getIdentity({})).toEqual({ ok: true, value: null });

    const foreign = await aliceBackup(BOB);
    await store.getState().restoreIdentity(foreign.text, PASSPHRASE);
    expect(store.getState().error).toBe('Nothing was restored: this archive belongs to another identity.');
    expect(await host.getIdentity({})).toEqual({ ok: true, value: null });
    expect(started).toEqual([]);

    await store.getState().restoreIdentity(backup.text, PASSPHRASE);
    expect(store.getState()).toMatchObject({
      phase: 'ready',
      error: null,
      identity: { peerId: backup.peerId },
    });
    expect(started).toHaveLength(1);
    expect(started[0]?.restoreArchive).toMatchObject({
      owner: backup.peerId,
      contacts: [{ peer: BOB, state: 'accepted', displayName: 'Bob' }],
    });
  });

  it('still restores an identity backup as before, with no archive to merge', async () => {
    const host = memoryHost();
    await host.createIdentity({ displayName: 'Alice' });
    const identity = await host.exportIdentityBackup({ passphrase: PASSPHRASE });
    if (!identity.ok) {
      throw new Error(identity.error.message);
    }
    const { store, started } = freshInstall();
    await store.getState().restoreIdentity(identity.value.backup, PASSPHRASE);
    expect(store.getState().phase).toBe('ready');
    expect(started).toHaveLength(1);
    expect(started[0]?.restoreArchive).toBeUndefined();
  });
});
