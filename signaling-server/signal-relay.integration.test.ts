// Signals between peers on one server over real WebSockets on loopback: relayed with the sender stamped by the
// server, refused when spoofed or too large, reported back by ref when the recipient is offline or does not
// read, and delivered to the newest connection of a peer.
import { afterAll, describe, expect, it } from 'vitest';
import { startSignalingServer } from './server';
import { NOBODY, startConformanceServer } from './testing/conformance-server';
import {
  connectClient,
  isClosed,
  isError,
  isReady,
  isSignal,
  registeredRawSocket,
  silentLogger,
} from './testing/signaling-test-kit';

// One server per file, started while the file's tests are collected.
const { server, alice, bob, carol } = await startConformanceServer();
afterAll(() => server.close());

describe('signaling server', () => {
  it('registers authenticated peers and relays signals with the sender stamped by the server', async () => {
    const a = connectClient(server.signalingUrl, alice);
    const b = connectClient(server.signalingUrl, bob);
    expect((await a.next(isReady)).state).toMatchObject({
      status: 'ready',
      peerId: alice.peerId,
      realm: 'default',
    });
    await b.next(isReady);

    a.client.sendSignal(bob.peerId, '{"type":"offer"}');
    expect(await b.next(isSignal)).toEqual({
      type: 'signal',
      from: alice.peerId,
      payload: '{"type":"offer"}',
    });
    b.client.sendSignal(alice.peerId, '{"type":"answer"}');
    expect(await a.next(isSignal)).toEqual({
      type: 'signal',
      from: bob.peerId,
      payload: '{"type":"answer"}',
    });
    a.client.close();
    b.client.close();
  });

  it('ignores a spoofed `from`: the frame is refused, nothing is relayed', async () => {
    const mallory = await registeredRawSocket(server.signalingUrl, carol);
    const b = connectClient(server.signalingUrl, bob);
    await b.next(isReady);
    mallory.socket.send(
      JSON.stringify({ v: 1, type: 'signal', to: bob.peerId, from: alice.peerId, payload: 'x' }),
    );
    await expect.poll(() => mallory.frames.at(-1)).toMatchObject({ code: 'SIGNAL_MALFORMED_FRAME' });
    mallory.socket.send(JSON.stringify({ v: 1, type: 'signal', to: bob.peerId, payload: 'y' }));
    expect(await b.next(isSignal)).toEqual({ type: 'signal', from: carol.peerId, payload: 'y' });
    mallory.socket.close();
    b.client.close();
  });

  it('refuses to send an oversized payload on the client side, keeping the connection', async () => {
    const a = connectClient(server.signalingUrl, alice);
    await a.next(isReady);
    a.client.sendSignal(bob.peerId, 'x'.repeat(48 * 1024 + 1), 'big');
    expect(await a.next(isError)).toMatchObject({ code: 'SIGNAL_FRAME_TOO_LARGE', ref: 'big' });
    a.client.sendSignal(NOBODY, 'small', 'after');
    expect(await a.next(isError)).toMatchObject({ code: 'SIGNAL_PEER_OFFLINE', ref: 'after' });
    a.client.close();
  });

  it('paces a client under the server’s default rate limit: a burst of signals all arrive, in order', async () => {
    // What dialing many contacts at sign-in sends: far past the server's burst of 40 frames. Without the
    // client's pacing the server drops the frames past it, and then closes the connection.
    const defaults = await startSignalingServer({ host: '127.0.0.1', port: 0, logger: silentLogger });
    try {
      const a = connectClient(defaults.signalingUrl, alice);
      const b = connectClient(defaults.signalingUrl, bob);
      await Promise.all([a.next(isReady), b.next(isReady)]);
      const count = 80;
      for (let n = 0; n < count; n += 1) {
        a.client.sendSignal(bob.peerId, `signal ${String(n)}`);
      }
      const received: string[] = [];
      for (let n = 0; n < count; n += 1) {
        received.push((await b.next(isSignal)).payload);
      }
      expect(received).toEqual(Array.from({ length: count }, (_, n) => `signal ${String(n)}`));
      expect(a.all().filter((event) => isError(event) || isClosed(event))).toEqual([]);
      a.client.close();
      b.client.close();
    } finally {
      await defaults.close();
    }
  });

  it('tells the sender, by its ref, when the recipient is offline', async () => {
    const a = connectClient(server.signalingUrl, alice);
    await a.next(isReady);
    a.client.sendSignal(NOBODY, 'hello', 'offer-1');
    expect(await a.next(isError)).toMatchObject({ code: 'SIGNAL_PEER_OFFLINE', ref: 'offer-1' });
    a.client.close();
  });

  it('replaces an older connection of the same peer in the same realm', async () => {
    const first = connectClient(server.signalingUrl, alice);
    await first.next(isReady);
    const second = connectClient(server.signalingUrl, alice);
    await second.next(isReady);
    expect((await first.next(isClosed)).state).toMatchObject({ reason: 'replaced by a newer connection' });
    const b = connectClient(server.signalingUrl, bob);
    await b.next(isReady);
    b.client.sendSignal(alice.peerId, 'to the newest');
    expect(await second.next(isSignal)).toMatchObject({ payload: 'to the newest' });
    second.client.close();
    b.client.close();
  });

  it('stops relaying to a recipient that does not read, and tells the sender', async () => {
    const tight = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      limits: { framesPerSecond: 10_000, frameBurst: 10_000, maxBufferedBytes: 64 * 1024 },
    });
    try {
      const a = connectClient(tight.signalingUrl, alice, {
        framePacing: { ratePerSecond: 10_000, burst: 10_000 },
      });
      const stalled = await registeredRawSocket(tight.signalingUrl, bob);
      await a.next(isReady);
      // Bob stops reading: the server's queue for him grows once the kernel buffers are full.
      (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      const payload = 'x'.repeat(40_000);
      let busy = false;
      for (let i = 0; i < 2_000 && !busy; i += 1) {
        a.client.sendSignal(bob.peerId, payload);
        if (i % 50 === 49) {
          const error = await a.next(isError, 30).catch(() => null);
          busy = error?.code === 'SIGNAL_RECIPIENT_BUSY';
        }
      }
      expect(busy).toBe(true);
      a.client.close();
      stalled.socket.terminate();
    } finally {
      await tight.close();
    }
  });
});
