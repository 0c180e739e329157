// Bundles the package's commands into single ESM files with a shebang: `parley-signaling` (the signaling
// server) and `parley-node` (the headless peer). `npx parley-signaling` / `npx parley-node` then run on plain
// Node, without tsx or a TypeScript build. npm packages stay external (they are dependencies of the package).
// Runs on `npm install` (prepare) and `npm run build:bins`.
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const BINS = {
  'parley-signaling': { entry: '../signaling-server/cli.ts', outfile: 'out/bin/parley-signaling.mjs' },
  'parley-node': { entry: '../electron/headless/cli.ts', outfile: 'out/bin/parley-node.mjs' },
};

/** @param {keyof typeof BINS} name @param {string} [outfile] */
export const buildBin = async (name, outfile = BINS[name].outfile) => {
  await build({
    entryPoints: [fileURLToPath(new URL(BINS[name].entry, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
  chmodSync(outfile, 0o755);
  return outfile;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const name of Object.keys(BINS)) {
    console.log(`parley: built ${await buildBin(/** @type {keyof typeof BINS} */ (name))}`);
  }
}
