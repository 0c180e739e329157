// Foundation proof: two people open the app, sign in to the signaling server, open a WebRTC data channel
// between their browsers and exchange a message each way.
import { expect, test } from '../support/fixtures';

test('two users connect through the signaling server and exchange messages over a data channel', async ({
  openApps,
}) => {
  const [alice, bob] = await openApps('Alice', 'Bob');
  if (!alice || !bob) {
    throw new Error('expected two apps');
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
});
