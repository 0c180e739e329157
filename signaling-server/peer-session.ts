// One WebSocket connection's life: challenge, authenticate into a realm, then relay signals with a
// server-stamped `from`, answer key-bundle lookups and keep the connection's presence subscriptions.
import type { WebCryptoPort } from '../shared/crypto/web-crypto-port';
import { base64ToBytes } from '../shared/encoding/bytes';
import type { ErrorCode } from '../shared/errors';
import { verifyIdentitySignature } from '../shared/identity/identity-keys';
import { verifyKeyBundle, type KeyBundle } from '../shared/identity/key-bundle';
import type { PeerId } from '../shared/identity/peer-id';
import type { Logger } from '../shared/ports/logger';
import { signalingAuthMessage } from '../shared/signaling/signaling-auth';
import {
  parseClientFrame,
  relayedSignalText,
  SIGNALING_PROTOCOL_VERSION,
  type ClientFrame,
  type IceServer,
  type ServerFrame,
} from '../shared/signaling/signaling-frames';
import {
  peerKey,
  splitPeerKey,
  type PeerDirectory,
  type PeerKey,
  type RelayFailureCode,
  type RelayOutcome,
} from './peer-directory';
import type { PresenceHub, PresenceWatcher } from './presence-hub';

/** The socket as a session sees it. */
export interface SessionConnection {
  send(text: string): void;
  /** Bytes queued for this connection and not yet written to its socket. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

export interface PeerSessionDeps {
  readonly serverId: string;
  /** Unique across instances (instance ID + counter). */
  readonly connectionId: string;
  readonly crypto: WebCryptoPort;
  readonly directory: PeerDirectory;
  readonly presence: PresenceHub;
  readonly logger: Logger;
  readonly realmAllowed: (realm: string) => boolean;
  readonly iceServersFor: (peerId: PeerId) => IceServer[];
  /** A recipient with more than this many bytes queued gets no more signals until it drains. */
  readonly maxBufferedBytes: number;
  readonly observe: {
    registered(): void;
    relayed(startedAt: number): void;
    rejected(code: ErrorCode): void;
  };
  readonly now: () => number;
}

export const POLICY_VIOLATION_CLOSE_CODE = 1008;

export interface PeerSession {
  start(): void;
  /** Handles one frame; a promise only when the work is asynchronous (registration, Redis, lookups). */
  receive(text: string): Promise<void> | undefined;
  closed(): Promise<void>;
  readonly key: PeerKey | null;
}

type Frame<T extends ClientFrame['type']> = Extract<ClientFrame, { type: T }>;

