// `npm test`: everything, in order of speed: typecheck, lint, unit + integration (Vitest), e2e (Playwright),
// stopping at the first failure. Tests run inside a private network namespace where the OS allows it, so their
// WebRTC never touches a real network.
import { spawnSync } from 'node:child_process';
import { ensureSystemPackages } from './ensure-system-packages.mjs';
import { rmSync } from 'node:fs';
import { runIsolated } from './run-isolated.mjs';
import { summarize, vitestReport } from './test-summary.mjs';
import { typecheck } from './typecheck.mjs';

const step = (name, run) => {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const status = run();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status !== 0) {
    console.error(`\n=== ${name} FAILED after ${seconds}s`);
    process.exit(status || 1);
  }
  console.log(`=== ${name} passed in ${seconds}s`);
};

const npx = (...args) => spawnSync('npx', args, { stdio: 'inherit' }).status ?? 1;

step('system packages', () => {
  ensureSystemPackages();
  return 0;
});
step('typecheck', typecheck);
step(
  'lint',
  () => npx('eslint', '--max-warnings', '0', '.') || npx('prettier', '--check', '--log-level', 'warn', '.'),
);
rmSync('out/test-results', { recursive: true, force: true });
// Inside the private network namespace too: integration tests open real WebRTC connections (headless peers).
const vitest = (project) => [
  'vitest',
  'run',
  `--project=${project}`,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport(project)}`,
];
step('unit and integration tests', () => runIsolated('npx', vitest('node')));
// Browser-only code (the IndexedDB archive) in real Chromium. These tests open no WebRTC, only Vitest's own
// loopback server, so they run on the host's loopback: inside the namespace the test iframe intermittently
// never connects back to Vitest's server (seen 3 runs in 4 here), while on loopback it connected every time.
step('browser unit tests', () => spawnSync('npx', vitest('chromium'), { stdio: 'inherit' }).status ?? 1);
step('end-to-end tests', () => runIsolated('npx', ['playwright', 'test']));
summarize();
