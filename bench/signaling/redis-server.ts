// A throwaway redis-server for the two-instance run: loopback only, nothing persisted, optionally pinned to the
// servers' CPU so that two instances plus Redis get the same CPU as one instance alone.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const REDIS_SERVER = '/usr/bin/redis-server';
const READY_TIMEOUT_MS = 10_000;

export interface RunningRedis {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** A port free on 127.0.0.1 right now (the OS picks it; released just before Redis takes it). */
const freeLoopbackPort = (): Promise<number> =>
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

export const startRedisServer = async (cpus: string | null): Promise<RunningRedis> => {
  const port = await freeLoopbackPort();
  const redisArgs = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const [command, args] =
    cpus === null ? [REDIS_SERVER, redisArgs] : ['taskset', ['--cpu-list', cpus, REDIS_SERVER, ...redisArgs]];
  const redis = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = redis.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${REDIS_SERVER}`);
  }
  const exited = new Promise<void>((resolve) => redis.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server not ready: ${output}`)), READY_TIMEOUT_MS);
    redis.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    redis.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${output}`));
    });
  });
  redis.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    pid,
    async stop() {
      if (redis.exitCode === null && redis.signalCode === null) {
        redis.kill('SIGTERM');
        await exited;
      }
    },
  };
};
