// Builds a bench page (or the app's browser build) with Vite before a browser bench loads it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `vite build` with these arguments, run from the repository root; only warnings and errors are printed. */
export const buildWithVite = (args: readonly string[]): void => {
  execFileSync('npx', ['vite', 'build', ...args, '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
};
