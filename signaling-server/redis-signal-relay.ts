// Signals between peers on different instances. Each goes to the recipient's instance over its Redis channel;
// where each remote peer is gets cached, so a signal costs one PUBLISH rather than a lookup and a PUBLISH, and
// a signal sent on a stale entry is forwarded once by the instance that no longer has the peer.
import type { Redis } from 'ioredis';
import { signalBatchEncoder, type InstanceMessage, type SignalHeader } from './instance-messages';
import { splitPeerKey, type LocalPeer, type PeerKey, type RelayOutcome } from './peer-directory';
import type { Logger } from '../shared/ports/logger';
import type { RedisKeys } from './redis-keys';

const MAX_CACHED_OWNERS = 100_000;

export interface RedisSignalRelayDeps {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly instanceId: string;
  /** The peers connected to this instance. */
  readonly local: ReadonlyMap<PeerKey, LocalPeer>;
  readonly publishTo: (instance: string, message: InstanceMessage) => Promise<number>;
  /** Bytes of signals that may wait on Redis (a lookup or a publish not yet answered); more are refused as busy. */
  readonly maxBacklogBytes: number;
  readonly logger: Logger;
}

export interface RedisSignalRelay {
  /** Sends a signal for a peer not on this instance to the instance it is on; 'offline' when none has it. */
  forward(
    from: PeerKey,
    to: PeerKey,
    text: string,
    ref: string | undefined,
  ): RelayOutcome | Promise<RelayOutcome>;
  /** Delivers a signal from another instance; only a miss (the peer moved or left) costs any asynchronous work. */
  deliver(header: SignalHeader, text: string): void;
  /** Notes which instance a peer is on, as another instance reported it. */
  rememberOwner(key: PeerKey, instance: string): void;
  /** Drops the cached instance of a peer: it came, went, or could not be reached there. */
  forgetOwner(key: PeerKey): void;
}

export const createRedisSignalRelay = (deps: RedisSignalRelayDeps): RedisSignalRelay => {
  const { redis, keys, instanceId: me, local, publishTo } = deps;
  /**
   * Which instance each remote peer was last seen on. Dropped on any presence change of the peer; a stale entry
   * costs one forward (see `onSignalMissed`).
   */
  const owners = new Map<PeerKey, string>();
  const rememberOwner = (key: PeerKey, instance: string): void => {
    if (owners.size >= MAX_CACHED_OWNERS) {
      owners.clear();
    }
    owners.set(key, instance);
  };

  // Signals for one instance issued in the same event-loop turn go out as one PUBLISH: under load that is one
  // Redis round trip and one message to decode for many signals.
  const batches = new Map<
    string,
    { readonly items: [SignalHeader, string][]; readonly published: Promise<number> }
  >();
  const encodeBatch = signalBatchEncoder();
  // Bytes of signals waiting on Redis (a lookup or a publish not yet answered). While Redis stalls, commands
  // queue until it answers, so without a bound they would pile up in memory and arrive stale; past it, `forward`
  // answers busy.
  let backlogBytes = 0;
  /** Tells this instance's senders of `items` that their signals did not go out. */
  const failItems = (items: readonly [SignalHeader, string][], receivers: number | null): void => {
    for (const [item] of items) {
      owners.delete(item.to);
      if (item.fromInstance === me) {
        local.get(item.from)?.relayFailed('SIGNAL_PEER_OFFLINE', splitPeerKey(item.to).peerId, item.ref);
      }
    }
    if (receivers === null) {
      deps.logger.warn({ signals: items.length }, 'signals for another instance could not be published');
    }
  };
  const publishSignal = (instance: string, header: SignalHeader, text: string): Promise<number> => {
    let batch = batches.get(instance);
    if (!batch) {
      const items: [SignalHeader, string][] = [];
      const published = new Promise<number>((resolve) => {
        setImmediate(() => {
          batches.delete(instance);
          const bytes = items.reduce((sum, [, itemText]) => sum + itemText.length, 0);
          redis.publish(keys.instanceChannel(instance), encodeBatch(items)).then(
            (receivers) => {
              backlogBytes -= bytes;
              if (receivers === 0) {
                // That instance is gone: its peers are offline, and whoever sent to them is told.
                failItems(items, receivers);
              }
              resolve(receivers);
            },
            () => {
              backlogBytes -= bytes;
              failItems(items, null);
              resolve(0);
            },
          );
        });
      });
      batch = { items, published };
      batches.set(instance, batch);
    }
    backlogBytes += text.length;
    batch.items.push([header, text]);
    return batch.published;
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

  const lookUpAndForward = async (
    from: PeerKey,
    to: PeerKey,
    text: string,
    ref: string | undefined,
  ): Promise<RelayOutcome> => {
    const header: SignalHeader = { k: 'signal', from, fromInstance: me, to, ref, hops: 0 };
    backlogBytes += text.length;
    let instance: string | null;
    try {
      instance = await redis.hget(keys.peer(to), 'instance');
    } catch (error) {
      deps.logger.warn({ error: String(error) }, 'could not look up the instance of a recipient');
      return 'busy';
    } finally {
      backlogBytes -= text.length;
    }
    if (!instance || instance === me) {
      return 'offline';
    }
    // No subscriber on that channel means the instance is gone; publishSignal then tells the sender itself.
    if ((await publishSignal(instance, header, text)) > 0) {
      rememberOwner(to, instance);
    }
    return 'forwarded';
  };

  return {
    forward(from, to, text, ref) {
      if (backlogBytes + text.length > deps.maxBacklogBytes) {
        return 'busy';
      }
      const cached = owners.get(to);
      if (cached && cached !== me) {
        // Handed on at once; if nobody receives the batch, its senders are told (see publishSignal).
        void publishSignal(cached, { k: 'signal', from, fromInstance: me, to, ref, hops: 0 }, text);
        return 'forwarded';
      }
      return lookUpAndForward(from, to, text, ref);
    },
    deliver(header, text) {
      const target = local.get(header.to);
      if (target?.deliver(text)) {
        return;
      }
      void onSignalMissed(header, text, target !== undefined);
    },
    rememberOwner,
    forgetOwner: (key) => {
      owners.delete(key);
    },
  };
};
