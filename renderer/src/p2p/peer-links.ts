// One WebRTC data channel per contact (simple-peer), with its offers/answers carried by the signaling client.
// Scaffolding for the foundation: the messaging engine (connection manager, glare, reconnects) replaces it.
import SimplePeer from 'simple-peer/simplepeer.min.js';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { IceServer } from '../../../shared/signaling/signaling-frames';

export type LinkState = 'connecting' | 'connected' | 'closed' | 'failed';

export interface PeerLinkEvents {
  onState(peerId: PeerId, state: LinkState, reason?: string): void;
  /** The data channel is open; nothing is trusted on it until the session handshake completes. */
  onOpen(peerId: PeerId, initiator: boolean): void;
  onData(peerId: PeerId, bytes: Uint8Array): void;
  sendSignal(peerId: PeerId, payload: string): void;
}

export interface PeerLinks {
  dial(peerId: PeerId): void;
  acceptSignal(from: PeerId, payload: string): void;
  send(peerId: PeerId, bytes: Uint8Array): boolean;
  closeAll(): void;
}

export const createPeerLinks = (iceServers: readonly IceServer[], events: PeerLinkEvents): PeerLinks => {
  const links = new Map<PeerId, SimplePeer.Instance>();

  const open = (peerId: PeerId, initiator: boolean): SimplePeer.Instance => {
    const peer = new SimplePeer({ initiator, trickle: true, config: { iceServers: [...iceServers] } });
    links.set(peerId, peer);
    events.onState(peerId, 'connecting');
    peer.on('signal', (data) => events.sendSignal(peerId, JSON.stringify(data)));
    peer.on('connect', () => events.onOpen(peerId, initiator));
    // simple-peer hands out its Buffer polyfill; a plain Uint8Array crosses to the host cleanly.
    peer.on('data', (data: Uint8Array) => events.onData(peerId, Uint8Array.from(data)));
    peer.on('error', (error: Error) => {
      if (links.get(peerId) === peer) {
        links.delete(peerId);
      }
      events.onState(peerId, 'failed', error.message);
    });
    peer.on('close', () => {
      if (links.get(peerId) === peer) {
        links.delete(peerId);
        events.onState(peerId, 'closed');
      }
    });
    return peer;
  };

  return {
    dial(peerId) {
      if (!links.has(peerId)) {
        open(peerId, true);
      }
    },
    acceptSignal(from, payload) {
      let data: SimplePeer.SignalData;
      try {
        data = JSON.parse(payload) as SimplePeer.SignalData;
      } catch {
        return;
      }
      const peer = links.get(from) ?? open(from, false);
      peer.signal(data);
    },
    send(peerId, bytes) {
      const peer = links.get(peerId);
      if (!peer?.connected) {
        return false;
      }
      peer.send(bytes);
      return true;
    },
    closeAll() {
      for (const peer of links.values()) {
        peer.destroy();
      }
      links.clear();
    },
  };
};
