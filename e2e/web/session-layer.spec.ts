// The session layer on the browser host: the same shared modules, run in a dedicated Worker with Chromium's
// WebCrypto, pass the known-answer vectors, a real handshake, record and envelope checks.
import { expect, test } from '@playwright/test';
import { runWorkerSelfCheck } from '../support/worker-self-check';

test('the session layer passes its self-check inside a browser Worker', async ({ page }) => {
  const report = await runWorkerSelfCheck(page, 'session');
  expect(report.failed).toEqual([]);
  expect(report.passed).toEqual([
    'known-answer vectors',
    'RFC 7748 X25519',
    'handshake and record round trip',
    'tampered record rejected',
    'replayed record rejected',
    'sealed envelope round trip',
  ]);
});
