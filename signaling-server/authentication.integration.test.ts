// What one server refuses over real WebSockets on loopback, before and at registration: key bundles and
// signatures that do not fit, replays, malformed, unknown and unauthenticated frames, a second registration,
// a slow authentication, and oversized or binary frames. Every refusal carries its protocol v1 error code.
import { afterAll, describe, expect, it } from 'vitest';
import { startConformanceServer } from './testing/conformance-server';
import { rawSocket, registeredRawSocket } from './testing/signaling-test-kit';

// One server per file, started while the file's tests are collected.
const { server, alice, bob, carol } = await startConformanceServer();
afterAll(() => server.close());

describe('signaling server', () => {
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
});
