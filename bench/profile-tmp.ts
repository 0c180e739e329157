import { execFileSync } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { startSignalingServer } from '../signaling-server/server';
import { CHROMIUM_ARGS } from '../e2e/support/chromium';
import type {} from './messaging-page/main';
execFileSync(
  'npx',
  ['vite', 'build', '--config', 'bench/messaging-page/vite.config.ts', '--logLevel', 'warn'],
  { stdio: 'inherit' },
);
const server = await startSignalingServer({
  host: '127.0.0.1',
  port: 0,
  webRoot: 'out/bench/messaging-page',
  logger: { info() {}, warn() {}, error() {} },
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const open = async () => {
  const p = await (await browser.newContext()).newPage();
  await p.goto(server.httpUrl);
  return p;
};
const a = await open();
const b = await open();
const ap = await a.evaluate(([u]) => window.parleyBench.start('A', u), [server.signalingUrl] as const);
const bp = await b.evaluate(([u]) => window.parleyBench.start('B', u), [server.signalingUrl] as const);
await a.evaluate((p) => window.parleyBench.requestContact(p), bp);
await b.evaluate((p) => window.parleyBench.acceptWhenAsked(p), ap);
await a.evaluate((p) => window.parleyBench.accepted(p), bp);
await a.evaluate((p) => window.parleyBench.connected(p), bp);
await a.evaluate(([p]) => window.parleyBench.burst(p, 300, 1024), [bp] as const);
const lat = await a.evaluate(([p]) => window.parleyBench.steady(p, 1000, 100, 1024), [bp] as const);
const sorted = [...lat].sort((x, y) => x - y);
console.log(
  'p50',
  sorted[500],
  'p90',
  sorted[900],
  'p95',
  sorted[950],
  'p99',
  sorted[990],
  'max',
  sorted[999],
);
console.log(
  'slow idx',
  lat
    .map((v, i) => [v, i])
    .sort((x, y) => y[0] - x[0])
    .slice(0, 25)
    .map(([v, i]) => `${i}:${v}`)
    .join(' '),
);
await browser.close();
await server.close();
