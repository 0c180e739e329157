// The identity layer on the browser host: the IndexedDB vault, backups and safety numbers run in a dedicated
// Worker with Chromium's WebCrypto, and a backup made there opens in OpenSSL.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { runWorkerSelfCheck } from '../support/worker-self-check';

test('the identity vault, backups and safety numbers pass their self-check inside a browser Worker', async ({
  page,
}) => {
  const report = await runWorkerSelfCheck(page, 'identity');
  expect(report.failed).toEqual([]);
  expect(report.passed).toEqual([
    'identity persists in IndexedDB with non-extractable private keys',
    'key bundle verifies',
    'backup exports and restores on another device',
    'a new display name persists in IndexedDB with the same keys',
    'safety-number vectors',
  ]);

  // A backup made in the browser is a standard encrypted PKCS#8 file: OpenSSL opens it with the passphrase.
  const backup = JSON.parse(report.artifacts.backup ?? '{}') as { signingKey: string };
  const signing = createPrivateKey({
    key: backup.signingKey,
    format: 'pem',
    passphrase: 'browser backup passphrase',
  });
  const spki = createPublicKey(signing).export({ format: 'der', type: 'spki' }).toString('base64');
  expect(spki).toBe(report.artifacts.signingKey);
});
