// Running one server, over real WebSockets on loopback: structured logs that never hold a payload, clients
// reconnecting on request and draining away on shutdown, and the /healthz and Prometheus endpoints.
import { afterAll, describe, expect, it } from 'vitest';
import { startSignalingServer } from './server';
import { startConformanceServer } from './testing/conformance-server';
import {
  connectClient,
  isClosed,
  isReady,
  isSignal,
  rawSocket,
  silentLogger,
} from './testing/signaling-test-kit';

// One server per file, started while the file's tests are collected.
const { server, alice, bob, carol } = await startConformanceServer();
afterAll(() => server.close());

describe('signaling server', () => {
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

  it('does not take its peer ID back after a newer connection replaced it, until asked to', async () => {
    // Two places with one identity (two tabs, or a restored backup on a second device), both reconnecting clients
    // with a short backoff: were the replaced one to retry, the two would close each other for ever.
    const first = connectClient(server.signalingUrl, alice, { reconnect: true });
    await first.next(isReady);
    const second = connectClient(server.signalingUrl, alice, { reconnect: true });
    await second.next(isReady);
    expect((await first.next(isClosed)).state).toMatchObject({
      reason: 'replaced by a newer connection',
      replaced: true,
    });
    // Forty times the test client's first backoff (25 ms): it would have retried long before.
    const seen = first.all().length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(first.all().slice(seen)).toEqual([]);
    expect(second.all().some(isClosed)).toBe(false);
    const b = connectClient(server.signalingUrl, bob);
    await b.next(isReady);
    b.client.sendSignal(alice.peerId, 'to the one that took over');
    expect(await second.next(isSignal)).toMatchObject({ payload: 'to the one that took over' });

    // The user of the first one chooses to use it here: it takes the ID back, and now the other one waits.
    first.reconnectNow?.();
    await first.next(isReady);
    expect((await second.next(isClosed)).state).toMatchObject({ replaced: true });
    b.client.sendSignal(alice.peerId, 'back to the first');
    expect(await first.next(isSignal)).toMatchObject({ payload: 'back to the first' });
    first.client.close();
    second.client.close();
    b.client.close();
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
    // Something for each counter below: a registration, a relayed signal, a malformed frame, a failed
    // authentication (a signature for another server).
    const a = connectClient(server.signalingUrl, alice);
    const b = connectClient(server.signalingUrl, bob);
    await Promise.all([a.next(isReady), b.next(isReady)]);
    a.client.sendSignal(bob.peerId, 'counted');
    await b.next(isSignal);
    a.client.close();
    b.client.close();
    const raw = await rawSocket(server.signalingUrl);
    const { serverId, nonce } = await raw.challenge();
    raw.socket.send('not json');
    await expect.poll(() => raw.frames.at(-1)).toMatchObject({ code: 'SIGNAL_MALFORMED_FRAME' });
    const signed = await carol.service.signSignalingChallenge({
      serverId: `not-${serverId}`,
      realm: 'default',
      nonce,
    });
    if (!signed.ok) {
      throw new Error(signed.error.message);
    }
    raw.socket.send(JSON.stringify({ v: 1, type: 'register', realm: 'default', ...signed.value }));
    expect(await raw.closed).toBe(1008);

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
