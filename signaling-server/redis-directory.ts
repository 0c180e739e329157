// The peer directory shared by several instances through Redis (ioredis). Registrations live in one hash per
// peer (redis-registrations.ts); signals and control messages go to the owning instance over Redis pub/sub, one
// channel per instance (redis-signal-relay.ts); presence changes go to every instance over one channel. Pub/sub
// rather than streams: signals are ephemeral and clients retry, so at-most-once delivery with no storage is the
// right trade (see docs/SELF_HOSTING.md). Each instance keeps a liveness key with a TTL; when one dies, a
// survivor reaps its registrations and announces those peers offline.
import { Redis } from 'ioredis';
import type { Logger } from '../shared/ports/logger';
import {
  encodeInstanceMessage,
  encodePresence,
  instanceMessageReader,
  type InstanceMessage,
} from './instance-messages';
import { startInstanceLiveness } from './instance-liveness';
import { REPLACED_CLOSE_CODE, REPLACED_REASON } from '../shared/signaling/close-codes';
import {
  peerKey,
  splitPeerKey,
  type DirectoryEvents,
  type LocalPeer,
  type PeerDirectory,
  type PeerKey,
} from './peer-directory';
import { redisKeys } from './redis-keys';
import { redisRegistrations } from './redis-registrations';
import { createRedisSignalRelay } from './redis-signal-relay';

export interface RedisDirectoryOptions {
  readonly url: string;
  readonly instanceId: string;
  readonly events: DirectoryEvents;
  readonly logger: Logger;
  /** How long an instance counts as alive after its last heartbeat. */
  readonly livenessTtlMs?: number;
  readonly heartbeatMs?: number;
  readonly keyPrefix?: string;
  /** Bytes of signals for other instances that may wait on Redis; more are refused as busy. */
  readonly maxBacklogBytes?: number;
}

export const createRedisDirectory = async (options: RedisDirectoryOptions): Promise<PeerDirectory> => {
  const prefix = options.keyPrefix ?? 'parley:';
  const ttlMs = options.livenessTtlMs ?? 15_000;
  const heartbeatMs = options.heartbeatMs ?? Math.floor(ttlMs / 3);
  const me = options.instanceId;
  const keys = redisKeys(prefix);
  const local = new Map<PeerKey, LocalPeer>();
  // maxRetriesPerRequest null: while Redis is briefly away commands wait for it instead of failing.
  // Auto-pipelining sends the commands issued in one tick in one write.
  const redis = new Redis(options.url, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    enableAutoPipelining: true,
  });
  const subscriber = redis.duplicate();
  await Promise.all([redis.connect(), subscriber.connect()]);
  redis.on('error', (error: Error) => options.logger.warn({ error: error.message }, 'redis error'));
  subscriber.on('error', (error: Error) => options.logger.warn({ error: error.message }, 'redis error'));

  const registrations = redisRegistrations(redis, keys, me);
  const publishTo = (instance: string, message: InstanceMessage): Promise<number> =>
    redis.publish(keys.instanceChannel(instance), encodeInstanceMessage(message));
  const signals = createRedisSignalRelay({
    redis,
    keys,
    instanceId: me,
    local,
    publishTo,
    maxBacklogBytes: options.maxBacklogBytes ?? 16 * 1024 * 1024,
    logger: options.logger,
  });
  const announce = (key: PeerKey, online: boolean): Promise<number> =>
    redis.publish(keys.presenceChannel, encodePresence(key, online));

  const onControl = (message: InstanceMessage): void => {
    switch (message.k) {
      case 'owner':
        signals.rememberOwner(message.key, message.instance);
        return;
      case 'replaced': {
        const previous = local.get(message.key);
        if (previous?.connectionId === message.conn) {
          local.delete(message.key);
          previous.close(REPLACED_CLOSE_CODE, REPLACED_REASON);
        }
        return;
      }
      case 'failed':
        signals.forgetOwner(peerKey(splitPeerKey(message.from).realm, message.to));
        local.get(message.from)?.relayFailed(message.code, message.to, message.ref);
        return;
    }
  };

  subscriber.on(
    'message',
    instanceMessageReader(keys.presenceChannel, {
      presence(key, online) {
        signals.forgetOwner(key);
        options.events.presence(key, online);
      },
      signal(header, text) {
        signals.deliver(header, text);
      },
      control: onControl,
      invalid(channel, what) {
        options.logger.warn({ channel }, `ignored an invalid ${what} from another instance`);
      },
    }),
  );
  await subscriber.subscribe(keys.instanceChannel(me), keys.presenceChannel);

  const stopLiveness = await startInstanceLiveness({
    redis,
    keys,
    instanceId: me,
    ttlMs,
    heartbeatMs,
    announceOffline: (key) => announce(key, false),
    async reclaim() {
      for (const [key, peer] of [...local]) {
        const outcome = await registrations.reclaim(key, peer);
        if (outcome === 'restored') {
          await announce(key, true);
        } else if (outcome === 'elsewhere' && local.get(key) === peer) {
          local.delete(key);
          peer.close(REPLACED_CLOSE_CODE, REPLACED_REASON);
        }
      }
    },
    logger: options.logger,
  });

  const unregister = async (key: PeerKey, peer: LocalPeer): Promise<void> => {
    if (local.get(key) === peer) {
      local.delete(key);
    }
    if (await registrations.unregister(key, peer.connectionId)) {
      await announce(key, false);
    }
  };

  return {
    async register(key, peer) {
      const previousLocal = local.get(key);
      local.set(key, peer);
      if (previousLocal && previousLocal !== peer) {
        previousLocal.close(REPLACED_CLOSE_CODE, REPLACED_REASON);
      }
      const previous = await registrations.register(key, peer);
      if (!previous?.alive) {
        await announce(key, true);
      } else if (previous.instance !== me) {
        await publishTo(previous.instance, { k: 'replaced', key, conn: previous.connectionId });
      }
    },
    unregister,
    relay(from, to, text, ref) {
      const target = local.get(to);
      if (target) {
        return target.deliver(text) ? 'delivered' : 'busy';
      }
      return signals.forward(from, to, text, ref);
    },
    async bundle(key) {
      const own = local.get(key);
      if (own) {
        return own.bundle;
      }
      return await registrations.bundle(key);
    },
    async online(peerKeys) {
      const registered = await registrations.onLiveInstance(peerKeys);
      return peerKeys.map((key, index) => local.has(key) || registered[index] === true);
    },
    local: (key) => local.get(key),
    get localSize() {
      return local.size;
    },
    async close() {
      stopLiveness();
      for (const [key, peer] of [...local]) {
        await unregister(key, peer);
      }
      await redis.del(keys.alive(me), keys.peersOf(me));
      await redis.srem(keys.instances, me);
      await subscriber.quit();
      await redis.quit();
    },
  };
};
