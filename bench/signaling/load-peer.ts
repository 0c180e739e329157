// One load-test peer's WebSocket, connected and registered: with Parley the full login (challenge, then the key
// bundle and an RSA-PSS signature over the challenge), with the bare relay just its name. Handed over with no
// listeners, for the traffic driver to attach its own.
import { WebSocket, type ClientOptions } from 'ws';
import { signalingAuthMessage } from '../../shared/signaling/signaling-auth';
import {
  DEFAULT_REALM,
  parseFrame,
  ServerFrameSchema,
  SIGNALING_PROTOCOL_VERSION,
  type ClientFrame,
} from '../../shared/signaling/signaling-frames';
import { signingKeyOf, signPss, type BenchIdentity } from './bench-identity';
import { bareHelloFrame, type RelayKind } from './signal-wire';

/** Client-side shortcuts, so that the load generator costs less than the relays it measures. */
const SOCKET_OPTIONS: ClientOptions = {
  perMessageDeflate: false,
  // Bench only: a zero masking key. Frames are still masked, as RFC 6455 §5.3 requires of clients, and servers
  // unmask them as usual, but ws skips the XOR on this side. A real client's key must be unpredictable.
  generateMask: (mask) => mask.fill(0),
  skipUTF8Validation: true,
};

const loginFrame = async (identity: BenchIdentity, serverId: string, nonce: string): Promise<ClientFrame> => {
  const signature = await signPss(
    signingKeyOf(identity),
    signalingAuthMessage(serverId, DEFAULT_REALM, nonce),
  );
  return {
    v: SIGNALING_PROTOCOL_VERSION,
    type: 'register',
    realm: DEFAULT_REALM,
    bundle: identity.bundle,
    signature: signature.toString('base64'),
  };
};

export const connectPeer = (kind: RelayKind, url: string, identity: BenchIdentity): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, SOCKET_OPTIONS);
    const fail = (error: Error): void => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(error);
    };
    const done = (): void => {
      socket.removeAllListeners();
      resolve(socket);
    };
    socket.on('error', fail);
    socket.on('close', (code, reason) =>
      fail(new Error(`${url} closed ${code} (${reason.toString()}) before registration`)),
    );
    if (kind === 'bare') {
      socket.on('open', () => socket.send(bareHelloFrame(identity.bundle.peerId)));
      socket.on('message', done);
      return;
    }
    socket.on('message', (data: Buffer) => {
      const frame = parseFrame(ServerFrameSchema, data.toString());
      if (frame?.type === 'challenge') {
        loginFrame(identity, frame.serverId, frame.nonce).then(
          (login) => socket.send(JSON.stringify(login)),
          (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
        );
      } else if (frame?.type === 'registered') {
        done();
      } else {
        fail(new Error(`unexpected frame while registering: ${data.toString().slice(0, 200)}`));
      }
    });
  });
