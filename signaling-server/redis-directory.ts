// The peer directory shared by several instances through Redis (ioredis). Registrations live in one hash per
// peer (instance, connection, key bundle); signals and control messages go to the owning instance over Redis
// pub/sub, one channel per instance; presence changes go to every instance over one channel. Pub/sub rather
// than streams: signals are ephemeral and clients retry, so at-most-once delivery with no storage is the right
// trade (see docs/SELF_HOSTING.md). Each instance keeps a liveness key with a TTL; when one dies, a survivor
// reaps its registrations and announces those peers offline.
import { Redis } from 'ioredis';
import { startInstanceLiveness } from './instance-liveness';
import { redisKeys } from './redis-keys';
import { z } from 'zod';
import { KeyBundleSchema } from '../shared/identity/key-bundle';
import { PeerIdSchema } from '../shared/identity/peer-id';
import type { Logger } from '../shared/ports/logger';
import {
  REPLACED_CLOSE_CODE,
  REPLACED_REASON,
  peerKey,
  splitPeerKey,
  type DirectoryEvents,
  type LocalPeer,
  type PeerDirectory,
  type PeerKey,
  type RelayOutcome,
} from './peer-directory';

const MAX_CACHED_OWNERS = 100_000;

export interface RedisDirectoryOptions {
  readonly url: string;
  readonly instanceId: string;
  readonly events: DirectoryEvents;
  readonly logger: Logger;
  /** How long an instance counts as alive after its last heartbeat. */
  readonly livenessTtlMs?: number;
  readonly heartbeatMs?: number;
  readonly keyPrefix?: string;
}

const PeerKeySchema = z.custom<PeerKey>(
  (value) => typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,63}\/[a-z2-7]{32}$/.test(value),
);
const Ref = z.string().max(64).optional();
/**
 * A relayed signal's routing. Signals travel in batches (below) with their frame text exactly as the recipient
 * gets it, so the payload is neither escaped into nor parsed out of a second layer of JSON.
 */
interface SignalHeader {
  readonly k: 'signal';
  readonly from: PeerKey;
  readonly fromInstance: string;
  readonly to: PeerKey;
  readonly ref: string | undefined;
  /** How often it was forwarded because the peer had moved; once is enough. */
  readonly hops: 0 | 1;
}
type BatchedHeader = SignalHeader & { readonly n: number };
const PEER_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}\/[a-z2-7]{32}$/;
const BATCH_HEADER_KEYS: ReadonlySet<string> = new Set([
  'k',
  'from',
  'fromInstance',
  'to',
  'ref',
  'hops',
  'n',
]);

/**
 * A batch: the headers, each with its text's length, as a JSON array; a newline; then the texts back to back.
 * The headers are checked by hand, field by field: there is one per relayed signal, so no schema library here.
 */
