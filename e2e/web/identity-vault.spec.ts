// The identity layer on the browser host: the IndexedDB vault, backups and safety numbers run in a dedicated
// Worker with Chromium's WebCrypto, and a backup made there opens in OpenSSL.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Logger } from '../../shared/ports/logger';
import { startSignalingServer } from '../../signaling-server/server';
import type { IdentitySelfCheckReport } from '../browser-identity/identity-self-check';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('the identity vault, backups and safety numbers pass their self-check inside a browser Worker', async ({
  page,
}) => {
  const server = await startSignalingServer({
    host: '127.0.0.1',
    port: 0,
    logger: quiet,
    webRoot: fileURLToPath(new URL('../../out/e2e/browser-identity', import.meta.url)),
  });
  try {
    await page.goto(server.httpUrl);
    const result = page.locator('#result[data-done="true"]');
    await expect(result).toBeAttached({ timeout: 45_000 });
    const report = JSON.parse((await result.textContent()) ?? '{}') as IdentitySelfCheckReport;
    expect(report.failed).toEqual([]);
    expect(report.passed).toEqual([
      'identity persists in IndexedDB with non-extractable private keys',
      'key bundle verifies',
      'backup exports and restores on another device',
      'safety-number vectors',
    ]);

    // A backup made in the browser is a standard encrypted PKCS#8 file: OpenSSL opens it with the passphrase.
    const backup = JSON.parse(report.backup ?? '{}') as { signingKey: string };
    const signing = createPrivateKey({
      key: backup.signingKey,
      format: 'pem',
      passphrase: 'browser backup passphrase',
    });
    const spki = createPublicKey(signing).export({ format: 'der', type: 'spki' }).toString('base64');
    expect(spki).toBe(report.signingKey);
  } finally {
    await server.close();
  }
});
