// Builds what the journeys drive: the browser build always, the Electron bundles where Electron can run.
import { execFileSync } from 'node:child_process';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

export default function globalSetup(): void {
  const run = (args: string[]) => execFileSync('npx', args, { stdio: 'inherit' });
  run(['vite', 'build', '--config', 'renderer/vite.web.config.ts', '--logLevel', 'warn']);
  run(['vite', 'build', '--config', 'e2e/worker-self-checks/vite.config.ts', '--logLevel', 'warn']);
  if (findElectronBinary().path) {
    run(['electron-vite', 'build', '--logLevel', 'warn']);
  }
}