const isBatchedHeader = (value: unknown): value is BatchedHeader => {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const header = value as Record<string, unknown>;
  for (const key in header) {
    if (!Object.hasOwn(header, key) || !BATCH_HEADER_KEYS.has(key)) {
      return false;
    }
  }
  const { from, to, ref, hops, n } = header;
  return (
    header.k === 'signal' &&
    typeof from === 'string' &&
    PEER_KEY_PATTERN.test(from) &&
    typeof to === 'string' &&
    PEER_KEY_PATTERN.test(to) &&
    typeof header.fromInstance === 'string' &&
    (ref === undefined || (typeof ref === 'string' && ref.length <= 64)) &&
    (hops === 0 || hops === 1) &&
    typeof n === 'number' &&
    Number.isInteger(n) &&
    n >= 0
  );
};
const InstanceMessageSchema = z.discriminatedUnion('k', [
  /** Where a peer is connected now, for the sender's cache. */
  z.object({ k: z.literal('owner'), key: PeerKeySchema, instance: z.string() }),
  z.object({ k: z.literal('replaced'), key: PeerKeySchema, conn: z.string() }),
  z.object({
    k: z.literal('failed'),
    from: PeerKeySchema,
    to: PeerIdSchema,
    code: z.enum(['SIGNAL_PEER_OFFLINE', 'SIGNAL_RECIPIENT_BUSY']),
    ref: Ref,
  }),
]);
type InstanceMessage = z.infer<typeof InstanceMessageSchema>;
const PresenceMessageSchema = z.object({ key: PeerKeySchema, online: z.boolean() });

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
export const createRedisDirectory = async (options: RedisDirectoryOptions): Promise<PeerDirectory> => {
  const prefix = options.keyPrefix ?? 'parley:';
  const ttlMs = options.livenessTtlMs ?? 15_000;
  const heartbeatMs = options.heartbeatMs ?? Math.floor(ttlMs / 3);
  const me = options.instanceId;
  const keys = redisKeys(prefix);
  const local = new Map<PeerKey, LocalPeer>();
  /**
   * Which instance each remote peer was last seen on, so a signal costs one PUBLISH instead of a lookup and a
   * PUBLISH. Dropped on any presence change of the peer; a stale entry costs one forward (see `signal`).
   */
  const owners = new Map<PeerKey, string>();
  const rememberOwner = (key: PeerKey, instance: string): void => {
    if (owners.size >= MAX_CACHED_OWNERS) {
      owners.clear();
    }
    owners.set(key, instance);
  };
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

  const publishTo = (instance: string, message: InstanceMessage): Promise<number> =>
    redis.publish(keys.instanceChannel(instance), JSON.stringify(message));
  // Signals for one instance issued in the same event-loop turn go out as one PUBLISH: under load that is one
  // Redis round trip and one message to decode for many signals.
  const batches = new Map<
    string,
    { readonly items: [SignalHeader, string][]; readonly published: Promise<number> }
  >();
  // One header per relayed signal, written by hand: peer keys are checked [a-z0-9/-] and the instance ID is
  // escaped once, so only `ref` (any client text) needs JSON escaping.
  const instanceJson = new Map<string, string>();
  const escapedInstance = (id: string): string => {
    let escaped = instanceJson.get(id);
    if (escaped === undefined) {
      escaped = JSON.stringify(id);
      instanceJson.set(id, escaped);
    }
    return escaped;
  };
  const headerJson = (header: SignalHeader, length: number): string =>
    `{"k":"signal","from":"${header.from}","fromInstance":${escapedInstance(header.fromInstance)},` +
    `"to":"${header.to}",${header.ref === undefined ? '' : `"ref":${JSON.stringify(header.ref)},`}` +
    `"hops":${header.hops},"n":${length}}`;
  const publishSignal = (instance: string, header: SignalHeader, text: string): Promise<number> => {
    let batch = batches.get(instance);
    if (!batch) {
      const items: [SignalHeader, string][] = [];
      const published = new Promise<number>((resolve, reject) => {
        setImmediate(() => {
          batches.delete(instance);
          const headers = items.map(([itemHeader, itemText]) => headerJson(itemHeader, itemText.length));
          const texts = items.map(([, itemText]) => itemText).join('');
          redis
            .publish(keys.instanceChannel(instance), `[${headers.join(',')}]\n${texts}`)
            .then((receivers) => {
              if (receivers === 0) {
                // That instance is gone: its peers are offline, and whoever sent to them is told.
                for (const [item] of items) {
                  owners.delete(item.to);
                  if (item.fromInstance === me) {
                    local
                      .get(item.from)
                      ?.relayFailed('SIGNAL_PEER_OFFLINE', splitPeerKey(item.to).peerId, item.ref);
                  }
                }
              }
              resolve(receivers);
            }, reject);
        });
      });
      batch = { items, published };
      batches.set(instance, batch);
    }
    batch.items.push([header, text]);
    return batch.published;
  };

  /** Delivers a signal from another instance; only a miss (the peer moved or left) costs any asynchronous work. */
  const onSignal = (header: SignalHeader, text: string): void => {
    const target = local.get(header.to);
    if (target?.deliver(text)) {
      return;
    }
    void onSignalMissed(header, text, target !== undefined);
  };
  const onSignalMissed = async (header: SignalHeader, text: string, busy: boolean): Promise<void> => {
    if (!busy && header.hops === 0) {
      // The sender's cache was stale: the peer moved. Forward once to where it is, and say so.
      const owner = await redis.hget(keys.peer(header.to), 'instance');
      if (owner && owner !== me && (await publishSignal(owner, { ...header, hops: 1 }, text)) > 0) {
        void publishTo(header.fromInstance, { k: 'owner', key: header.to, instance: owner });
        return;
      }
    }
    void publishTo(header.fromInstance, {
      k: 'failed',
      from: header.from,
      to: splitPeerKey(header.to).peerId,
      code: busy ? 'SIGNAL_RECIPIENT_BUSY' : 'SIGNAL_PEER_OFFLINE',
      ref: header.ref,
    });
  };
  const announce = (key: PeerKey, online: boolean): Promise<number> =>
    redis.publish(keys.presenceChannel, JSON.stringify({ key, online }));

  const onInstanceMessage = (message: InstanceMessage): void => {
    switch (message.k) {
      case 'owner':
        rememberOwner(message.key, message.instance);
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
        owners.delete(peerKey(splitPeerKey(message.from).realm, message.to));
        local.get(message.from)?.relayFailed(message.code, message.to, message.ref);
        return;
    }
  };

  subscriber.on('message', (channel: string, text: string) => {
    const newline = text.indexOf('\n');
    let json: unknown;
    try {
      json = JSON.parse(newline < 0 ? text : text.slice(0, newline));
    } catch {
      return;
    }
    if (channel === keys.presenceChannel) {
      const presence = PresenceMessageSchema.safeParse(json);
      if (presence.success) {
        owners.delete(presence.data.key);
        options.events.presence(presence.data.key, presence.data.online);
      }
      return;
    }
    if (newline >= 0) {
      if (!Array.isArray(json) || !json.every(isBatchedHeader)) {
        options.logger.warn({ channel }, 'ignored an invalid signal batch from another instance');
        return;
      }
      let at = newline + 1;
      for (const { n, ...header } of json) {
        onSignal(header, text.slice(at, at + n));
        at += n;
      }
      return;
    }
    const message = InstanceMessageSchema.safeParse(json);
    if (message.success) {
      onInstanceMessage(message.data);
    } else {
      options.logger.warn({ channel }, 'ignored an invalid message from another instance');
    }
  });
  await subscriber.subscribe(keys.instanceChannel(me), keys.presenceChannel);

  const stopLiveness = await startInstanceLiveness({
    redis,
    keys,
    instanceId: me,
    ttlMs,
    heartbeatMs,
    announceOffline: (key) => announce(key, false),
    logger: options.logger,
  });

  const relayRemote = async (
    from: PeerKey,
    to: PeerKey,
    text: string,
    ref: string | undefined,
  ): Promise<RelayOutcome> => {
    const header: SignalHeader = { k: 'signal', from, fromInstance: me, to, ref, hops: 0 };
    const instance = await redis.hget(keys.peer(to), 'instance');
    if (!instance || instance === me) {
      return 'offline';
    }
    // No subscriber on that channel means the instance is gone; publishSignal then tells the sender itself.
    if ((await publishSignal(instance, header, text)) > 0) {
      rememberOwner(to, instance);
    }
    return 'forwarded';
  };

  const unregister = async (key: PeerKey, peer: LocalPeer): Promise<void> => {
    if (local.get(key) === peer) {
      local.delete(key);
    }
    const removed = await redis.eval(
      UNREGISTER_SCRIPT,
      2,
      keys.peer(key),
      keys.peersOf(me),
      peer.connectionId,
      key,
      me,
    );
    if (removed === 1) {
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
      const previous = (await redis.eval(
        REGISTER_SCRIPT,
        2,
        keys.peer(key),
        keys.peersOf(me),
        me,
        peer.connectionId,
        JSON.stringify(peer.bundle),
        key,
        keys.alivePrefix,
      )) as [string, string, number] | [];
      if (previous.length === 0 || previous[2] === 0) {
        await announce(key, true);
      } else if (previous[0] !== me) {
        await publishTo(previous[0], { k: 'replaced', key, conn: previous[1] });
      }
    },
    unregister,
    relay(from, to, text, ref) {
      const target = local.get(to);
      if (target) {
        return target.deliver(text) ? 'delivered' : 'busy';
      }
      const cached = owners.get(to);
      if (cached && cached !== me) {
        // Handed on at once; if nobody receives the batch, its senders are told (see publishSignal).
        void publishSignal(cached, { k: 'signal', from, fromInstance: me, to, ref, hops: 0 }, text);
        return 'forwarded';
      }
      return relayRemote(from, to, text, ref);
    },
    async bundle(key) {
      const own = local.get(key);
      if (own) {
        return own.bundle;
      }
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
    async online(peerKeys) {
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
      return peerKeys.map((key, index) => {
        const owner = owners[index];
        return local.has(key) || (owner !== null && owner !== undefined && alive.has(owner));
      });
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
