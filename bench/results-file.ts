// Where a bench leaves its results: bench/results/<name>.json, the file the docs quote and later runs compare with.
import { mkdirSync, writeFileSync } from 'node:fs';

/** Writes `results` to bench/results/<results.name>.json and says where, with how long the run took. */
export const writeResultsFile = (results: { readonly name: string; readonly durationSec: number }): void => {
  const directory = new URL('./results/', import.meta.url);
  mkdirSync(directory, { recursive: true });
  const file = new URL(`${results.name}.json`, directory);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${file.pathname} (${String(results.durationSec)} s)`);
};
