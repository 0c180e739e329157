// Runs one Worker self-check suite in Chromium (served from a real server on loopback) and returns its report.
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import type { Logger } from '../../shared/ports/logger';
import { startSignalingServer } from '../../signaling-server/server';
import type { SelfCheckReport, SelfCheckSuite } from '../worker-self-checks/self-check';

const WEB_ROOT = fileURLToPath(new URL('../../out/e2e/worker-self-checks', import.meta.url));
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export const runWorkerSelfCheck = async (page: Page, suite: SelfCheckSuite): Promise<SelfCheckReport> => {
  const server = await startSignalingServer({ host: '127.0.0.1', port: 0, logger: quiet, webRoot: WEB_ROOT });
  try {
    await page.goto(`${server.httpUrl}/?suite=${suite}`);
    const result = page.locator('#result[data-done="true"]');
    await expect(result).toBeAttached({ timeout: 45_000 });
    return JSON.parse((await result.textContent()) ?? '{}') as SelfCheckReport;
  } finally {
    await server.close();
  }
};
