// Foundation proof: two people open the app, sign in to the signaling server, open a WebRTC data channel
// between their browsers and exchange a message each way; the server relays only sealed signals.
// Bob asks Alice to be a contact first; only once she accepts can text flow.
import { expect, test } from '../support/fixtures';

test('two users connect through the signaling server and exchange messages over a data channel', async ({
  openApps,
}) => {
  const [alice, bob] = await openApps('Alice', 'Bob');
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

  await bob.addContact(alicePeerId);
  await alice.acceptRequestFrom('Bob');
  await bob.expectAccepted();
  await bob.expectConnected();
  await alice.expectConnected();

  await bob.send('Hello Alice, this went peer to peer.');
  await alice.expectReceived('Hello Alice, this went peer to peer.');
  // Alice has the conversation open, so she has read it: Bob sees the receipt.
  await bob.expectStatus('Hello Alice, this went peer to peer.', 'read');
  await alice.send('Hi Bob!');
  await bob.expectReceived('Hi Bob!');
  await alice.expectStatus('Hi Bob!', 'read');

  // The offer, the answer and every ICE candidate crossed the server sealed: each signal's payload is a sealed
  // envelope (version 1, type 0x21), and no frame carries SDP, a candidate or an address. The patterns hold
  // characters base64 never has (quotes, ':', '.', '='), so keys and signatures cannot match them by chance.
  const frames = toServer.map((text) => JSON.parse(text) as { type: string; payload?: string });
  expect(frames.filter((frame) => frame.type === 'signal').length).toBeGreaterThanOrEqual(2);
  for (const frame of frames) {
    if (frame.type === 'signal') {
      expect([...Buffer.from(frame.payload ?? '', 'base64').subarray(0, 2)]).toEqual([1, 0x21]);
    }
  }
  for (const text of toServer) {
    expect(text).not.toMatch(/\\"sdp\\"|"sdp"|candidate:|198\.18\.|a=ice-ufrag|a=fingerprint/);
  }
});
