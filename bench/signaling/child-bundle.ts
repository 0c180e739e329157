// Child processes run as bundled JavaScript on plain Node, the way the parley-signaling bin is built and deployed
// (esbuild, one ESM file, npm packages external): no tsx loader thread in their memory, CPU time or profiles.
import { build } from 'esbuild';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

// Build output, so under node_modules/.cache (where linters and formatters do not look); packages still resolve
// from the project's node_modules.
const BUNDLES = new URL('../../node_modules/.cache/parley-bench-signaling/', import.meta.url);

/** Bundles a TypeScript entry point; npm packages stay external. */
export const bundleChild = async (entry: URL): Promise<URL> => {
  const outfile = new URL(`${basename(entry.pathname, '.ts')}.mjs`, BUNDLES);
  await build({
    entryPoints: [fileURLToPath(entry)],
    outfile: fileURLToPath(outfile),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
};
