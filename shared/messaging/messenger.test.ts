import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../identity/peer-id';
import { fail } from '../result';
import { createVirtualClock } from '../testing/virtual-clock';
import { createMemoryMessageStore } from './memory-message-store';
import { createMessenger } from './messenger';
import { createFakeRtcNetwork } from './testing/fake-rtc';
import { inbound, LOCAL } from './testing/message-store-contract/samples';

const BOB = 'b'.repeat(32) as PeerId;

/** A messenger whose signaling is ready, on a fake WebRTC network that counts the connections it starts. */
const readyMessenger = async () => {
  const store = createMemoryMessageStore();
  const clock = createVirtualClock();
  const network = createFakeRtcNetwork(clock);
  const refused = () => Promise.resolve(fail('SESSION_UNEXPECTED_MESSAGE', 'no sessions in this test'));
  const messenger = createMessenger({
    localPeerId: LOCAL,
    displayName: 'Me',
    store,
    sessions: { begin: refused, handshake: refused, seal: refused, open: refused, end: () => undefined },
    rtc: network.factory(),
    signaling: {
      lookup: () => new Promise(() => undefined),
      sendSignal: () => undefined,
      watch: () => undefined,
    },
    sealer: { seal: refused, open: refused },
    watchList: () => Promise.resolve([]),
    clock,
    random: () => 0.5,
    newMessageId: (now) => uuidv7({ msecs: now }),
    newAttemptId: () => crypto.randomUUID(),
    onEvent: () => undefined,
  });
  await messenger.start();
  messenger.signalingEvent({
    type: 'state',
    state: { status: 'ready', peerId: LOCAL, realm: 'default', iceServers: [] },
  });
  return { store, messenger, dials: network.created };
};

describe('messenger', () => {
  it('dials a contact to deliver read receipts, but never a blocked peer, who must not learn we are online', async () => {
    const { store, messenger, dials } = await readyMessenger();
    const unread = inbound(1, BOB, 1);
    await store.receive(unread, 0, false);

    await store.setContactState(BOB, 'blocked');
    await messenger.markRead(BOB, [unread.id]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(dials()).toBe(0);

    await store.setContactState(BOB, 'accepted');
    await messenger.markRead(BOB, [unread.id]);
    await expect.poll(dials).toBe(1);
  });
});
