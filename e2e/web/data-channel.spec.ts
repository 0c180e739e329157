// Foundation proof: two people open the app, sign in to the signaling server, open a WebRTC data channel
// between their browsers and exchange a message each way; the server relays only sealed signals.
import { expect, test } from '../support/fixtures';

test('two users connect through the signaling server and exchange messages over a data channel', async ({
  openApps,
}) => {
  const [alice, bob] = await openApps('Alice', 'Bob');
  if (!alice || !bob) {
    throw new Error('expected two apps');
  }
  // Everything either browser sends the signaling server, as the server (or its operator) would see it.
  const toServer: string[] = [];
  for (const app of [alice, bob]) {
    app.page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => toServer.push(String(payload))),
    );
  }
  await Promise.all([alice.createIdentity(), bob.createIdentity()]);
  const alicePeerId = await alice.peerId();
  expect(alicePeerId).not.toEqual(await bob.peerId());

  await bob.openChatWith(alicePeerId);
  await bob.expectConnected();
  await alice.expectConnected();

  await bob.send('Hello Alice, this went peer to peer.');
  await alice.expectReceived('Hello Alice, this went peer to peer.');
  await alice.send('Hi Bob!');
  await bob.expectReceived('Hi Bob!');

  // The offer, the answer and every ICE candidate crossed the server sealed: each signal's payload is a sealed
  // envelope (version 1, type 0x21), and nothing else in any frame carries SDP, a candidate or an address.
  const frames = toServer.map((text) => JSON.parse(text) as { type: string; payload?: string });
  const signals = frames.filter((frame) => frame.type === 'signal');
  expect(signals.length).toBeGreaterThanOrEqual(2);
  for (const frame of frames) {
    const { payload, ...rest } = frame;
    if (payload !== undefined) {
      expect([...Buffer.from(payload, 'base64').subarray(0, 2)]).toEqual([1, 0x21]);
    }
    expect(JSON.stringify(rest)).not.toMatch(/sdp|candidate|198\.18\.|ice-ufrag|fingerprint/i);
  }
});
