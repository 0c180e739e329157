// Test fixtures: a real signaling server on a free loopback port serving the browser build, and N independent
// app instances (each its own browser context: its own identity and IndexedDB).
import { test as base } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../shared/ports/logger';
import { startSignalingServer, type RunningSignalingServer } from '../../signaling-server/server';
import { ParleyApp } from './parley-app';

const WEB_ROOT = fileURLToPath(new URL('../../out/web', import.meta.url));

const quietLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Fixtures {
  /** One app per name, each in its own browser profile; the result has one entry per name. */
  openApps: <Names extends string[]>(...names: Names) => Promise<{ [K in keyof Names]: ParleyApp }>;
}

interface WorkerFixtures {
  signalingServer: RunningSignalingServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  signalingServer: [
    async ({}, use) => {
      const server = await startSignalingServer({
        host: '127.0.0.1',
        port: 0,
        webRoot: WEB_ROOT,
        logger: quietLogger,
      });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  openApps: async ({ browser, signalingServer }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(
      <Names extends string[]>(...names: Names) =>
        Promise.all(
          names.map(async (name) => {
            const context = await browser.newContext();
            contexts.push(context);
            const app = new ParleyApp(name, await context.newPage());
            // Listening before the first load, so that an error thrown while the app starts is seen too.
            context.on('weberror', (error) => app.pageErrors.push(error.error().message));
            await app.page.goto(signalingServer.httpUrl);
            return app;
          }),
        ) as Promise<{ [K in keyof Names]: ParleyApp }>,
    );
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export { expect } from '@playwright/test';
