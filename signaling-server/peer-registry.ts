// Which registered peer is on which live connection. A peer ID has one connection: a reconnect replaces the
// old one (multi-device support will register devices under distinct keys; see docs/PROTOCOL.md).
import type { PeerId } from '../shared/identity/peer-id';

export interface PeerConnection {
  send(text: string): void;
  /** Bytes queued for this connection and not yet written to its socket. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

export interface PeerRegistry {
  register(peerId: PeerId, connection: PeerConnection): void;
  unregister(peerId: PeerId, connection: PeerConnection): void;
  lookup(peerId: PeerId): PeerConnection | undefined;
  readonly size: number;
}

export const REPLACED_CLOSE_CODE = 4001;

export const createPeerRegistry = (): PeerRegistry => {
  const peers = new Map<PeerId, PeerConnection>();
  return {
    register(peerId, connection) {
      const previous = peers.get(peerId);
      peers.set(peerId, connection);
      if (previous && previous !== connection) {
        previous.close(REPLACED_CLOSE_CODE, 'replaced by a newer connection');
      }
    },
    unregister(peerId, connection) {
      // A replaced connection closing late must not evict its successor.
      if (peers.get(peerId) === connection) {
        peers.delete(peerId);
      }
    },
    lookup: (peerId) => peers.get(peerId),
    get size() {
      return peers.size;
    },
  };
};
