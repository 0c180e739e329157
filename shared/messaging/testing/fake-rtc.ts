// An in-memory stand-in for WebRTC with simple-peer's observable behaviour (an offer from the initiator, an
// answer back, then an ordered data channel), for tests of the connection manager's logic on virtual time.
// Real WebRTC is exercised by the headless-peer integration test and the browser e2e.
import type { Clock } from '../../ports/clock';
import type { RtcPeer, RtcPeerEvents, RtcPeerFactory } from '../connection-manager';

interface FakePeer extends RtcPeer {
  readonly token: string;
  remote: FakePeer | null;
  readonly events: RtcPeerEvents;
  destroyed: boolean;
}

export interface FakeRtcNetwork {
  factory(): RtcPeerFactory;
  /** Breaks every open connection, as a network change would. */
  breakAll(): void;
  readonly created: () => number;
}

export const createFakeRtcNetwork = (clock: Clock, latencyMs = 5): FakeRtcNetwork => {
  const peers = new Map<string, FakePeer>();
  /** How to open each peer's channel, once both sides have exchanged offer and answer. */
  const openers = new Map<string, () => void>();
  let next = 0;
  const later = (action: () => void) => clock.setTimeout(action, latencyMs);

  const close = (peer: FakePeer, reason: string | null): void => {
    if (peer.destroyed) {
      return;
    }
    peer.destroyed = true;
    peers.delete(peer.token);
    openers.delete(peer.token);
    later(() => peer.events.onClose(reason));
  };

  return {
    factory: () => ({
      create({ initiator }, events) {
        next += 1;
        const token = `fake-${next}`;
        let connected = false;
        const peer: FakePeer = {
          token,
          remote: null,
          events,
          destroyed: false,
          get open() {
            return connected && !peer.destroyed;
          },
          bufferedAmount: 0,
          drained: () => Promise.resolve(),
          send(bytes) {
            const remote = peer.remote;
            if (!connected || !remote || peer.destroyed) {
              return;
            }
            const copy = bytes.slice();
            later(() => {
              if (!remote.destroyed) {
                remote.events.onData(copy);
              }
            });
          },
          signal(data) {
            const signal = data as { type?: string; sdp?: string };
            const other = peers.get(signal.sdp ?? '');
            if (signal.type === 'offer' && other && !initiator) {
              peer.remote = other;
              later(() => events.onSignal({ type: 'answer', sdp: token }));
            } else if (signal.type === 'answer' && other && initiator) {
              peer.remote = other;
              other.remote = peer;
              later(() => {
                if (!peer.destroyed && !other.destroyed) {
                  openers.get(other.token)?.();
                  openers.get(token)?.();
                }
              });
            }
          },
          destroy() {
            const remote = peer.remote;
            close(peer, null);
            if (remote && !remote.destroyed) {
              close(remote, 'the remote peer closed the connection');
            }
          },
        };
        openers.set(token, () => {
          connected = true;
          events.onConnect();
        });
        peers.set(token, peer);
        if (initiator) {
          later(() => events.onSignal({ type: 'offer', sdp: token }));
        }
        return peer;
      },
    }),
    breakAll() {
      for (const peer of [...peers.values()]) {
        close(peer, 'connection lost');
      }
    },
    created: () => next,
  };
};
