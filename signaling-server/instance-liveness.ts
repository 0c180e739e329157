// Liveness of instances sharing one Redis: each refreshes a key with a TTL; when one stops (crashed, cut off),
// its key expires and one survivor, holding a short lock, removes its registrations and announces those peers
// offline, so watchers learn within the TTL and relays stop routing to it.
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/ports/logger';
import type { PeerKey } from './peer-directory';
import type { RedisKeys } from './redis-keys';

// Removes a dead instance's registration, unless the peer has since registered elsewhere.
const REAP_SCRIPT = `
if redis.call('HGET', KEYS[1], 'instance') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;

export interface InstanceLivenessDeps {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly instanceId: string;
  readonly ttlMs: number;
  readonly heartbeatMs: number;
  readonly announceOffline: (key: PeerKey) => Promise<unknown>;
  readonly logger: Logger;
}

/** Starts the heartbeat (and reaping of dead instances); resolves once this instance is known alive. */
export const startInstanceLiveness = async (deps: InstanceLivenessDeps): Promise<() => void> => {
  const { redis, keys, instanceId: me } = deps;

  const reapDeadInstances = async (): Promise<void> => {
    const instances = await redis.smembers(keys.instances);
    for (const instance of instances) {
      if (instance === me || (await redis.exists(keys.alive(instance))) === 1) {
        continue;
      }
      // One survivor reaps each dead instance.
      if ((await redis.set(keys.reapLock(instance), me, 'PX', deps.ttlMs * 2, 'NX')) !== 'OK') {
        continue;
      }
      const orphans = (await redis.smembers(keys.peersOf(instance))) as PeerKey[];
      for (const key of orphans) {
        if ((await redis.eval(REAP_SCRIPT, 1, keys.peer(key), instance)) === 1) {
          await deps.announceOffline(key);
        }
      }
      await redis.del(keys.peersOf(instance));
      await redis.srem(keys.instances, instance);
      deps.logger.info({ instance, peers: orphans.length }, 'reaped a dead instance');
    }
  };

  const heartbeat = async (): Promise<void> => {
    await redis.set(keys.alive(me), String(Date.now()), 'PX', deps.ttlMs);
    await redis.sadd(keys.instances, me);
  };
  await heartbeat();
  const timer = setInterval(() => {
    heartbeat()
      .then(reapDeadInstances)
      .catch((error: unknown) => deps.logger.warn({ error: String(error) }, 'redis heartbeat failed'));
  }, deps.heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
};
