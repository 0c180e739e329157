// Where each registered peer is connected, and how a frame reaches it. One instance keeps this in memory
// (local-directory.ts); several instances share it through Redis (redis-directory.ts). Peers are addressed by
// realm and peer ID together, so realms never see each other.
import type { KeyBundle } from '../shared/identity/key-bundle';
import type { PeerId } from '../shared/identity/peer-id';

/** `realm/peerId`: realm names cannot contain `/`, so the key is unambiguous. */
export type PeerKey = `${string}/${string}`;

export const peerKey = (realm: string, peerId: PeerId): PeerKey => `${realm}/${peerId}`;

export const splitPeerKey = (key: PeerKey): { readonly realm: string; readonly peerId: PeerId } => {
  const slash = key.indexOf('/');
  return { realm: key.slice(0, slash), peerId: key.slice(slash + 1) as PeerId };
};

/** A registered connection on this instance. */
export interface LocalPeer {
  /** Unique per connection across all instances, so a late close never evicts a successor. */
  readonly connectionId: string;
  readonly bundle: KeyBundle;
  /** Queues `text` unless the connection already has too much unread; false means it was dropped. */
  deliver(text: string): boolean;
  close(code: number, reason: string): void;
  /** Another instance could not deliver a frame this peer sent. */
  relayFailed(code: RelayFailureCode, to: PeerId, ref: string | undefined): void;
}

export type RelayOutcome = 'delivered' | 'forwarded' | 'offline' | 'busy';

export type RelayFailureCode = 'SIGNAL_PEER_OFFLINE' | 'SIGNAL_RECIPIENT_BUSY';

export interface DirectoryEvents {
  /** A peer came online or went offline anywhere in the cluster (never for a replacement). */
  presence(key: PeerKey, online: boolean): void;
}

export interface PeerDirectory {
  /** Registers a connection; an older connection of the same peer, here or elsewhere, is closed with 4001. */
  register(key: PeerKey, peer: LocalPeer): Promise<void>;
  /** Forgets a connection, unless a newer one of the same peer already replaced it. */
  unregister(key: PeerKey, peer: LocalPeer): Promise<void>;
  /** The outcome at once when the recipient is on this instance, a promise when another must be asked. */
  relay(
    from: PeerKey,
    to: PeerKey,
    text: string,
    ref: string | undefined,
  ): RelayOutcome | Promise<RelayOutcome>;
  bundle(key: PeerKey): Promise<KeyBundle | null>;
  online(keys: readonly PeerKey[]): Promise<readonly boolean[]>;
  local(key: PeerKey): LocalPeer | undefined;
  readonly localSize: number;
  close(): Promise<void>;
}
