// `npm run screenshots`: drives two browser instances through a first conversation and saves the README's
// screenshots to docs/screenshots/. Run it inside the isolated network (the npm script does).
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ParleyApp } from '../e2e/support/parley-app';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/support/chromium';
import { startSignalingServer } from '../signaling-server/server';

const out = (name: string) => fileURLToPath(new URL(`../docs/screenshots/${name}`, import.meta.url));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.web.config.ts', '--logLevel', 'warn'], {
  stdio: 'inherit',
});
const server = await startSignalingServer({
  host: '127.0.0.1',
  port: 0,
  logger: silent,
  webRoot: fileURLToPath(new URL('../out/web', import.meta.url)),
});
const executablePath = chromiumExecutable();
const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
try {
  const open = async (name: string) => {
    const context = await browser.newContext({
      viewport: { width: 1100, height: 680 },
      colorScheme: 'light',
    });
    const page = await context.newPage();
    await page.goto(server.httpUrl);
    return new ParleyApp(name, page);
  };
  const alice = await open('Alice');
  const bob = await open('Bob');
  await alice.page.getByLabel('Your name').fill('Alice');
  await alice.page.screenshot({ path: out('onboarding.png') });
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  await bob.addContact(await alice.peerId());
  await alice.acceptRequestFrom('Bob');
  await bob.expectAccepted();
  await alice.expectConnected();
  await bob.send('Hi Alice! This message went straight from my browser to yours.');
  await alice.expectReceived('Hi Alice!');
  await alice.send('Hello Bob. No server in the middle, nice.');
  await bob.expectReceived('Hello Bob.');
  await alice.expectStatus('Hello Bob.', 'read');
  await alice.page.screenshot({ path: out('chat.png') });
  console.log('saved docs/screenshots/onboarding.png and docs/screenshots/chat.png');
} finally {
  await browser.close();
  await server.close();
}
