// Hostile and excessive clients against a real server on loopback: refused origins, per-address connection
// caps and frame floods are contained, and well-behaved clients carry on unaffected.
import { connect as connectTcp, type Socket } from 'node:net';
import { MAX_WATCH_BATCH } from '../shared/signaling/signaling-frames';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  NOT_READING,
  startSignalingServer,
  type RunningSignalingServer,
  type SignalingServerOptions,
} from './server';
import {
  connectClient,
  isReady,
  isSignal,
  newIdentity,
  registeredRawSocket,
  silentLogger as silent,
} from './testing/signaling-test-kit';

let server: RunningSignalingServer | null = null;

const start = async (
  limits: SignalingServerOptions['limits'],
  heartbeatMs?: number,
  extra: Partial<SignalingServerOptions> = {},
) => {
  server = await startSignalingServer({
    host: '127.0.0.1',
    port: 0,
    logger: silent,
    limits,
    ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
    ...extra,
  });
  return server;
};

/** Two registered clients that prove the server still serves: a signal goes from one to the other. */
const bystandersStillServed = async (url: string) => {
  const [alice, bob] = await Promise.all([newIdentity('Alice'), newIdentity('Bob')]);
  const a = connectClient(url, alice);
  const b = connectClient(url, bob);
  await Promise.all([a.next(isReady), b.next(isReady)]);
  a.client.sendSignal(bob.peerId, 'still here');
  expect(await b.next(isSignal)).toMatchObject({ payload: 'still here' });
  a.client.close();
  b.client.close();
};

/** A TCP connection that sends the start of an HTTP request and then nothing, ever. */
const halfOpen = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => {
      socket.write('GET /signal HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n');
      resolve(socket);
    });
    socket.on('error', reject);
  });
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

  it('stops handling the frames of a client that does not read its replies, and serves others', async () => {
    const limits = { framesPerSecond: 100_000, frameBurst: 100_000, maxBufferedBytes: 16 * 1024 };
    const { signalingUrl, httpUrl } = await start(limits);
    const reader = await registeredRawSocket(signalingUrl, await newIdentity('Reader'));
    reader.socket.pause();
    const base32 = 'abcdefghijklmnopqrstuvwxyz234567';
    const peerIds = Array.from({ length: MAX_WATCH_BATCH }, (_, n) =>
      Array.from({ length: 32 }, (_unused, i) => base32[(n * 7 + i * 13) % 32]).join(''),
    );
    // Each watch is answered with one presence frame per ID: about 25 KB of replies per 9 KB frame. Loopback's
    // socket buffers take tens of MB before anything queues in the server, hence so many.
    for (let n = 0; n < 3_000; n += 1) {
      reader.socket.send(JSON.stringify({ v: 1, type: 'watch', peerIds }));
    }
    const notReading = async () => {
      const text = await (await fetch(`${httpUrl}/metrics`)).text();
      const line = text.split('\n').find((entry) => entry.includes(`reason="${NOT_READING}"`));
      return Number(line?.split(' ').pop() ?? 0);
    };
    await expect.poll(notReading, { timeout: 10_000 }).toBeGreaterThan(0);
    await bystandersStillServed(signalingUrl);
    reader.socket.terminate();
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

  it('holds thousands of half-open connections without harm, and reaps them on time', async () => {
    const { signalingUrl, httpUrl } = await start(
      { maxConnections: 5_000, maxConnectionsPerIp: 5_000 },
      undefined,
      { requestTimeoutMs: 4_000, authTimeoutMs: 4_000 },
    );
    const port = Number(new URL(httpUrl).port);
    const pending: Promise<Socket>[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      pending.push(halfOpen(port));
    }
    const sockets = await Promise.all(pending);
    // And upgraded WebSockets that never authenticate.
    const silentSockets = await Promise.all(
      Array.from({ length: 300 }, () => {
        const socket = new WebSocket(signalingUrl);
        return new Promise<WebSocket>((resolve) => socket.once('open', () => resolve(socket)));
      }),
    );
    // Every one of them is accepted and held (the kernel may take a moment to hand them over).
    await expect.poll(() => server?.openSockets(), { timeout: 3_000 }).toBeGreaterThanOrEqual(2_300);
    await bystandersStillServed(signalingUrl);
    await expect.poll(() => server?.openSockets(), { timeout: 15_000, interval: 200 }).toBe(0);
    sockets.forEach((socket) => socket.destroy());
    silentSockets.forEach((socket) => socket.terminate());
  }, 30_000);

  it('refuses an upgrade whose target is no URL (`//`), and keeps running for everyone', async () => {
    const { signalingUrl, httpUrl } = await start({});
    const port = Number(new URL(httpUrl).port);
    for (const target of ['//', '//@', '/\\']) {
      const closed = await new Promise<boolean>((resolve, reject) => {
        const socket = connectTcp(port, '127.0.0.1', () => {
          socket.write(
            `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
              'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
          );
        });
        socket.on('close', () => resolve(true));
        socket.on('error', reject);
      });
      expect(closed).toBe(true);
    }
    await bystandersStillServed(signalingUrl);
  });

  it('survives malformed JSON, binary garbage and random bytes, and keeps serving others', async () => {
    const { signalingUrl, httpUrl } = await start({ framesPerSecond: 1_000, frameBurst: 1_000 });
    const garbage = [
      '{',
      '[]',
      'null',
      '{"v":1}',
      '{"v":1,"type":"register"}',
      '{"v":1,"type":"signal","to":"not-a-peer-id","payload":"x"}',
      '{"__proto__":{"admin":true},"v":1,"type":"ice"}',
      '\u0000\u0001\u0002',
      'x'.repeat(10_000),
    ];
    const sockets = await Promise.all(
      garbage.map(async (text) => {
        const socket = new WebSocket(signalingUrl);
        await new Promise((resolve) => socket.once('open', resolve));
        socket.send(text);
        return socket;
      }),
    );
    const binary = new WebSocket(signalingUrl);
    await new Promise((resolve) => binary.once('open', resolve));
    binary.send(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    // Bytes that are not even HTTP.
    const port = Number(new URL(httpUrl).port);
    const noise = connectTcp(port, '127.0.0.1', () =>
      noise.write(Buffer.from([0x16, 0x03, 0x01, 0xff, 0x00, 0x13])),
    );
    noise.on('error', () => undefined);
    await bystandersStillServed(signalingUrl);
    sockets.forEach((socket) => socket.terminate());
    binary.terminate();
    noise.destroy();
  });
});
