// The test redis-server starts again on a new port when another process takes the free one before it binds it,
// and says so clearly when that keeps happening.
import { createServer, type Server } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort, startRedisServer, type RunningRedis } from './redis-server';

/** A port some other process holds, as one that took a port between the probe and redis-server's start. */
const takenPort = async (): Promise<{ readonly port: number; readonly holder: Server }> => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const address = holder.address();
  if (typeof address !== 'object' || !address) {
    throw new Error('no port');
  }
  return { port: address.port, holder };
};

describe('test redis-server', () => {
  const holders: Server[] = [];
  let redis: RunningRedis | undefined;
  afterEach(async () => {
    try {
      await redis?.stop();
    } finally {
      redis = undefined;
      await Promise.all(holders.splice(0).map((holder) => new Promise((resolve) => holder.close(resolve))));
    }
  });

  it('starts on a new port when its first one was taken before it bound it', async () => {
    const taken = await takenPort();
    holders.push(taken.holder);
    const picked: number[] = [];
    redis = await startRedisServer({
      pickPort: async () => {
        const port = picked.length === 0 ? taken.port : await freeLoopbackPort();
        picked.push(port);
        return port;
      },
    });
    expect(picked).toHaveLength(2);
    expect(picked[0]).toBe(taken.port);
    expect(redis.port).toBe(picked[1]);
    const client = new Redis(redis.url);
    try {
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });

  it('gives up with the ports it tried when every one was taken', async () => {
    const taken = await Promise.all(Array.from({ length: 5 }, takenPort));
    holders.push(...taken.map(({ holder }) => holder));
    const ports = taken.map(({ port }) => port);
    const tried = [...ports];
    await expect(
      startRedisServer({
        pickPort: () => {
          const port = tried.shift();
          return port === undefined
            ? Promise.reject(new Error('asked for a sixth port'))
            : Promise.resolve(port);
        },
      }),
    ).rejects.toThrow(`redis-server found its port taken on each of 5 attempts (ports ${ports.join(', ')})`);
  });
});
