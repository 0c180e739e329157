// Bundles the signaling server into one ESM file with a shebang, the `parley-signaling` bin of this package:
// `npx parley-signaling` then runs on plain Node, without tsx or a TypeScript build. npm packages stay
// external (they are dependencies of the package). Runs on `npm install` (prepare) and `npm run build:signaling`.
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const SIGNALING_BIN = 'out/signaling/parley-signaling.mjs';

export const buildSignalingBin = async (outfile = SIGNALING_BIN) => {
  await build({
    entryPoints: [fileURLToPath(new URL('../signaling-server/cli.ts', import.meta.url))],
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
  console.log(`parley: built ${await buildSignalingBin()}`);
}
