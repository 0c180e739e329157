// A minimal TCP load balancer for scale-out tests: each client connection goes to the next backend in turn,
// skipping backends that refuse, as any L4 balancer with health checks would.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpBalancer {
  readonly port: number;
  close(): Promise<void>;
}

const dial = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const upstream = connect(port, '127.0.0.1');
    upstream.once('connect', () => resolve(upstream));
    upstream.once('error', reject);
  });

export const startTcpBalancer = async (backends: () => readonly number[]): Promise<TcpBalancer> => {
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.pause();
    const ports = backends();
    const attempt = async (tries: number): Promise<void> => {
      if (tries >= ports.length) {
        client.destroy();
        return;
      }
      const port = ports[next++ % ports.length] ?? 0;
      try {
        const upstream = await dial(port);
        sockets.add(upstream);
        client.pipe(upstream).pipe(client);
        client.resume();
        const teardown = (): void => {
          client.destroy();
          upstream.destroy();
        };
        client.once('close', teardown);
        upstream.once('close', teardown);
        client.on('error', teardown);
        upstream.on('error', teardown);
      } catch {
        await attempt(tries + 1);
      }
    };
    void attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
};
