// Client side of the signaling protocol v1: connect, answer the challenge through the host (which holds the
// key), then send and receive opaque signal payloads. The socket is passed in, so it runs in any runtime.
import type { ErrorCode } from '../errors';
import type { PeerId } from '../identity/peer-id';
import type { Result } from '../result';
import {
  parseFrame,
  ServerFrameSchema,
  SIGNALING_PROTOCOL_VERSION,
  type ClientFrame,
  type IceServer,
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
  | { readonly status: 'ready'; readonly peerId: PeerId; readonly iceServers: readonly IceServer[] }
  | { readonly status: 'closed'; readonly reason: string };

export type SignalingEvent =
  | { readonly type: 'state'; readonly state: SignalingState }
  | { readonly type: 'signal'; readonly from: PeerId; readonly payload: string }
  | { readonly type: 'error'; readonly code: ErrorCode; readonly message: string };

export interface SignalingClientDeps {
  readonly url: string;
  readonly openSocket: (url: string) => SignalingSocket;
  readonly answerChallenge: (
    serverId: string,
    nonce: string,
  ) => Promise<Result<{ readonly peerId: PeerId; readonly publicKey: string; readonly signature: string }>>;
  readonly onEvent: (event: SignalingEvent) => void;
}

export interface SignalingClient {
  sendSignal(to: PeerId, payload: string): void;
  close(): void;
}

const OPEN = 1;

export const connectSignaling = (deps: SignalingClientDeps): SignalingClient => {
  const socket = deps.openSocket(deps.url);
  const setState = (state: SignalingState): void => deps.onEvent({ type: 'state', state });
  const send = (frame: ClientFrame): void => {
    if (socket.readyState === OPEN) {
      socket.send(JSON.stringify(frame));
    }
  };

  setState({ status: 'connecting' });
  socket.onopen = () => setState({ status: 'authenticating' });
  socket.onclose = (event) =>
    setState({ status: 'closed', reason: event.reason || `closed (${event.code})` });
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
    switch (frame.type) {
      case 'challenge':
        void deps.answerChallenge(frame.serverId, frame.nonce).then((answer) => {
          if (!answer.ok) {
            deps.onEvent({ type: 'error', code: answer.error.code, message: answer.error.message });
            socket.close(1000, 'cannot authenticate');
            return;
          }
          send({ v: SIGNALING_PROTOCOL_VERSION, type: 'register', ...answer.value });
        });
        return;
      case 'registered':
        setState({ status: 'ready', peerId: frame.peerId, iceServers: frame.iceServers });
        return;
      case 'signal':
        deps.onEvent({ type: 'signal', from: frame.from, payload: frame.payload });
        return;
      case 'error':
        deps.onEvent({ type: 'error', code: frame.code, message: frame.message });
        return;
    }
  };

  return {
    sendSignal: (to, payload) => send({ v: SIGNALING_PROTOCOL_VERSION, type: 'signal', to, payload }),
    close: () => socket.close(1000, 'client closed'),
  };
};
