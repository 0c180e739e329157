// A real redis-server (the Debian package; `npm test` installs it when missing) on a free loopback port, with
// persistence off, for tests and benchmarks. No mock Redis anywhere. The benchmark may pin it to given CPUs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const REDIS_SERVER_BINARY = process.env.PARLEY_REDIS_SERVER ?? '/usr/bin/redis-server';
const READY_TIMEOUT_MS = 10_000;

export interface RunningRedis {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 right now (the OS picks it; released just before the server takes it). */
export const freeLoopbackPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/** Starts tried, each on a new port, when another process takes the free port before redis-server binds it. */
const START_ATTEMPTS = 5;

/** redis-server could not bind its port: something took it between the probe and the start. */
class PortTaken extends Error {}

const startOnPort = async (port: number, cpus: string | null): Promise<RunningRedis> => {
  const redisArgs = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const [command, args] = cpus
    ? ['taskset', ['--cpu-list', cpus, REDIS_SERVER_BINARY, ...redisArgs]]
    : [REDIS_SERVER_BINARY, redisArgs];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${REDIS_SERVER_BINARY}`);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      // Not left running behind a failed start.
      child.kill('SIGKILL');
      reject(new Error(`redis-server not ready after ${READY_TIMEOUT_MS} ms: ${output}`));
    }, READY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        // "Could not create server TCP listening socket 127.0.0.1:<port>: bind: Address already in use"
        output.includes('Address already in use')
          ? new PortTaken(`port ${port} taken`)
          : new Error(`redis-server exited with ${code}: ${output}`),
      );
    });
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
};

/**
 * `pickPort` chooses each attempt's port (tests make it collide). A port is free only when probed, so another
 * process may bind it before redis-server does: then it starts again on a new port, up to START_ATTEMPTS times.
 */
export const startRedisServer = async (
  options: { readonly cpus?: string | null; readonly pickPort?: () => Promise<number> } = {},
): Promise<RunningRedis> => {
  if (!existsSync(REDIS_SERVER_BINARY)) {
    throw new Error(
      `${REDIS_SERVER_BINARY} is missing: run npm test (it installs redis-server) or apt-get install redis-server`,
    );
  }
  const pickPort = options.pickPort ?? freeLoopbackPort;
  const taken: number[] = [];
  while (taken.length < START_ATTEMPTS) {
    const port = await pickPort();
    try {
      return await startOnPort(port, options.cpus ?? null);
    } catch (error) {
      if (!(error instanceof PortTaken)) {
        throw error;
      }
      taken.push(port);
    }
  }
  throw new Error(
    `redis-server found its port taken on each of ${START_ATTEMPTS} attempts (ports ${taken.join(', ')}): ` +
      'something else on this machine keeps binding free loopback ports',
  );
};
