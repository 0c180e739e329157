// Child process: the baseline relay. The least a WebSocket relay can do with the same library: the first frame
// names the socket, every later `{to, payload}` frame is parsed and forwarded as `{from, payload}`. No
// authentication, no validation, no limits, no metrics: what Parley is measured against in the same run.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { serveCalls, type RelayCalls, type RelayReady } from './child-calls';

/** Listens on a free loopback port; resolves with the server and the sockets by name. */
const startBareRelay = async () => {
  const sockets = new Map<string, WebSocket>();
  // The same frame cap as Parley's server, so neither reads more than the other.
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket: WebSocket) => {
    let id: string | null = null;
    socket.on('message', (data: Buffer) => {
      let frame: { id?: unknown; to?: unknown; payload?: unknown };
      try {
        frame = JSON.parse(data.toString()) as typeof frame;
      } catch {
        return;
      }
      if (id === null) {
        id = String(frame.id);
        sockets.set(id, socket);
        socket.send('{"type":"registered"}');
        return;
      }
      sockets.get(String(frame.to))?.send(JSON.stringify({ from: id, payload: frame.payload }));
    });
    socket.on('close', () => {
      if (id !== null && sockets.get(id) === socket) {
        sockets.delete(id);
      }
    });
  });
  return { server, sockets };
};

const { server, sockets } = await startBareRelay();
const { port } = server.address() as AddressInfo;
serveCalls<RelayCalls>(
  {
    status: () => Promise.resolve({ connectedPeers: sockets.size, openConnections: server.clients.size }),
    close: async () => {
      for (const socket of server.clients) {
        socket.terminate();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      setImmediate(() => process.exit(0));
      return null;
    },
  },
  { signalingUrl: `ws://127.0.0.1:${port}/` } satisfies RelayReady,
);
