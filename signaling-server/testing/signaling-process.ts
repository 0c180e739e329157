// The signaling server as a separate process, started through its real CLI, so a test can kill it outright
// (SIGKILL: no drain, no goodbye to Redis) or stop it as an operator would (SIGTERM).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

export interface SignalingProcess {
  readonly child: ChildProcess;
  readonly signalingUrl: string;
  readonly port: number;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export const startSignalingProcess = async (args: readonly string[]): Promise<SignalingProcess> => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--port', '0', '--host', '127.0.0.1', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const signalingUrl = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        try {
          const entry = JSON.parse(line) as { msg?: string; signalingUrl?: string };
          if (entry.msg === 'signaling server listening' && entry.signalingUrl) {
            resolve(entry.signalingUrl);
          }
        } catch {
          // an incomplete line: wait for the rest
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`signaling server exited with ${code}: ${errors}`)));
  });
  return {
    child,
    signalingUrl,
    port: Number(new URL(signalingUrl).port),
    kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
};
