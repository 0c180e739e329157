// Adapts a simple-peer instance (the browser bundle in the app, simple-peer with @roamhq/wrtc in Node) to the
// RtcPeer the connection manager drives, working around its known traps: `close` that never fires (the ICE
// state is watched here, and a connection that stays disconnected is ended), signals or sends after destroy()
// (guarded), and send() ignoring back-pressure (the channel's bufferedAmount and bufferedamountlow are
// exposed so the secure link can pace itself).
import type { RtcPeer, RtcPeerEvents } from './connection-manager';

/** The part of a simple-peer instance used here (its typings differ between the bundles). */
export interface SimplePeerLike {
  on(event: 'signal', listener: (data: unknown) => void): unknown;
  on(event: 'connect' | 'close', listener: () => void): unknown;
  on(event: 'data', listener: (data: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'iceStateChange', listener: (iceConnectionState: string) => void): unknown;
  signal(data: never): void;
  send(data: Uint8Array): void;
  destroy(): void;
  readonly destroyed: boolean;
  /** simple-peer's data channel (private, but the only way to its buffer events). */
  readonly _channel?: {
    readonly readyState: string;
    bufferedAmount: number;
    bufferedAmountLowThreshold: number;
    addEventListener(type: 'bufferedamountlow', listener: () => void): void;
    removeEventListener(type: 'bufferedamountlow', listener: () => void): void;
  } | null;
}

/** A connection whose ICE state stays "disconnected" this long is treated as closed. */
export const DISCONNECTED_GRACE_MS = 5_000;
const LOW_WATER_MARK = 256 * 1024;

export const adaptSimplePeer = (peer: SimplePeerLike, events: RtcPeerEvents): RtcPeer => {
  let ended = false;
  // The channel itself, not simple-peer's `connected`: that is set only after an asynchronous getStats once the
  // channel is open, and the peer's first message (the handshake's hello) can arrive in between. A reply sent
  // then would be dropped, and the dialer would wait out its timeout.
  const channelOpen = (): boolean => !ended && !peer.destroyed && peer._channel?.readyState === 'open';
  let disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
  const end = (reason: string | null): void => {
    if (ended) {
      return;
    }
    ended = true;
    if (disconnectedTimer !== null) {
      clearTimeout(disconnectedTimer);
    }
    if (!peer.destroyed) {
      peer.destroy();
    }
    events.onClose(reason);
  };

  peer.on('signal', (data) => {
    if (!ended) {
      events.onSignal(data);
    }
  });
  peer.on('connect', () => {
    const channel = peer._channel;
    if (channel) {
      channel.bufferedAmountLowThreshold = LOW_WATER_MARK;
    }
    events.onConnect();
  });
  // simple-peer hands out its Buffer polyfill in browsers; a plain Uint8Array crosses to the host cleanly.
  peer.on('data', (data) => {
    if (!ended) {
      events.onData(Uint8Array.from(data));
    }
  });
  peer.on('close', () => end(null));
  peer.on('error', (error) => end(error.message));
  peer.on('iceStateChange', (state) => {
    if (state === 'failed' || state === 'closed') {
      end(`ICE ${state}`);
    } else if (state === 'disconnected') {
      disconnectedTimer ??= setTimeout(() => end('connection lost'), DISCONNECTED_GRACE_MS);
    } else if (disconnectedTimer !== null) {
      clearTimeout(disconnectedTimer);
      disconnectedTimer = null;
    }
  });

  return {
    signal(data) {
      // After destroy() simple-peer throws "cannot signal after peer is destroyed": late signals are dropped.
      if (!ended && !peer.destroyed) {
        peer.signal(data as never);
      }
    },
    send(bytes) {
      if (channelOpen()) {
        peer.send(bytes);
      }
    },
    get bufferedAmount() {
      return peer._channel?.bufferedAmount ?? 0;
    },
    drained() {
      const channel = peer._channel;
      if (!channel || ended) {
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = (): void => {
          channel.removeEventListener('bufferedamountlow', done);
          resolve();
        };
        channel.addEventListener('bufferedamountlow', done);
        // A channel that closes never fires bufferedamountlow; the link re-checks `open` after waking.
        setTimeout(done, 1_000);
      });
    },
    get open() {
      return channelOpen();
    },
    destroy: () => end(null),
  };
};
