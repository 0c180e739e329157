// Liveness of instances sharing one Redis: each refreshes a key with a TTL; when one stops (crashed, cut off),
// its key expires and one survivor, holding a short lock, removes its registrations and announces those peers
// offline, so watchers learn within the TTL and relays stop routing to it.
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/ports/logger';
import type { PeerKey } from './peer-directory';
import type { RedisKeys } from './redis-keys';

// Removes a dead instance's registration, unless the peer has since registered elsewhere, or the instance is
// alive again (it stalled past its TTL, or Redis lost its key): then -1, and its registrations stay.
const REAP_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
if redis.call('HGET', KEYS[1], 'instance') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;
// Refreshes an instance's liveness key and answers what it held before (nil: it had gone). SET's own GET option
// would do this, but only from Redis 6.2 on; scripts work on every version the rest needs.
const HEARTBEAT_SCRIPT = `
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return previous
`;
// Forgets a reaped instance, unless it came back meanwhile.
const FORGET_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return 1
`;
// At start-up: a registration still naming this instance is a previous run's (restarted under the same ID before
// its liveness key expired, so no survivor reaped it); this run holds no connection yet.
const LEFTOVER_SCRIPT = `
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
  /**
   * This instance's liveness key had gone (Redis restarted without its data, or the instance stalled past its
   * TTL and may have been reaped): its live connections must be registered again.
   */
  readonly reclaim: () => Promise<unknown>;
  readonly logger: Logger;
}

/**
 * Starts the heartbeat (and reaping of dead instances); resolves once this instance is known alive. Call it before
 * this instance registers anyone: what Redis still holds under its ID is a previous run's, and is reaped first.
 */
export const startInstanceLiveness = async (deps: InstanceLivenessDeps): Promise<() => void> => {
  const { redis, keys, instanceId: me } = deps;

  const reapLeftovers = async (): Promise<void> => {
    const leftovers = (await redis.smembers(keys.peersOf(me))) as PeerKey[];
    for (const key of leftovers) {
      if ((await redis.eval(LEFTOVER_SCRIPT, 1, keys.peer(key), me)) === 1) {
        await deps.announceOffline(key);
      }
    }
    await redis.del(keys.peersOf(me));
    if (leftovers.length > 0) {
      deps.logger.info(
        { peers: leftovers.length },
        "reaped this instance's registrations from a previous run",
      );
    }
  };

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
      let revived = false;
      for (const key of orphans) {
        const reaped = await redis.eval(REAP_SCRIPT, 2, keys.peer(key), keys.alive(instance), instance);
        if (reaped === -1) {
          revived = true;
          break;
        }
        if (reaped === 1) {
          await deps.announceOffline(key);
        }
      }
      if (!revived) {
        await redis.eval(
          FORGET_SCRIPT,
          3,
          keys.alive(instance),
          keys.peersOf(instance),
          keys.instances,
          instance,
        );
      }
      deps.logger.info({ instance, peers: orphans.length, revived }, 'reaped a dead instance');
    }
  };

  let started = false;
  const heartbeat = async (): Promise<void> => {
    const previous = await redis.eval(HEARTBEAT_SCRIPT, 1, keys.alive(me), String(Date.now()), deps.ttlMs);
    await redis.sadd(keys.instances, me);
    if (started && previous === null) {
      deps.logger.warn({}, 'this instance was missing from Redis; registering its connections again');
      await deps.reclaim();
    }
    started = true;
  };
  await reapLeftovers();
  await heartbeat();
  const timer = setInterval(() => {
    heartbeat()
      .then(reapDeadInstances)
      .catch((error: unknown) => deps.logger.warn({ error: String(error) }, 'redis heartbeat failed'));
  }, deps.heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
};
