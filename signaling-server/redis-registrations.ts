// Peer registrations as Redis keeps them: one hash per peer (instance, connection, key bundle) and the set of
// peers each instance holds, so a survivor can reap a dead instance's. Changes run as Lua scripts so that
// reading who held a registration and replacing it is one atomic step.
import type { Redis } from 'ioredis';
import { KeyBundleSchema, type KeyBundle } from '../shared/identity/key-bundle';
import type { LocalPeer, PeerKey } from './peer-directory';
import type { RedisKeys } from './redis-keys';

// Registers atomically and reports who held the registration before (and whether that instance still lives).
const REGISTER_SCRIPT = `
local previousInstance = redis.call('HGET', KEYS[1], 'instance')
local previousConn = redis.call('HGET', KEYS[1], 'conn')
redis.call('HSET', KEYS[1], 'instance', ARGV[1], 'conn', ARGV[2], 'bundle', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
if not previousInstance then return {} end
local alive = redis.call('EXISTS', ARGV[5] .. previousInstance)
return {previousInstance, previousConn, alive}
`;
// Registers a connection this instance still holds again, after Redis lost it (or a survivor reaped it): 0 if
// another live instance holds the peer now (it reconnected there), 1 if it was gone (announce it online again),
// 2 if it was still this instance's.
const RECLAIM_SCRIPT = `
local instance = redis.call('HGET', KEYS[1], 'instance')
if instance and instance ~= ARGV[1] and redis.call('EXISTS', ARGV[5] .. instance) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'instance', ARGV[1], 'conn', ARGV[2], 'bundle', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
if instance == ARGV[1] then return 2 end
return 1
`;
// Removes a registration only if it is still this connection's; a successor's stays.
const UNREGISTER_SCRIPT = `
local instance = redis.call('HGET', KEYS[1], 'instance')
if redis.call('HGET', KEYS[1], 'conn') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[2])
  return 1
end
if instance ~= ARGV[3] then redis.call('SREM', KEYS[2], ARGV[2]) end
return 0
`;

/** The registration a new one replaced. */
export interface PreviousRegistration {
  readonly instance: string;
  readonly connectionId: string;
  /** Whether that instance's liveness key still exists. */
  readonly alive: boolean;
}

export interface RedisRegistrations {
  /** Registers `peer` on this instance; resolves to the registration it replaced, if there was one. */
  register(key: PeerKey, peer: LocalPeer): Promise<PreviousRegistration | null>;
  /**
   * Registers again a connection this instance holds, unless another live instance holds the peer now:
   * 'elsewhere' then, 'restored' if the registration had gone, 'kept' if it was still there.
   */
  reclaim(key: PeerKey, peer: LocalPeer): Promise<'elsewhere' | 'restored' | 'kept'>;
  /** Removes the registration if it is still `connectionId`'s; true if it was. */
  unregister(key: PeerKey, connectionId: string): Promise<boolean>;
  /** The key bundle a peer registered with; null if none, or if what is stored does not parse. */
  bundle(key: PeerKey): Promise<KeyBundle | null>;
  /** For each peer, whether it is registered on an instance that is alive. */
  onLiveInstance(peerKeys: readonly PeerKey[]): Promise<readonly boolean[]>;
}

export const redisRegistrations = (redis: Redis, keys: RedisKeys, instanceId: string): RedisRegistrations => {
  const me = instanceId;
  /** The keys and arguments REGISTER_SCRIPT and RECLAIM_SCRIPT share. */
  const registrationArgs = (key: PeerKey, peer: LocalPeer) =>
    [
      2,
      keys.peer(key),
      keys.peersOf(me),
      me,
      peer.connectionId,
      JSON.stringify(peer.bundle),
      key,
      keys.alivePrefix,
    ] as const;
  return {
    async register(key, peer) {
      const previous = (await redis.eval(REGISTER_SCRIPT, ...registrationArgs(key, peer))) as
        [string, string, number] | [];
      return previous.length === 0
        ? null
        : { instance: previous[0], connectionId: previous[1], alive: previous[2] !== 0 };
    },
    async reclaim(key, peer) {
      const outcome = await redis.eval(RECLAIM_SCRIPT, ...registrationArgs(key, peer));
      return outcome === 0 ? 'elsewhere' : outcome === 1 ? 'restored' : 'kept';
    },
    async unregister(key, connectionId) {
      const removed = await redis.eval(
        UNREGISTER_SCRIPT,
        2,
        keys.peer(key),
        keys.peersOf(me),
        connectionId,
        key,
        me,
      );
      return removed === 1;
    },
    async bundle(key) {
      const stored = await redis.hget(keys.peer(key), 'bundle');
      if (!stored) {
        return null;
      }
      try {
        const parsed = KeyBundleSchema.safeParse(JSON.parse(stored));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async onLiveInstance(peerKeys) {
      const pipeline = redis.pipeline();
      for (const key of peerKeys) {
        pipeline.hget(keys.peer(key), 'instance');
      }
      const owners = ((await pipeline.exec()) ?? []).map(([, owner]) =>
        typeof owner === 'string' ? owner : null,
      );
      const distinct = [...new Set(owners.filter((owner): owner is string => owner !== null))];
      const alive = new Set<string>();
      for (const instance of distinct) {
        if (instance === me || (await redis.exists(keys.alive(instance))) === 1) {
          alive.add(instance);
        }
      }
      return peerKeys.map((_key, index) => {
        const owner = owners[index];
        return owner !== null && owner !== undefined && alive.has(owner);
      });
    },
  };
};
