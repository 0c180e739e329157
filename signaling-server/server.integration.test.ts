// The signaling server over real WebSockets on loopback: authentication, relay, and refusal of bad input.
import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { IdentityCryptoPort } from '../shared/identity/identity-crypto-port';
import { createIdentityService, type IdentityService } from '../shared/identity/identity-service';
import type { PeerId } from '../shared/identity/peer-id';
import {
  connectSignaling,
  type SignalingEvent,
  type SignalingSocket,
} from '../shared/signaling/signaling-client';
import { connectReconnectingSignaling } from '../shared/signaling/reconnecting-signaling';
import { createMemoryIdentityVault } from '../shared/testing/memory-ports';
import { startSignalingServer, type RunningSignalingServer } from './server';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const newIdentity = async (name: string): Promise<{ service: IdentityService; peerId: PeerId }> => {
  const service = createIdentityService({ crypto, vault: createMemoryIdentityVault(crypto) });
  const created = await service.create(name);
  if (!created.ok) {
    throw new Error(created.error.message);
  }
  return { service, peerId: created.value.peerId };
};

/** A signaling client with a queue of its events, so tests can await the next one of a kind. */
const connectClient = (url: string, identity: IdentityService) => {
  const events: SignalingEvent[] = [];
  const waiters: (() => void)[] = [];
  const client = connectSignaling({
    url,
    openSocket: (address) => new WebSocket(address) as unknown as SignalingSocket,
    answerChallenge: (serverId, nonce) => identity.signSignalingChallenge(serverId, nonce),
    onEvent: (event) => {
      events.push(event);
      waiters.splice(0).forEach((wake) => wake());
    },
  });
  const next = async <T extends SignalingEvent>(match: (event: SignalingEvent) => event is T): Promise<T> => {
    for (;;) {
      const index = events.findIndex(match);
      if (index >= 0) {
        return events.splice(index, 1)[0] as T;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { client, next };
};

const isReady = (e: SignalingEvent): e is Extract<SignalingEvent, { type: 'state' }> =>
  e.type === 'state' && e.state.status === 'ready';
const isClosed = (e: SignalingEvent): e is Extract<SignalingEvent, { type: 'state' }> =>
  e.type === 'state' && e.state.status === 'closed';
const isSignal = (e: SignalingEvent): e is Extract<SignalingEvent, { type: 'signal' }> => e.type === 'signal';
const isError = (e: SignalingEvent): e is Extract<SignalingEvent, { type: 'error' }> => e.type === 'error';

/** A raw socket for sending what a well-behaved client never would. */
const rawSocket = async (url: string) => {
  const socket = new WebSocket(url);
  const frames: unknown[] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString())));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, frames, closed };
};

