// The identity layer on the browser host's own ground: the IndexedDB vault (CryptoKeys through structured clone,
// read back by a fresh vault), backup export and restore with Chromium's PBKDF2 and node-forge bundled, and the
// safety-number vectors. The backup it makes is handed to the test, which opens it with OpenSSL.
import { createStore, get, set } from 'idb-keyval';
import { createIdbIdentityVault } from '../../renderer/src/browser-host/idb-identity-vault';
import { base64ToBytes } from '../../shared/encoding/bytes';
import type { IdentityCryptoPort } from '../../shared/identity/identity-crypto-port';
import { createIdentityService, type IdentityService } from '../../shared/identity/identity-service';
import { verifyKeyBundle } from '../../shared/identity/key-bundle';
import { computeSafetyNumber } from '../../shared/identity/safety-number';
import vectors from '../../shared/identity/safety-number.vectors.json';
import { createSelfCheck, type SelfCheckReport } from './self-check';

const BACKUP_PASSPHRASE = 'browser backup passphrase';

export const runIdentitySelfCheck = async (browserCrypto: Crypto): Promise<SelfCheckReport> => {
  const crypto = browserCrypto as unknown as IdentityCryptoPort;
  const { report, check } = createSelfCheck();
  /** A device: its own IndexedDB database, read through a fresh vault each time. */
  const device = (name: string): (() => IdentityService) => {
    const store = createStore(`parley-identity-check-${name}`, 'documents');
    const slot = {
      read: () => get('identity', store),
      write: (value: unknown) => set('identity', value, store),
    };
    return () =>
      createIdentityService({ crypto, vault: createIdbIdentityVault({ slot, crypto: browserCrypto }) });
  };
  const laptop = device('laptop');
  const phone = device('phone');

  await check('identity persists in IndexedDB with non-extractable private keys', async () => {
    const created = await laptop().create('Ada');
    const reloaded = await laptop().current();
    const local = await laptop().localIdentity();
    if (!created.ok || !reloaded.ok || !local.ok) {
      return false;
    }
    report.artifacts.signingKey = created.value.keyBundle.signingKey;
    const stored = (await get('identity', createStore('parley-identity-check-laptop', 'documents'))) as {
      signing: { privateKey: CryptoKey };
      encryption: { privateKey: CryptoKey };
    };
    return (
      JSON.stringify(reloaded.value) === JSON.stringify(created.value) &&
      !stored.signing.privateKey.extractable &&
      !stored.encryption.privateKey.extractable
    );
  });

  await check('key bundle verifies', async () => {
    const bundle = await laptop().keyBundle();
    return bundle.ok && (await verifyKeyBundle(crypto, bundle.value)).ok;
  });

  await check('backup exports and restores on another device', async () => {
    const backup = await laptop().exportBackup(BACKUP_PASSPHRASE);
    if (!backup.ok) {
      return false;
    }
    report.artifacts.backup = backup.value;
    const wrong = await phone().restoreBackup({ backup: backup.value, passphrase: 'not it' });
    const untouched = await phone().status();
    if (
      wrong.ok ||
      wrong.error.code !== 'IDENTITY_WRONG_PASSPHRASE' ||
      !untouched.ok ||
      untouched.value.state !== 'empty'
    ) {
      return false;
    }
    const restored = await phone().restoreBackup({ backup: backup.value, passphrase: BACKUP_PASSPHRASE });
    const original = await laptop().current();
    return (
      restored.ok &&
      original.ok &&
      restored.value.peerId === original.value?.peerId &&
      restored.value.keyBundle.encryptionKey === original.value.keyBundle.encryptionKey
    );
  });

  await check('a new display name persists in IndexedDB with the same keys', async () => {
    const before = await laptop().current();
    const renamed = await laptop().rename('Ada Lovelace');
    const reloaded = await laptop().current();
    const signed = await laptop().sign('parley-self-check-v1', new Uint8Array(8));
    return (
      before.ok &&
      renamed.ok &&
      reloaded.ok &&
      signed.ok &&
      reloaded.value?.displayName === 'Ada Lovelace' &&
      JSON.stringify(reloaded.value.keyBundle) === JSON.stringify(before.value?.keyBundle)
    );
  });

  await check('safety-number vectors', async () => {
    for (const vector of vectors.vectors) {
      const one = base64ToBytes(vectors.keys[vector.one as keyof typeof vectors.keys].signingKey);
      const other = base64ToBytes(vectors.keys[vector.other as keyof typeof vectors.keys].signingKey);
      const number = await computeSafetyNumber(crypto, one, other);
      if (number.groups.join(' ') !== vector.safetyNumber || number.qrPayload !== vector.qrPayload) {
        return false;
      }
    }
    return true;
  });
  return report;
};
