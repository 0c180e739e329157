// Typechecks every process against its own tsconfig (each has its own lib and types: see docs/ARCHITECTURE.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TSCONFIGS = [
  'tsconfig.json',
  'shared/tsconfig.lib.json',
  'shared/tsconfig.test.json',
  'electron/tsconfig.json',
  'renderer/tsconfig.json',
  'signaling-server/tsconfig.json',
  'e2e/tsconfig.json',
  'bench/tsconfig.json',
];

export const typecheck = () => {
  for (const project of TSCONFIGS) {
    const result = spawnSync('npx', ['tsc', '-p', project], { stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`parley: typecheck failed in ${project}`);
      return result.status ?? 1;
    }
  }
  return 0;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(typecheck());
}
