// One WebSocket connection's life: challenge, authenticate, then relay signals with a server-stamped `from`.
import type { WebCryptoPort } from '../shared/crypto/web-crypto-port';
import { base64ToBytes, bytesToBase64 } from '../shared/encoding/bytes';
import type { ErrorCode } from '../shared/errors';
import { verifyIdentitySignature } from '../shared/identity/identity-keys';
import { publicKeyMatchesPeerId, type PeerId } from '../shared/identity/peer-id';
import type { Logger } from '../shared/ports/logger';
import { signalingAuthMessage } from '../shared/signaling/signaling-auth';
import {
  ClientFrameSchema,
  parseFrame,
  SIGNALING_PROTOCOL_VERSION,
  type ClientFrame,
  type IceServer,
  type ServerFrame,
} from '../shared/signaling/signaling-frames';
import type { PeerConnection, PeerRegistry } from './peer-registry';

export interface PeerSessionDeps {
  readonly serverId: string;
  readonly crypto: WebCryptoPort;
  readonly registry: PeerRegistry;
  readonly logger: Logger;
  readonly iceServers: readonly IceServer[];
  /** A recipient with more than this many bytes queued gets no more signals until it drains. */
  readonly maxBufferedBytes: number;
  readonly observe: { relayed(): void; rejected(code: ErrorCode): void };
}

export const POLICY_VIOLATION_CLOSE_CODE = 1008;

export interface PeerSession {
  start(): void;
  receive(text: string): Promise<void>;
  closed(): void;
  readonly peerId: PeerId | null;
}

export const createPeerSession = (connection: PeerConnection, deps: PeerSessionDeps): PeerSession => {
  const nonce = bytesToBase64(deps.crypto.getRandomValues(new Uint8Array(32)));
  let peerId: PeerId | null = null;
  let authenticating = false;

  const send = (frame: ServerFrame): void => connection.send(JSON.stringify(frame));
  const sendError = (code: ErrorCode, message: string): void => {
    deps.observe.rejected(code);
    send({ v: SIGNALING_PROTOCOL_VERSION, type: 'error', code, message });
  };

  const register = async (frame: Extract<ClientFrame, { type: 'register' }>): Promise<void> => {
    authenticating = true;
    const publicKey = base64ToBytes(frame.publicKey);
    const valid =
      (await publicKeyMatchesPeerId(deps.crypto, publicKey, frame.peerId)) &&
      (await verifyIdentitySignature(
        deps.crypto,
        publicKey,
        base64ToBytes(frame.signature),
        signalingAuthMessage(deps.serverId, nonce),
      ));
    authenticating = false;
    if (!valid) {
      sendError('SIGNAL_AUTH_FAILED', 'the key does not match the peer ID or the signature is invalid');
      connection.close(POLICY_VIOLATION_CLOSE_CODE, 'authentication failed');
      return;
    }
    peerId = frame.peerId;
    deps.registry.register(peerId, connection);
    deps.logger.info({ peerId }, 'peer registered');
    send({ v: SIGNALING_PROTOCOL_VERSION, type: 'registered', peerId, iceServers: [...deps.iceServers] });
  };

  const relay = (from: PeerId, frame: Extract<ClientFrame, { type: 'signal' }>): void => {
    const target = deps.registry.lookup(frame.to);
    if (!target) {
      sendError('SIGNAL_PEER_OFFLINE', `peer ${frame.to} is not connected`);
      return;
    }
    // Back-pressure: a slow reader's queue is bounded; the sender learns and may retry later.
    if (target.bufferedAmount > deps.maxBufferedBytes) {
      sendError('SIGNAL_RECIPIENT_BUSY', `peer ${frame.to} is not reading; try again later`);
      return;
    }
    // `from` is always the authenticated sender: a client cannot claim to be someone else.
    target.send(
      JSON.stringify({
        v: SIGNALING_PROTOCOL_VERSION,
        type: 'signal',
        from,
        payload: frame.payload,
      } satisfies ServerFrame),
    );
    deps.observe.relayed();
  };

  return {
    get peerId() {
      return peerId;
    },
    start() {
      send({ v: SIGNALING_PROTOCOL_VERSION, type: 'challenge', serverId: deps.serverId, nonce });
    },
    async receive(text) {
      const frame = parseFrame(ClientFrameSchema, text);
      if (!frame) {
        sendError('SIGNAL_MALFORMED_FRAME', 'frame does not match the signaling protocol v1');
        return;
      }
      if (frame.type === 'register') {
        if (peerId || authenticating) {
          sendError('SIGNAL_MALFORMED_FRAME', 'already registered');
          return;
        }
        await register(frame);
        return;
      }
      if (!peerId) {
        sendError('SIGNAL_NOT_REGISTERED', 'register before sending signals');
        return;
      }
      relay(peerId, frame);
    },
    closed() {
      if (peerId) {
        deps.registry.unregister(peerId, connection);
        deps.logger.info({ peerId }, 'peer left');
      }
    },
  };
};
