// What the connection manager drives and reports: one WebRTC peer connection (simple-peer behind an adapter in
// the app and in Node, a fake network in tests), the privileged session layer that authenticates each channel,
// and the connection state the UI shows per contact.
import type { PeerId } from '../identity/peer-id';
import type { Result } from '../result';
import type { IceServer } from '../signaling/signaling-frames';
import type { DataChannelPort } from './secure-link';

/** One WebRTC peer connection with its data channel (simple-peer behind an adapter). */
export interface RtcPeer extends DataChannelPort {
  /** A signal from the remote side (simple-peer's signal data, as JSON-compatible value). */
  signal(data: unknown): void;
  destroy(): void;
}

export interface RtcPeerEvents {
  onSignal(data: unknown): void;
  onConnect(): void;
  onData(bytes: Uint8Array): void;
  onClose(reason: string | null): void;
}

export interface RtcPeerFactory {
  create(
    options: { readonly initiator: boolean; readonly iceServers: readonly IceServer[] },
    events: RtcPeerEvents,
  ): RtcPeer;
}

/** The privileged session layer (the host in the app, the session service in Node). */
export interface SessionPort {
  begin(peer: PeerId): Promise<Result<Uint8Array>>;
  handshake(
    peer: PeerId,
    message: Uint8Array,
  ): Promise<Result<{ readonly reply: Uint8Array | null; readonly established: boolean }>>;
  seal(peer: PeerId, plaintext: Uint8Array): Promise<Result<Uint8Array>>;
  open(peer: PeerId, record: Uint8Array): Promise<Result<Uint8Array>>;
  end(peer: PeerId): void;
}

export type ConnectionState =
  | { readonly status: 'offline' }
  | { readonly status: 'connecting' }
  | { readonly status: 'connected' }
  | { readonly status: 'failed'; readonly reason: string };
