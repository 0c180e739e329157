// Keeps a signaling connection up: after a close it reconnects with capped exponential backoff and full jitter
// (delay = random × min(max, base × 2^attempt)), so a restarting server is not hit by every client at once.
// Event-driven, unlike promise-retry libraries, and the timer and randomness are passed in for tests. The one
// close it does not retry is a replacement by a newer connection of the same peer ID (close-codes.ts).
import type { PeerId } from '../identity/peer-id';
import { connectSignaling, type SignalingClient, type SignalingClientDeps } from './signaling-client';

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

export const backoffDelay = (attempt: number, policy: BackoffPolicy, random: () => number): number =>
  Math.floor(random() * Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30)));

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ReconnectingSignalingDeps extends SignalingClientDeps {
  readonly timers: Timers;
  readonly random: () => number;
  readonly backoff?: BackoffPolicy;
}

export interface ReconnectingSignaling extends SignalingClient {
  /**
   * While waiting to reconnect, or parked after another connection of this peer ID took over, connects now (the
   * user asked) and starts the backoff over.
   */
  reconnectNow(): void;
}

export const connectReconnectingSignaling = (deps: ReconnectingSignalingDeps): ReconnectingSignaling => {
  const policy = deps.backoff ?? DEFAULT_BACKOFF;
  let attempt = 0;
  let stopped = false;
  let retry: unknown = null;
  // Closed because a newer connection of this peer ID took over: no retry until reconnectNow.
  let parked = false;
  let current: SignalingClient;
  // Presence subscriptions outlive a connection: each new registration asks for them again.
  const watched = new Set<PeerId>();

  const open = (): void => {
    current = connectSignaling({
      ...deps,
      onEvent(event) {
        if (event.type === 'state' && event.state.status === 'ready') {
          attempt = 0;
          if (watched.size > 0) {
            current.watch([...watched]);
          }
        }
        deps.onEvent(event);
        if (event.type === 'state' && event.state.status === 'closed' && event.state.replaced) {
          parked = true;
          return;
        }
        if (event.type === 'state' && event.state.status === 'closed' && !stopped) {
          // A server going away names its own window, so its clients spread out over it.
          const delay =
            event.state.reconnectWithinMs === undefined
              ? backoffDelay(attempt, policy, deps.random)
              : Math.floor(deps.random() * event.state.reconnectWithinMs);
          retry = deps.timers.setTimeout(() => {
            retry = null;
            open();
          }, delay);
          attempt += 1;
        }
      },
    });
  };
  open();

  return {
    sendSignal: (to, payload, ref) => current.sendSignal(to, payload, ref),
    lookup: (peerId) => current.lookup(peerId),
    watch(peerIds) {
      const added = peerIds.filter((peerId) => !watched.has(peerId));
      added.forEach((peerId) => watched.add(peerId));
      if (added.length > 0) {
        current.watch(added);
      }
    },
    unwatch(peerIds) {
      peerIds.forEach((peerId) => watched.delete(peerId));
      current.unwatch(peerIds);
    },
    refreshIce: () => current.refreshIce(),
    reconnectNow() {
      if (stopped || (retry === null && !parked)) {
        return;
      }
      if (retry !== null) {
        deps.timers.clearTimeout(retry);
        retry = null;
      }
      parked = false;
      attempt = 0;
      open();
    },
    close() {
      stopped = true;
      if (retry !== null) {
        deps.timers.clearTimeout(retry);
      }
      current.close();
    },
  };
};
