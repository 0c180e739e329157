// The signaling client over a scripted socket and virtual time: what a real server cannot be made to do, such as
// never answering a lookup. The protocol itself is tested against the real server in signaling-server/.
import { describe, expect, it } from 'vitest';
import type { KeyBundle } from '../identity/key-bundle';
import type { PeerId } from '../identity/peer-id';
import { ok } from '../result';
import { createVirtualClock } from '../testing/virtual-clock';
import { connectSignaling, LOOKUP_TIMEOUT_MS, type SignalingSocket } from './signaling-client';

const ME = 'a'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;

/** A socket the test plays the server's side of; it records what the client sends. */
const scriptedSocket = () => {
  const sent: { readonly type: string }[] = [];
  const socket: SignalingSocket = {
    readyState: 1,
    send: (text) => void sent.push(JSON.parse(text) as { type: string }),
    close: () => undefined,
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  };
  const serverSends = (frame: object) => socket.onmessage?.({ data: JSON.stringify({ v: 1, ...frame }) });
  return { socket, sent, serverSends };
};

describe('signaling client', () => {
  it('fails a lookup the server never answers, so the signals behind it do not wait for ever', async () => {
    const clock = createVirtualClock(0);
    const { socket, sent, serverSends } = scriptedSocket();
    const client = connectSignaling({
      url: 'ws://signaling.test/signal',
      openSocket: () => socket,
      answerChallenge: () => Promise.resolve(ok({ bundle: {} as KeyBundle, signature: 'c2ln' })),
      onEvent: () => undefined,
      clock,
    });
    socket.onopen?.({});
    serverSends({ type: 'challenge', serverId: 'test', nonce: 'bm9uY2U=' });
    await clock.advance(0);
    expect(sent.map((frame) => frame.type)).toEqual(['register']);
    serverSends({ type: 'registered', peerId: ME, realm: 'default', iceServers: [] });

    let result: unknown = null;
    void client.lookup(BOB).then((settled) => (result = settled));
    await clock.advance(LOOKUP_TIMEOUT_MS - 1);
    expect(sent.map((frame) => frame.type)).toEqual(['register', 'lookup']);
    expect(result).toBeNull();
    await clock.advance(1);
    expect(result).toMatchObject({ ok: false, error: { code: 'SIGNAL_TIMEOUT' } });
    expect(clock.pending).toBe(0);
  });
});
