// `parley-node` run as its users run it, a process of its own (its TypeScript through tsx), for tests that check
// what it prints and how it exits.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

export const TEST_PASSPHRASE = 'correct horse battery staple';

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `parley-node args…` to its end; `env` adds to (or, with undefined, removes from) the environment. */
export const runParleyNode = (
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<Finished> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env: { ...process.env, PARLEY_PASSPHRASE: TEST_PASSPHRASE, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`parley-node did not run: ${error.message}`, { cause: error }));
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });

/** The lines a finished run printed to stdout, each a JSON value. */
export const jsonLines = (output: string): Record<string, unknown>[] =>
  output
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
