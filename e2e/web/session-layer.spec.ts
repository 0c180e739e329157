// The session layer on the browser host: the same shared modules, run in a dedicated Worker with Chromium's
// WebCrypto, pass the known-answer vectors, a real handshake, record and envelope checks.
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Logger } from '../../shared/ports/logger';
import { startSignalingServer } from '../../signaling-server/server';
import type { SelfCheckReport } from '../browser-crypto/session-self-check';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('the session layer passes its self-check inside a browser Worker', async ({ page }) => {
  const server = await startSignalingServer({
    host: '127.0.0.1',
    port: 0,
    logger: quiet,
    webRoot: fileURLToPath(new URL('../../out/e2e/browser-crypto', import.meta.url)),
  });
  try {
    await page.goto(server.httpUrl);
    const result = page.locator('#result[data-done="true"]');
    await expect(result).toBeAttached({ timeout: 45_000 });
    const report = JSON.parse((await result.textContent()) ?? '{}') as SelfCheckReport;
    expect(report.failed).toEqual([]);
    expect(report.passed).toEqual([
      'known-answer vectors',
      'RFC 7748 X25519',
      'handshake and record round trip',
      'tampered record rejected',
      'replayed record rejected',
      'sealed envelope round trip',
    ]);
  } finally {
    await server.close();
  }
});