export const createPeerSession = (connection: SessionConnection, deps: PeerSessionDeps): PeerSession => {
  const nonce = Buffer.from(deps.crypto.getRandomValues(new Uint8Array(32))).toString('base64');
  let registered: { readonly key: PeerKey; readonly realm: string; readonly peerId: PeerId } | null = null;
  let authenticating = false;
  let closed = false;
  // closed() waits for a registration in flight, so its unregister cannot overtake it in a shared directory.
  let registration: Promise<void> = Promise.resolve();

  const send = (frame: ServerFrame): void => connection.send(JSON.stringify(frame));
  const sendError = (code: ErrorCode, message: string, ref?: string): void => {
    deps.observe.rejected(code);
    send({ v: SIGNALING_PROTOCOL_VERSION, type: 'error', code, message, ...(ref ? { ref } : {}) });
  };

  const watcher: PresenceWatcher = {
    notify(key, online) {
      send({ v: SIGNALING_PROTOCOL_VERSION, type: 'presence', peerId: splitPeerKey(key).peerId, online });
    },
  };

  const localPeer = (bundle: KeyBundle) => ({
    connectionId: deps.connectionId,
    bundle,
    deliver(text: string): boolean {
      // Back-pressure: a slow reader's queue is bounded; the sender learns and may retry later.
      if (connection.bufferedAmount > deps.maxBufferedBytes) {
        return false;
      }
      connection.send(text);
      return true;
    },
    close: (code: number, reason: string) => connection.close(code, reason),
    relayFailed: (code: RelayFailureCode, to: PeerId, ref: string | undefined) =>
      sendError(
        code,
        code === 'SIGNAL_RECIPIENT_BUSY'
          ? `peer ${to} is not reading; try again later`
          : `peer ${to} is not connected`,
        ref,
      ),
  });
  let self: ReturnType<typeof localPeer> | null = null;

  const register = async (frame: Frame<'register'>): Promise<void> => {
    if (!deps.realmAllowed(frame.realm)) {
      sendError('SIGNAL_UNKNOWN_REALM', `realm ${frame.realm} is not served here`);
      connection.close(POLICY_VIOLATION_CLOSE_CODE, 'unknown realm');
      return;
    }
    authenticating = true;
    const bundle = await verifyKeyBundle(deps.crypto, frame.bundle);
    const valid =
      bundle.ok &&
      (await verifyIdentitySignature(
        deps.crypto,
        bundle.value.signingKey,
        base64ToBytes(frame.signature),
        signalingAuthMessage(deps.serverId, frame.realm, nonce),
      ));
    authenticating = false;
    if (!bundle.ok || !valid) {
      sendError(
        'SIGNAL_AUTH_FAILED',
        bundle.ok ? 'the signature over the challenge is invalid' : bundle.error.message,
      );
      connection.close(POLICY_VIOLATION_CLOSE_CODE, 'authentication failed');
      return;
    }
    if (closed) {
      return;
    }
    const peerId = bundle.value.peerId;
    const key = peerKey(frame.realm, peerId);
    registered = { key, realm: frame.realm, peerId };
    self = localPeer(bundle.value.bundle);
    registration = deps.directory.register(key, self);
    await registration;
    deps.observe.registered();
    deps.logger.info({ peerId, realm: frame.realm }, 'peer registered');
    send({
      v: SIGNALING_PROTOCOL_VERSION,
      type: 'registered',
      peerId,
      realm: frame.realm,
      iceServers: deps.iceServersFor(peerId),
    });
  };

  const relay = (
    from: PeerKey,
    fromPeerId: PeerId,
    realm: string,
    frame: Frame<'signal'>,
  ): Promise<void> | undefined => {
    const startedAt = deps.now();
    // `from` is always the authenticated sender: a client cannot claim to be someone else.
    const text = relayedSignalText(fromPeerId, frame.payload);
    const outcome = deps.directory.relay(from, peerKey(realm, frame.to), text, frame.ref);
    // A recipient on this instance is served without a single promise: signals are nearly all the traffic.
    if (typeof outcome === 'string') {
      relayed(outcome, frame, startedAt);
      return undefined;
    }
    return outcome.then((settled) => relayed(settled, frame, startedAt));
  };

  const relayed = (outcome: RelayOutcome, frame: Frame<'signal'>, startedAt: number): void => {
    if (outcome === 'offline') {
      sendError('SIGNAL_PEER_OFFLINE', `peer ${frame.to} is not connected`, frame.ref);
    } else if (outcome === 'busy') {
      sendError('SIGNAL_RECIPIENT_BUSY', `peer ${frame.to} is not reading; try again later`, frame.ref);
    } else {
      // Delivered here, or handed to the recipient's instance (a refusal there comes back as an error frame).
      deps.observe.relayed(startedAt);
    }
  };

  const lookup = async (realm: string, frame: Frame<'lookup'>): Promise<void> => {
    const bundle = await deps.directory.bundle(peerKey(realm, frame.peerId));
    if (!bundle) {
      sendError('SIGNAL_PEER_OFFLINE', `peer ${frame.peerId} is not connected`, frame.ref);
      return;
    }
    send({ v: SIGNALING_PROTOCOL_VERSION, type: 'bundle', bundle, ...(frame.ref ? { ref: frame.ref } : {}) });
  };

  const watch = async (realm: string, frame: Frame<'watch'>): Promise<void> => {
    const keys = [...new Set(frame.peerIds)].map((peerId) => peerKey(realm, peerId));
    if (!deps.presence.watch(watcher, keys)) {
      sendError('SIGNAL_LIMIT_EXCEEDED', 'too many watched peer IDs on this connection');
      return;
    }
    // The current state of each, so the watcher does not wait for the next change.
    const online = await deps.directory.online(keys);
    keys.forEach((key, index) => watcher.notify(key, online[index] ?? false));
  };

  return {
    get key() {
      return registered?.key ?? null;
    },
    start() {
      send({ v: SIGNALING_PROTOCOL_VERSION, type: 'challenge', serverId: deps.serverId, nonce });
    },
    receive(text) {
      const frame = parseClientFrame(text);
      if (!frame) {
        sendError('SIGNAL_MALFORMED_FRAME', 'frame does not match the signaling protocol v1');
        return;
      }
      if (frame.type === 'register') {
        if (registered || authenticating) {
          sendError('SIGNAL_MALFORMED_FRAME', 'already registered');
          return;
        }
        return register(frame);
      }
      if (!registered) {
        const ref = 'ref' in frame ? frame.ref : undefined;
        sendError('SIGNAL_NOT_REGISTERED', 'register before sending other frames', ref);
        return;
      }
      const { key, realm, peerId } = registered;
      switch (frame.type) {
        case 'signal':
          return relay(key, peerId, realm, frame);
        case 'lookup':
          return lookup(realm, frame);
        case 'watch':
          return watch(realm, frame);
        case 'unwatch':
          deps.presence.unwatch(
            watcher,
            frame.peerIds.map((id) => peerKey(realm, id)),
          );
          return;
        case 'ice':
          send({ v: SIGNALING_PROTOCOL_VERSION, type: 'ice', iceServers: deps.iceServersFor(peerId) });
          return;
      }
    },
    async closed() {
      closed = true;
      deps.presence.forget(watcher);
      await registration.catch(() => undefined);
      if (registered && self) {
        await deps.directory.unregister(registered.key, self);
        deps.logger.info({ peerId: registered.peerId, realm: registered.realm }, 'peer left');
      }
    },
  };
};
