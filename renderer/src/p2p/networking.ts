// Joins the signaling client, the peer links and their end-to-end sessions: signals from the server go to the
// links, link signals go out through the server, and a link counts as connected only once its session handshake
// has authenticated the peer. Everything it observes is reported as events for the store.
import type { HostApi } from '../../../shared/host/host-contract';
import type { PeerId } from '../../../shared/identity/peer-id';
import { ok } from '../../../shared/result';
import type { SignalingEvent, SignalingSocket } from '../../../shared/signaling/signaling-client';
import { connectReconnectingSignaling } from '../../../shared/signaling/reconnecting-signaling';
import { createSealedSignals } from '../../../shared/signaling/sealed-signals';
import { createPeerLinks, type LinkState, type PeerLinks } from './peer-links';
import { createSecureSessions } from './secure-sessions';

export type NetworkEvent =
  | SignalingEvent
  | { readonly type: 'link'; readonly peerId: PeerId; readonly state: LinkState; readonly reason?: string }
  | { readonly type: 'data'; readonly peerId: PeerId; readonly text: string };

export interface Networking {
  dial(peerId: PeerId): void;
  send(peerId: PeerId, text: string): Promise<boolean>;
  stop(): void;
}

export const startNetworking = (deps: {
  readonly host: HostApi;
  readonly signalingUrl: string;
  readonly onEvent: (event: NetworkEvent) => void;
}): Networking => {
  let links: PeerLinks | null = null;
  const pendingDials = new Set<PeerId>();
  const linkEvent = (peerId: PeerId, state: LinkState, reason?: string) =>
    deps.onEvent(
      reason === undefined ? { type: 'link', peerId, state } : { type: 'link', peerId, state, reason },
    );
  const sessions = createSecureSessions(deps.host, {
    sendRaw: (peerId, bytes) => links?.send(peerId, bytes) ?? false,
    onSecured: (peerId) => linkEvent(peerId, 'connected'),
    onFailed: (peerId, reason) => linkEvent(peerId, 'failed', reason),
    onText: (peerId, text) => deps.onEvent({ type: 'data', peerId, text }),
  });

  // The signaling server relays only sealed envelopes: it never sees SDP or IP addresses.
  const sealedSignals = createSealedSignals({
    lookup: (peerId) => signaling.lookup(peerId),
    seal: async (recipient, payload) => {
      const sealed = await deps.host.sealSignal({ recipient, payload });
      return sealed.ok ? ok(sealed.value.sealed) : sealed;
    },
    open: async (from, sealed) => {
      const opened = await deps.host.openSignal({ from, sealed });
      return opened.ok ? ok(opened.value.payload) : opened;
    },
    sendSealed: (to, sealed) => signaling.sendSignal(to, sealed),
    deliver: (from, payload) => links?.acceptSignal(from, payload),
    onError: (peerId, code, message) => {
      deps.onEvent({ type: 'error', code, message: `${peerId}: ${message}` });
      linkEvent(peerId, 'failed', message);
    },
  });

  const signaling = connectReconnectingSignaling({
    timers: {
      setTimeout: (callback, ms) => window.setTimeout(callback, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
    },
    random: Math.random,
    url: deps.signalingUrl,
    openSocket: (url) => new WebSocket(url) as unknown as SignalingSocket,
    answerChallenge: (challenge) => deps.host.signSignalingChallenge(challenge),
    onEvent(event) {
      // Links outlive a signaling reconnect: open data channels do not depend on the server.
      if (event.type === 'state' && event.state.status === 'ready' && !links) {
        links = createPeerLinks(event.state.iceServers, {
          onState: (peerId, state, reason) => {
            if (state === 'closed' || state === 'failed') {
              sessions.channelClosed(peerId);
            }
            linkEvent(peerId, state, reason);
          },
          onOpen: (peerId, initiator) => sessions.channelOpened(peerId, initiator),
          onData: (peerId, bytes) => sessions.received(peerId, bytes),
          sendSignal: (peerId, payload) => void sealedSignals.send(peerId, payload),
        });
        for (const peerId of pendingDials) {
          links.dial(peerId);
        }
        pendingDials.clear();
      }
      if (event.type === 'signal') {
        void sealedSignals.receive(event.from, event.payload);
      }
      if (event.type === 'state' && event.state.status === 'closed') {
        // Whoever is there after a reconnect may have re-registered with a new key: look bundles up again.
        sealedSignals.forget();
      }
      deps.onEvent(event);
    },
  });

  return {
    dial(peerId) {
      if (links) {
        links.dial(peerId);
      } else {
        pendingDials.add(peerId);
      }
    },
    send: (peerId, text) => sessions.send(peerId, text),
    stop() {
      links?.closeAll();
      signaling.close();
    },
  };
};
