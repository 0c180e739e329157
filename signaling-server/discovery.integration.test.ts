// Finding peers on one server over real WebSockets on loopback: key-bundle lookup, presence for watchers and
// its cap, realms kept apart, and the ICE servers (with TURN credentials) handed out on registration.
import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { PeerId } from '../shared/identity/peer-id';
import { startSignalingServer } from './server';
import { NOBODY, startConformanceServer } from './testing/conformance-server';
import {
  connectClient,
  isClosed,
  isError,
  isIce,
  isPresence,
  isReady,
  isSignal,
  silentLogger,
} from './testing/signaling-test-kit';

// One server per file, started while the file's tests are collected.
const { server, alice, bob, carol } = await startConformanceServer();
afterAll(() => server.close());

describe('signaling server', () => {
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
});