describe('signaling server', () => {
  let server: RunningSignalingServer;
  let alice: Awaited<ReturnType<typeof newIdentity>>;
  let bob: Awaited<ReturnType<typeof newIdentity>>;

  beforeAll(async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0, logger: silent, authTimeoutMs: 500 });
    [alice, bob] = await Promise.all([newIdentity('Alice'), newIdentity('Bob')]);
  });
  afterAll(() => server.close());

  it('registers authenticated peers and relays signals with the sender stamped by the server', async () => {
    const a = connectClient(server.signalingUrl, alice.service);
    const b = connectClient(server.signalingUrl, bob.service);
    expect((await a.next(isReady)).state).toMatchObject({ status: 'ready', peerId: alice.peerId });
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

  it('tells the sender when the recipient is offline', async () => {
    const a = connectClient(server.signalingUrl, alice.service);
    await a.next(isReady);
    a.client.sendSignal('a'.repeat(32) as PeerId, 'hello');
    expect(await a.next(isError)).toMatchObject({ code: 'SIGNAL_PEER_OFFLINE' });
    a.client.close();
  });

  it('replaces an older connection of the same peer', async () => {
    const first = connectClient(server.signalingUrl, alice.service);
    await first.next(isReady);
    const second = connectClient(server.signalingUrl, alice.service);
    await second.next(isReady);
    expect((await first.next(isClosed)).state).toMatchObject({ reason: 'replaced by a newer connection' });
    second.client.close();
  });

  it('refuses a key that does not hash to the claimed peer ID', async () => {
    const { socket, frames, closed } = await rawSocket(server.signalingUrl);
    await expect.poll(() => frames.length).toBe(1);
    const challenge = frames[0] as { serverId: string; nonce: string };
    const signed = await alice.service.signSignalingChallenge(challenge.serverId, challenge.nonce);
    if (!signed.ok) {
      throw new Error(signed.error.message);
    }
    socket.send(JSON.stringify({ v: 1, type: 'register', ...signed.value, peerId: bob.peerId }));
    expect(await closed).toBe(1008);
    expect(frames[1]).toMatchObject({ type: 'error', code: 'SIGNAL_AUTH_FAILED' });
  });

  it('refuses a signature made for another server', async () => {
    const { socket, frames, closed } = await rawSocket(server.signalingUrl);
    await expect.poll(() => frames.length).toBe(1);
    const challenge = frames[0] as { nonce: string };
    const signed = await alice.service.signSignalingChallenge('other.example:443', challenge.nonce);
    if (!signed.ok) {
      throw new Error(signed.error.message);
    }
    socket.send(JSON.stringify({ v: 1, type: 'register', ...signed.value }));
    expect(await closed).toBe(1008);
    expect(frames[1]).toMatchObject({ type: 'error', code: 'SIGNAL_AUTH_FAILED' });
  });

  it('answers malformed and unauthenticated frames with coded errors', async () => {
    const { socket, frames } = await rawSocket(server.signalingUrl);
    socket.send('not json');
    socket.send(JSON.stringify({ v: 1, type: 'signal', to: bob.peerId, payload: 'x', extra: 1 }));
    socket.send(JSON.stringify({ v: 1, type: 'signal', to: bob.peerId, payload: 'x' }));
    await expect.poll(() => frames.length).toBe(4);
    expect(frames.slice(1)).toMatchObject([
      { type: 'error', code: 'SIGNAL_MALFORMED_FRAME' },
      { type: 'error', code: 'SIGNAL_MALFORMED_FRAME' },
      { type: 'error', code: 'SIGNAL_NOT_REGISTERED' },
    ]);
    socket.close();
  });

  it('closes a connection that does not authenticate in time', async () => {
    const { closed } = await rawSocket(server.signalingUrl);
    expect(await closed).toBe(4000);
  });

  it('closes a connection that sends an oversized frame', async () => {
    const { socket, closed } = await rawSocket(server.signalingUrl);
    socket.send('x'.repeat(65 * 1024));
    expect(await closed).toBe(1009);
  });

  it('stops relaying to a recipient that does not read, and tells the sender', async () => {
    const tight = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silent,
      limits: { framesPerSecond: 10_000, frameBurst: 10_000, maxBufferedBytes: 64 * 1024 },
    });
    try {
      const a = connectClient(tight.signalingUrl, alice.service);
      const bobSocket = new WebSocket(tight.signalingUrl);
      const bobClient = connectSignaling({
        url: tight.signalingUrl,
        openSocket: () => bobSocket as unknown as SignalingSocket,
        answerChallenge: (serverId, nonce) => bob.service.signSignalingChallenge(serverId, nonce),
        onEvent: () => undefined,
      });
      await a.next(isReady);
      await expect.poll(() => tight.connectedPeers()).toBe(2);
      // Bob stops reading: the server's queue for him grows once the kernel buffers are full.
      const bobTcp = (bobSocket as unknown as { _socket: { pause(): void } })._socket;
      bobTcp.pause();
      const payload = 'x'.repeat(40_000);
      let busy = false;
      for (let i = 0; i < 2_000 && !busy; i += 1) {
        a.client.sendSignal(bob.peerId, payload);
        if (i % 50 === 49) {
          const error = await Promise.race([
            a.next(isError),
            new Promise<null>((r) => setTimeout(() => r(null), 20)),
          ]);
          busy = error?.code === 'SIGNAL_RECIPIENT_BUSY';
        }
      }
      expect(busy).toBe(true);
      a.client.close();
      bobClient.close();
    } finally {
      await tight.close();
    }
  });

  it('reconnects with backoff after the server restarts, and registers again', async () => {
    const first = await startSignalingServer({ host: '127.0.0.1', port: 0, logger: silent });
    const port = Number(new URL(first.httpUrl).port);
    const states: string[] = [];
    const client = connectReconnectingSignaling({
      url: first.signalingUrl,
      openSocket: (address) => new WebSocket(address) as unknown as SignalingSocket,
      answerChallenge: (serverId, nonce) => alice.service.signSignalingChallenge(serverId, nonce),
      onEvent: (event) => {
        if (event.type === 'state') {
          states.push(event.state.status);
        }
      },
      timers: {
        setTimeout: (callback, ms) => setTimeout(callback, ms),
        clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
      },
      random: Math.random,
      backoff: { baseMs: 50, maxMs: 200 },
    });
    await expect.poll(() => states.includes('ready')).toBe(true);
    await first.close();
    await expect.poll(() => states.includes('closed')).toBe(true);
    const second = await startSignalingServer({ host: '127.0.0.1', port, logger: silent });
    try {
      await expect.poll(() => second.connectedPeers(), { timeout: 10_000 }).toBe(1);
      expect(states.filter((state) => state === 'ready').length).toBe(2);
    } finally {
      client.close();
      await second.close();
    }
  });

  it('counts what happened in Prometheus metrics', async () => {
    // Earlier tests against this server relayed two signals and refused two forged registrations.
    const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(text).toContain('parley_signaling_signals_relayed_total 2');
    expect(text).toContain('parley_signaling_auth_failures_total 2');
    expect(text).toMatch(/parley_signaling_frames_rejected_total\{reason="SIGNAL_MALFORMED_FRAME"\} [1-9]/);
    expect(text).toMatch(/parley_signaling_open_connections \d+/);
  });
});
