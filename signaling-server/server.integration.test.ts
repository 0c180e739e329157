// Conformance of one signaling server over real WebSockets on loopback: every frame type and every error code
// of protocol v1, realms, presence, key-bundle lookup, ICE configuration, reconnects and graceful shutdown.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeerId } from '../shared/identity/peer-id';
import { startSignalingServer, type RunningSignalingServer } from './server';
import {
  connectClient,
  isClosed,
  isError,
  isIce,
  isPresence,
  isReady,
  isSignal,
  newIdentity,
  rawSocket,
  registeredRawSocket,
  silentLogger,
  type TestIdentity,
} from './testing/signaling-test-kit';

const NOBODY = 'a'.repeat(32) as PeerId;

describe('signaling server', () => {
  let server: RunningSignalingServer;
  let alice: TestIdentity;
  let bob: TestIdentity;
  let carol: TestIdentity;

  beforeAll(async () => {
    server = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      authTimeoutMs: 500,
      realms: ['default', 'acme'],
      ice: {
        iceServers: [{ urls: 'stun:stun.parley.test:3478' }],
        turnUrls: ['turn:turn.parley.test:3478?transport=udp'],
        turnSecret: 'coturn-static-auth-secret',
        turnCredentialTtlSeconds: 3600,
      },
    });
    [alice, bob, carol] = await Promise.all([newIdentity('Alice'), newIdentity('Bob'), newIdentity('Carol')]);
  });
  afterAll(() => server.close());

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

  it('logs structured events without ever logging a payload', async () => {
    const lines: string[] = [];
    const capture = (fields: Record<string, unknown>, message: string) => {
      lines.push(JSON.stringify({ ...fields, message }));
    };
    const logged = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: { info: capture, warn: capture, error: capture },
    });
    try {
      const a = connectClient(logged.signalingUrl, alice);
      const b = connectClient(logged.signalingUrl, bob);
      await Promise.all([a.next(isReady), b.next(isReady)]);
      a.client.sendSignal(bob.peerId, 'SECRET-SDP-7f3a');
      await b.next(isSignal);
      a.client.close();
      b.client.close();
      await expect.poll(() => lines.some((line) => line.includes('peer left'))).toBe(true);
    } finally {
      await logged.close();
    }
    expect(lines.some((line) => line.includes('peer registered') && line.includes(alice.peerId))).toBe(true);
    expect(lines.join('\n')).not.toContain('SECRET-SDP-7f3a');
  });

  it('tells the sender, by its ref, when the recipient is offline', async () => {
    const a = connectClient(server.signalingUrl, alice);
    await a.next(isReady);
    a.client.sendSignal(NOBODY, 'hello', 'offer-1');
    expect(await a.next(isError)).toMatchObject({ code: 'SIGNAL_PEER_OFFLINE', ref: 'offer-1' });
    a.client.close();
  });

  it('hands out the key bundle a peer registered with, so signals can be sealed to it', async () => {
    const a = connectClient(server.signalingUrl, alice);
    const b = connectClient(server.signalingUrl, bob);
    await Promise.all([a.next(isReady), b.next(isReady)]);
    const bobSummary = await bob.service.current();
    const looked = await a.client.lookup(bob.peerId);
    expect(looked).toEqual({ ok: true, value: bobSummary.ok ? bobSummary.value?.keyBundle : null });
    expect(await a.client.lookup(NOBODY)).toMatchObject({
      ok: false,
      error: { code: 'SIGNAL_PEER_OFFLINE' },
    });
    a.client.close();
    b.client.close();
  });

  it('tells watchers when the peers they asked about come and go, and nobody else', async () => {
    const a = connectClient(server.signalingUrl, alice);
    const c = connectClient(server.signalingUrl, carol);
    await Promise.all([a.next(isReady), c.next(isReady)]);
    a.client.watch([bob.peerId]);
    expect(await a.next(isPresence)).toEqual({ type: 'presence', peerId: bob.peerId, online: false });

    const b = connectClient(server.signalingUrl, bob);
    await b.next(isReady);
    expect(await a.next(isPresence)).toEqual({ type: 'presence', peerId: bob.peerId, online: true });
    b.client.close();
    expect(await a.next(isPresence)).toEqual({ type: 'presence', peerId: bob.peerId, online: false });

    a.client.unwatch([bob.peerId]);
    const again = connectClient(server.signalingUrl, bob);
    await again.next(isReady);
    // Carol never asked; Alice stopped asking. A signal round trip proves nothing was queued before it.
    again.client.sendSignal(alice.peerId, 'sync');
    await a.next(isSignal);
    expect(a.all().filter(isPresence)).toEqual([]);
    expect(c.all().filter(isPresence)).toEqual([]);
    again.client.close();
    a.client.close();
    c.client.close();
  });

  it('caps how many peer IDs one connection may watch', async () => {
    const many = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      limits: { maxWatchedPerConnection: 3 },
    });
    try {
      const a = connectClient(many.signalingUrl, alice);
      await a.next(isReady);
      a.client.watch(['b', 'c', 'd', 'e'].map((letter) => letter.repeat(32) as PeerId));
      expect(await a.next(isError)).toMatchObject({ code: 'SIGNAL_LIMIT_EXCEEDED' });
      a.client.close();
    } finally {
      await many.close();
    }
  });

  it('keeps realms apart: peers in different realms can neither reach, look up nor watch each other', async () => {
    const inAcme = connectClient(server.signalingUrl, alice, { realm: 'acme' });
    const inDefault = connectClient(server.signalingUrl, bob);
    expect((await inAcme.next(isReady)).state).toMatchObject({ realm: 'acme' });
    await inDefault.next(isReady);
    inAcme.client.sendSignal(bob.peerId, 'across');
    expect(await inAcme.next(isError)).toMatchObject({ code: 'SIGNAL_PEER_OFFLINE' });
    expect(await inAcme.client.lookup(bob.peerId)).toMatchObject({ error: { code: 'SIGNAL_PEER_OFFLINE' } });
    inAcme.client.watch([bob.peerId]);
    expect(await inAcme.next(isPresence)).toMatchObject({ peerId: bob.peerId, online: false });
    // The same peer ID may be in two realms at once: they are separate registrations.
    const aliceInDefault = connectClient(server.signalingUrl, alice);
    await aliceInDefault.next(isReady);
    inDefault.client.sendSignal(alice.peerId, 'same realm');
    expect(await aliceInDefault.next(isSignal)).toMatchObject({ payload: 'same realm' });
    expect(inAcme.all().filter(isSignal)).toEqual([]);
    inAcme.client.close();
    inDefault.client.close();
    aliceInDefault.client.close();
  });

  it('refuses a realm it does not serve', async () => {
    const a = connectClient(server.signalingUrl, alice, { realm: 'globex' });
    expect(await a.next(isError)).toMatchObject({ code: 'SIGNAL_UNKNOWN_REALM' });
    expect((await a.next(isClosed)).state).toMatchObject({ status: 'closed' });
  });

  it('hands out ICE servers with short-lived TURN credentials in the TURN REST scheme', async () => {
    const before = Math.floor(Date.now() / 1000);
    const a = connectClient(server.signalingUrl, alice);
    const ready = await a.next(isReady);
    if (ready.state.status !== 'ready') {
      throw new Error('not ready');
    }
    const [stun, turn] = ready.state.iceServers;
    expect(stun).toEqual({ urls: 'stun:stun.parley.test:3478' });
    expect(turn?.urls).toEqual(['turn:turn.parley.test:3478?transport=udp']);
    const [expiry, user] = (turn?.username ?? '').split(':');
    expect(user).toBe(alice.peerId);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 3600);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3600);
    // What coturn computes with `use-auth-secret` and the same static-auth-secret.
    expect(turn?.credential).toBe(
      createHmac('sha1', 'coturn-static-auth-secret')
        .update(turn?.username ?? '')
        .digest('base64'),
    );
    a.client.refreshIce();
    expect((await a.next(isIce)).iceServers).toHaveLength(2);
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

  it('refuses a key bundle that does not belong to the claimed peer ID', async () => {
    const raw = await rawSocket(server.signalingUrl);
    const { serverId, nonce } = await raw.challenge();
    const signed = await alice.service.signSignalingChallenge({ serverId, realm: 'default', nonce });
    const bobBundle = await bob.service.current();
    if (!signed.ok || !bobBundle.ok || !bobBundle.value) {
      throw new Error('setup');
    }
    const forged = { ...signed.value.bundle, peerId: bob.peerId };
    raw.socket.send(
      JSON.stringify({
        v: 1,
        type: 'register',
        realm: 'default',
        bundle: forged,
        signature: signed.value.signature,
      }),
    );
    expect(await raw.closed).toBe(1008);
    expect(raw.frames[1]).toMatchObject({ type: 'error', code: 'SIGNAL_AUTH_FAILED' });
  });

  it('refuses a signature made for another server, another realm, or another connection', async () => {
    // Signed for another server, or for another realm than the one registered into.
    const attempts = [
      { signFor: (serverId: string) => ({ serverId: `not-${serverId}`, realm: 'default' }) },
      { signFor: (serverId: string) => ({ serverId, realm: 'acme' }) },
    ];
    for (const { signFor } of attempts) {
      const raw = await rawSocket(server.signalingUrl);
      const challenge = await raw.challenge();
      const signed = await alice.service.signSignalingChallenge({
        ...signFor(challenge.serverId),
        nonce: challenge.nonce,
      });
      if (!signed.ok) {
        throw new Error(signed.error.message);
      }
      raw.socket.send(JSON.stringify({ v: 1, type: 'register', realm: 'default', ...signed.value }));
      expect(await raw.closed).toBe(1008);
      expect(raw.frames[1]).toMatchObject({ type: 'error', code: 'SIGNAL_AUTH_FAILED' });
    }
    // A replay: a valid answer to one connection's challenge, presented on another connection.
    const first = await rawSocket(server.signalingUrl);
    const firstChallenge = await first.challenge();
    const captured = await alice.service.signSignalingChallenge({ ...firstChallenge, realm: 'default' });
    first.socket.close();
    const replay = await rawSocket(server.signalingUrl);
    if (!captured.ok) {
      throw new Error(captured.error.message);
    }
    replay.socket.send(JSON.stringify({ v: 1, type: 'register', realm: 'default', ...captured.value }));
    expect(await replay.closed).toBe(1008);
    expect(replay.frames[1]).toMatchObject({ code: 'SIGNAL_AUTH_FAILED' });
  });

  it('answers malformed, unknown and unauthenticated frames with coded errors', async () => {
    const raw = await rawSocket(server.signalingUrl);
    await raw.challenge();
    raw.socket.send('not json');
    raw.socket.send(JSON.stringify({ v: 1, type: 'signal', to: bob.peerId, payload: 'x', extra: 1 }));
    raw.socket.send(JSON.stringify({ v: 2, type: 'signal', to: bob.peerId, payload: 'x' }));
    raw.socket.send(JSON.stringify({ v: 1, type: 'teleport' }));
    raw.socket.send(JSON.stringify({ v: 1, type: 'signal', to: bob.peerId, payload: 'x' }));
    raw.socket.send(JSON.stringify({ v: 1, type: 'lookup', peerId: bob.peerId }));
    raw.socket.send(JSON.stringify({ v: 1, type: 'watch', peerIds: [bob.peerId] }));
    raw.socket.send(JSON.stringify({ v: 1, type: 'ice' }));
    await expect.poll(() => raw.frames.length).toBe(9);
    expect(raw.frames.slice(1).map((frame) => frame.code)).toEqual([
      'SIGNAL_MALFORMED_FRAME',
      'SIGNAL_MALFORMED_FRAME',
      'SIGNAL_MALFORMED_FRAME',
      'SIGNAL_MALFORMED_FRAME',
      'SIGNAL_NOT_REGISTERED',
      'SIGNAL_NOT_REGISTERED',
      'SIGNAL_NOT_REGISTERED',
      'SIGNAL_NOT_REGISTERED',
    ]);
    raw.socket.close();
  });

  it('refuses a second registration on one connection', async () => {
    const raw = await registeredRawSocket(server.signalingUrl, carol);
    const { serverId, nonce } = await raw.challenge();
    const answer = await carol.service.signSignalingChallenge({ serverId, realm: 'default', nonce });
    raw.socket.send(
      JSON.stringify({ v: 1, type: 'register', realm: 'default', ...(answer.ok ? answer.value : {}) }),
    );
    await expect.poll(() => raw.frames.at(-1)).toMatchObject({ code: 'SIGNAL_MALFORMED_FRAME' });
    raw.socket.close();
  });

  it('closes a connection that does not authenticate in time', async () => {
    const { closed } = await rawSocket(server.signalingUrl);
    expect(await closed).toBe(4000);
  });

  it('closes a connection that sends an oversized or binary frame', async () => {
    const big = await rawSocket(server.signalingUrl);
    big.socket.send('x'.repeat(65 * 1024));
    expect(await big.closed).toBe(1009);
    const binary = await rawSocket(server.signalingUrl);
    binary.socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(await binary.closed).toBe(1008);
  });

  it('stops relaying to a recipient that does not read, and tells the sender', async () => {
    const tight = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      limits: { framesPerSecond: 10_000, frameBurst: 10_000, maxBufferedBytes: 64 * 1024 },
    });
    try {
      const a = connectClient(tight.signalingUrl, alice);
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

  it('reconnects at once when asked, instead of waiting out its backoff', async () => {
    // The server asks its clients to spread their return over a minute (the most the protocol allows; the test
    // client waits half of it), and the client's own backoff is longer: only reconnectNow brings it back in time.
    const first = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      reconnectWithinMs: 600_000,
    });
    const port = Number(new URL(first.httpUrl).port);
    const a = connectClient(first.signalingUrl, alice, {
      reconnect: true,
      backoff: { baseMs: 600_000, maxMs: 600_000 },
    });
    await a.next(isReady);
    await first.close();
    // A window over the protocol's limit is clamped, so the client accepts the goaway.
    expect((await a.next(isClosed)).state).toMatchObject({ reconnectWithinMs: 60_000 });
    const second = await startSignalingServer({ host: '127.0.0.1', port, logger: silentLogger });
    try {
      a.reconnectNow?.();
      await a.next(isReady, 5_000);
    } finally {
      a.client.close();
      await second.close();
    }
  });

  it('drains on shutdown: clients are told to go away, reconnect elsewhere and carry on', async () => {
    const first = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      reconnectWithinMs: 200,
    });
    const port = Number(new URL(first.httpUrl).port);
    const a = connectClient(first.signalingUrl, alice, { reconnect: true });
    await a.next(isReady);
    expect((await fetch(`${first.httpUrl}/healthz`)).status).toBe(200);
    await first.close();
    const closed = await a.next(isClosed);
    expect(closed.state).toMatchObject({ reason: 'server shutting down', reconnectWithinMs: 200 });
    // "Elsewhere" is a fresh instance on the same address, as behind a load balancer.
    const second = await startSignalingServer({ host: '127.0.0.1', port, logger: silentLogger });
    try {
      await a.next(isReady);
      const b = connectClient(second.signalingUrl, bob);
      await b.next(isReady);
      b.client.sendSignal(alice.peerId, 'after the move');
      expect(await a.next(isSignal)).toMatchObject({ payload: 'after the move' });
      b.client.close();
    } finally {
      a.client.close();
      await second.close();
    }
  });

  it('serves /healthz and counts what happened in Prometheus metrics', async () => {
    const health = await fetch(`${server.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(text).toMatch(/parley_signaling_signals_relayed_total [1-9]/);
    expect(text).toMatch(/parley_signaling_registrations_total [1-9]/);
    expect(text).toMatch(/parley_signaling_auth_failures_total [1-9]/);
    expect(text).toMatch(/parley_signaling_relay_latency_seconds_count [1-9]/);
    expect(text).toMatch(/parley_signaling_frames_rejected_total\{reason="SIGNAL_MALFORMED_FRAME"\} [1-9]/);
    expect(text).toMatch(/parley_signaling_open_connections \d+/);
  });
});
