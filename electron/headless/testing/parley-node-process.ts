// `parley-node` run as its users run it, a process of its own (its TypeScript through tsx), for tests that check
// what it prints and how it exits.
import { execFile, spawn } from 'node:child_process';
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

export interface RunningParleyNode {
  /** What it has printed so far, one JSON value per line. */
  readonly lines: readonly Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  /** Interrupts it (SIGINT, as Ctrl-C does) and waits until it has exited; resolves to its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `parley-node args…` (typically `listen`) and collects what it prints while it runs. */
export const startParleyNode = (args: readonly string[]): RunningParleyNode => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, PARLEY_PASSPHRASE: TEST_PASSPHRASE },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    lines.push(...jsonLines(complete.join('\n')));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    lines,
    exited,
    stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
};
