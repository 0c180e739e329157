// Client side of the signaling protocol v1: connect, answer the challenge through the host (which holds the
// key), then send and receive opaque signal payloads, look up key bundles and follow presence. The socket is
// passed in, so it runs in any runtime.
import type { ErrorCode } from '../errors';
import type { KeyBundle } from '../identity/key-bundle';
import type { PeerId } from '../identity/peer-id';
import type { Clock } from '../ports/clock';
import { systemClock } from '../ports/clock';
import { fail, ok, type Result } from '../result';
import {
  CLIENT_FRAME_BURST,
  CLIENT_FRAMES_PER_SECOND,
  createFramePacer,
  MAX_QUEUED_FRAMES,
} from './frame-pacer';
import { REPLACED_CLOSE_CODE } from './close-codes';
import {
  DEFAULT_REALM,
  MAX_SIGNAL_PAYLOAD_CHARS,
  MAX_WATCH_BATCH,
  parseFrame,
  ServerFrameSchema,
  SIGNALING_PROTOCOL_VERSION,
  type ClientFrame,
  type IceServer,
  type ServerFrame,
} from './signaling-frames';

/** The part of the standard WebSocket the client uses (browsers and `ws` both provide it). */
export interface SignalingSocket {
  readonly readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SignalingState =
  | { readonly status: 'connecting' }
  | { readonly status: 'authenticating' }
  | {
      readonly status: 'ready';
      readonly peerId: PeerId;
      readonly realm: string;
      readonly iceServers: readonly IceServer[];
    }
  | {
      readonly status: 'closed';
      readonly reason: string;
      /** Set when the server asked clients to move: reconnect after a random delay up to this. */
      readonly reconnectWithinMs?: number;
      /**
       * Set when a newer connection of this peer ID (another tab, or this identity on another device) took over.
       * Reconnecting would take it back and close that one in turn, so only the user's choice may reconnect.
       */
      readonly replaced?: true;
    };

export type SignalingEvent =
  | { readonly type: 'state'; readonly state: SignalingState }
  | { readonly type: 'signal'; readonly from: PeerId; readonly payload: string }
  | { readonly type: 'presence'; readonly peerId: PeerId; readonly online: boolean }
  | { readonly type: 'ice'; readonly iceServers: readonly IceServer[] }
  | {
      readonly type: 'error';
      readonly code: ErrorCode;
      readonly message: string;
      /** The `ref` of the client frame the error answers, when it gave one. */
      readonly ref?: string;
    };

export interface SignalingClientDeps {
  readonly url: string;
  /** The realm (partition) to join on this server; `default` unless the operator set up others. */
  readonly realm?: string;
  readonly openSocket: (url: string) => SignalingSocket;
  readonly answerChallenge: (challenge: {
    readonly serverId: string;
    readonly realm: string;
    readonly nonce: string;
  }) => Promise<Result<{ readonly bundle: KeyBundle; readonly signature: string }>>;
  readonly onEvent: (event: SignalingEvent) => void;
  /** Paces outgoing frames and times lookups out; the system clock unless a test passes its own. */
  readonly clock?: Clock;
  /** The pace of outgoing frames, for a server configured with other limits than the default. */
  readonly framePacing?: { readonly ratePerSecond: number; readonly burst: number };
}

export interface SignalingClient {
  sendSignal(to: PeerId, payload: string, ref?: string): void;
  /** The key bundle a peer registered with; verify it before use (it is only as good as the server). */
  lookup(peerId: PeerId): Promise<Result<KeyBundle>>;
  watch(peerIds: readonly PeerId[]): void;
  unwatch(peerIds: readonly PeerId[]): void;
  /** Asks for fresh ICE servers (TURN credentials expire). */
  refreshIce(): void;
  close(): void;
}

const OPEN = 1;
/** A lookup the server has not answered by then fails, rather than hold the signals waiting behind it. */
export const LOOKUP_TIMEOUT_MS = 15_000;

/** What became of a frame handed to `send`. */
type SendOutcome = 'queued' | 'not-registered' | 'backlogged';

export const connectSignaling = (deps: SignalingClientDeps): SignalingClient => {
  const realm = deps.realm ?? DEFAULT_REALM;
  const socket = deps.openSocket(deps.url);
  const clock = deps.clock ?? systemClock;
  const pacer = createFramePacer(clock, {
    ratePerSecond: deps.framePacing?.ratePerSecond ?? CLIENT_FRAMES_PER_SECOND,
    burst: deps.framePacing?.burst ?? CLIENT_FRAME_BURST,
    maxQueued: MAX_QUEUED_FRAMES,
  });
  const pendingLookups = new Map<string, (result: Result<KeyBundle>) => void>();
  let nextRef = 0;
  let goaway: Extract<ServerFrame, { type: 'goaway' }> | null = null;
  // Frames other than `register` are refused by the server until it has answered `registered`.
  let registered = false;

  const setState = (state: SignalingState): void => deps.onEvent({ type: 'state', state });
  const send = (frame: ClientFrame): SendOutcome => {
    if (socket.readyState !== OPEN || (frame.type !== 'register' && !registered)) {
      return 'not-registered';
    }
    const text = JSON.stringify(frame);
    // A frame that waited past the connection's end is dropped with the rest (see onclose).
    const queued = pacer.push(() => {
      if (socket.readyState === OPEN) {
        socket.send(text);
      }
    });
    return queued ? 'queued' : 'backlogged';
  };
  const refusal = (outcome: Exclude<SendOutcome, 'queued'>) =>
    outcome === 'backlogged'
      ? fail('SIGNAL_RATE_LIMITED', 'too many frames waiting to go to the signaling server')
      : fail('SIGNAL_NOT_REGISTERED', 'not signed in to the signaling server yet');

  setState({ status: 'connecting' });
  socket.onopen = () => setState({ status: 'authenticating' });
  socket.onclose = (event) => {
    registered = false;
    pacer.clear();
    for (const settle of pendingLookups.values()) {
      settle(fail('SIGNAL_NOT_REGISTERED', 'the signaling connection closed'));
    }
    pendingLookups.clear();
    const reason = goaway?.reason ?? (event.reason || `closed (${event.code})`);
    if (goaway) {
      setState({ status: 'closed', reason, reconnectWithinMs: goaway.reconnectWithinMs });
    } else if (event.code === REPLACED_CLOSE_CODE) {
      setState({ status: 'closed', reason, replaced: true });
    } else {
      setState({ status: 'closed', reason });
    }
  };
  socket.onerror = () => undefined; // onclose follows with the reason
  socket.onmessage = (event) => {
    const frame = typeof event.data === 'string' ? parseFrame(ServerFrameSchema, event.data) : null;
    if (!frame) {
      deps.onEvent({
        type: 'error',
        code: 'SIGNAL_MALFORMED_FRAME',
        message: 'server sent an invalid frame',
      });
      return;
    }
    handle(frame);
  };

  const handle = (frame: ServerFrame): void => {
    switch (frame.type) {
      case 'challenge':
        void deps.answerChallenge({ serverId: frame.serverId, realm, nonce: frame.nonce }).then((answer) => {
          if (!answer.ok) {
            deps.onEvent({ type: 'error', code: answer.error.code, message: answer.error.message });
            socket.close(1000, 'cannot authenticate');
            return;
          }
          send({ v: SIGNALING_PROTOCOL_VERSION, type: 'register', realm, ...answer.value });
        });
        return;
      case 'registered':
        registered = true;
        setState({ status: 'ready', peerId: frame.peerId, realm: frame.realm, iceServers: frame.iceServers });
        return;
      case 'signal':
        deps.onEvent({ type: 'signal', from: frame.from, payload: frame.payload });
        return;
      case 'presence':
        deps.onEvent({ type: 'presence', peerId: frame.peerId, online: frame.online });
        return;
      case 'ice':
        deps.onEvent({ type: 'ice', iceServers: frame.iceServers });
        return;
      case 'bundle':
        settleLookup(frame.ref, ok(frame.bundle));
        return;
      case 'goaway':
        goaway = frame;
        return;
      case 'error':
        if (frame.ref && pendingLookups.has(frame.ref)) {
          settleLookup(frame.ref, fail(frame.code, frame.message));
          return;
        }
        deps.onEvent({
          type: 'error',
          code: frame.code,
          message: frame.message,
          ...(frame.ref ? { ref: frame.ref } : {}),
        });
        return;
    }
  };

  const settleLookup = (ref: string | undefined, result: Result<KeyBundle>): void => {
    const settle = ref ? pendingLookups.get(ref) : undefined;
    if (ref && settle) {
      pendingLookups.delete(ref);
      settle(result);
    }
  };

  return {
    sendSignal(to, payload, ref) {
      // Refused here rather than by the server, which would close the connection over it.
      if (payload.length > MAX_SIGNAL_PAYLOAD_CHARS) {
        deps.onEvent({
          type: 'error',
          code: 'SIGNAL_FRAME_TOO_LARGE',
          message: `a signal payload is limited to ${MAX_SIGNAL_PAYLOAD_CHARS} characters`,
          ...(ref ? { ref } : {}),
        });
        return;
      }
      const outcome = send({
        v: SIGNALING_PROTOCOL_VERSION,
        type: 'signal',
        to,
        payload,
        ...(ref ? { ref } : {}),
      });
      if (outcome !== 'queued') {
        const { error } = refusal(outcome);
        deps.onEvent({ type: 'error', code: error.code, message: error.message, ...(ref ? { ref } : {}) });
      }
    },
    lookup(peerId) {
      nextRef += 1;
      const ref = `lookup-${nextRef}`;
      return new Promise((resolve) => {
        const timeout = clock.setTimeout(
          () => settleLookup(ref, fail('SIGNAL_TIMEOUT', 'the signaling server did not answer a lookup')),
          LOOKUP_TIMEOUT_MS,
        );
        pendingLookups.set(ref, (result) => {
          clock.clearTimeout(timeout);
          resolve(result);
        });
        const outcome = send({ v: SIGNALING_PROTOCOL_VERSION, type: 'lookup', peerId, ref });
        if (outcome !== 'queued') {
          settleLookup(ref, refusal(outcome));
        }
      });
    },
    watch: (peerIds) => {
      for (let at = 0; at < peerIds.length; at += MAX_WATCH_BATCH) {
        send({
          v: SIGNALING_PROTOCOL_VERSION,
          type: 'watch',
          peerIds: peerIds.slice(at, at + MAX_WATCH_BATCH),
        });
      }
    },
    unwatch: (peerIds) => {
      for (let at = 0; at < peerIds.length; at += MAX_WATCH_BATCH) {
        send({
          v: SIGNALING_PROTOCOL_VERSION,
          type: 'unwatch',
          peerIds: peerIds.slice(at, at + MAX_WATCH_BATCH),
        });
      }
    },
    refreshIce: () => void send({ v: SIGNALING_PROTOCOL_VERSION, type: 'ice' }),
    close: () => socket.close(1000, 'client closed'),
  };
};
