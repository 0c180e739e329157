// Hostile and excessive clients against a real server on loopback: refused origins, per-address connection
// caps and frame floods are contained, and well-behaved clients carry on unaffected.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSignalingServer, type RunningSignalingServer, type SignalingLimits } from './server';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
let server: RunningSignalingServer | null = null;

const start = async (limits: Partial<SignalingLimits>, heartbeatMs?: number) => {
  server = await startSignalingServer({
    host: '127.0.0.1',
    port: 0,
    logger: silent,
    limits,
    ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
  });
  return server;
};
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Opens a socket and resolves with it once open, or with the HTTP status that refused it. */
const connect = (url: string, origin?: string) =>
  new Promise<{ socket: WebSocket; frames: { type?: string; code?: string }[] } | { status: number }>(
    (resolve) => {
      const socket = new WebSocket(url, origin ? { origin } : {});
      const frames: { type?: string; code?: string }[] = [];
      socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as { type?: string }));
      socket.once('open', () => resolve({ socket, frames }));
      socket.once('unexpected-response', (_request, response) =>
        resolve({ status: response.statusCode ?? 0 }),
      );
    },
  );

const opened = (result: Awaited<ReturnType<typeof connect>>) => {
  if ('status' in result) {
    throw new Error(`refused with ${result.status}`);
  }
  return result;
};

describe('signaling server hardening', () => {
  it('refuses browser origins outside the allow-list, and admits listed ones and clients without an origin', async () => {
    const { signalingUrl } = await start({ allowedOrigins: ['http://allowed.test'] });
    expect(await connect(signalingUrl, 'http://evil.test')).toEqual({ status: 403 });
    opened(await connect(signalingUrl, 'http://allowed.test')).socket.close();
    opened(await connect(signalingUrl)).socket.close();
  });

  it('caps connections per address and frees the slot when one closes', async () => {
    const { signalingUrl } = await start({ maxConnectionsPerIp: 3 });
    const sockets = [1, 2, 3].map(async () => opened(await connect(signalingUrl)).socket);
    const open = await Promise.all(sockets);
    expect(await connect(signalingUrl)).toEqual({ status: 503 });
    const first = open[0];
    await new Promise((resolve) => {
      first?.once('close', resolve);
      first?.close();
    });
    await expect
      .poll(async () => {
        const next = await connect(signalingUrl);
        if ('socket' in next) {
          next.socket.close();
        }
        return 'socket' in next;
      })
      .toBe(true);
    open.forEach((socket) => socket.close());
  });

  it('tells a flooding client to slow down, then closes it, while another client is served normally', async () => {
    const { signalingUrl } = await start({ framesPerSecond: 5, frameBurst: 5 });
    const flooder = opened(await connect(signalingUrl));
    const bystander = opened(await connect(signalingUrl));
    const closed = new Promise<number>((resolve) => flooder.socket.once('close', (code) => resolve(code)));
    for (let i = 0; i < 30; i += 1) {
      flooder.socket.send('{"v":1,"type":"signal"}');
    }
    expect(await closed).toBe(1008);
    expect(flooder.frames.map((frame) => frame.code)).toContain('SIGNAL_RATE_LIMITED');
    // The bystander's frames are still read and answered (here: refused as unregistered, as they should be).
    bystander.socket.send('{"v":1,"type":"signal","to":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","payload":"x"}');
    await expect.poll(() => bystander.frames.map((frame) => frame.code)).toContain('SIGNAL_NOT_REGISTERED');
    bystander.socket.close();
  });

  it('terminates a connection that stops answering pings, and keeps one that answers', async () => {
    const { signalingUrl } = await start({}, 100);
    const silentPeer = opened(await connect(signalingUrl));
    const livePeer = opened(await connect(signalingUrl));
    // A half-open connection: its TCP socket stops reading, so pings go unanswered.
    (silentPeer.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    let liveClosed = false;
    livePeer.socket.once('close', () => {
      liveClosed = true;
    });
    await expect.poll(() => server?.openConnections(), { timeout: 5_000 }).toBe(1);
    expect(liveClosed).toBe(false);
    livePeer.socket.close();
    silentPeer.socket.terminate();
  });
});
