// The real signaling server as a process of its own, on loopback, for tests that run parley-node against it. Run
// through its CLI rather than imported: electron/ does not import the server's code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER_CLI = fileURLToPath(new URL('../../../signaling-server/cli.ts', import.meta.url));

export interface SignalingServerProcess {
  readonly signalingUrl: string;
  stop(): Promise<void>;
}

export const startSignalingServerProcess = async (): Promise<SignalingServerProcess> => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', SERVER_CLI, '--port', '0', '--host', '127.0.0.1'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalingUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"signalingUrl":"([^"]+)"/.exec(output);
      if (match?.[1]) {
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the signaling server exited with ${code}`)));
  });
  return {
    signalingUrl,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
};
