// Messages and a mixed workload for tests of the file message store on disk, and a way to compare two stores by
// everything they answer about those messages and peers.
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message, MessageId } from '../../../../shared/messaging/message-format';
import type { MessageStore } from '../../../../shared/messaging/message-store';
import { messageId, textMessage } from '../../../../shared/messaging/testing/message-store-contract';

export const ME = 'm'.repeat(32) as PeerId;
export const BOB = 'b'.repeat(32) as PeerId;
export const CAROL = 'c'.repeat(32) as PeerId;
export const PEERS = [BOB, CAROL];

// Texts of varying length, so journal and snapshot lines differ in size.
export const message = (n: number, from: PeerId, to: PeerId, seq: number): Message =>
  textMessage(n, from, to, seq, `message ${n}: ${'x'.repeat(n % 50)}`);
export const send = (store: MessageStore, n: number, to: PeerId) =>
  store.createOutgoing(to, (seq) => message(n, ME, to, seq));

/** Everything a store answers about these peers and messages, for comparing two stores. */
export const observe = async (store: MessageStore, ids: readonly MessageId[]) => ({
  outboxPeers: [...(await store.outboxPeers())].sort(),
  peers: await Promise.all(
    PEERS.map(async (peer) => ({
      outbox: await store.outbox(peer, 10_000),
      received: await store.receivedSequence(peer),
      contact: await store.contactState(peer),
    })),
  ),
  outgoing: await Promise.all(ids.map((id) => store.outgoing(id))),
  incoming: await Promise.all(ids.map((id) => store.incoming(id))),
});

/** Step `n` of a mixed workload: every kind of change, in the same way on every store given. */
export const workloadStep = async (stores: readonly MessageStore[], n: number): Promise<void> => {
  const peer = PEERS[n % 2] ?? BOB;
  for (const store of stores) {
    if (n % 3 === 0) {
      await store.receive(message(n, peer, ME, Math.ceil(n / 3) + (n % 7 === 0 ? 2 : 0)), n, n % 5 === 0);
    } else {
      await send(store, n, peer);
    }
    if (n % 4 === 0) {
      await store.setStatus([messageId(n - 2)], n % 8 === 0 ? 'delivered' : 'failed', `reason ${n}`);
    }
    if (n % 9 === 0) {
      await store.deleteMessages([messageId(n - 6)]);
    }
    if (n % 25 === 0) {
      await store.setContactState(peer, n % 50 === 0 ? 'accepted' : 'blocked');
    }
  }
};

export const idsUpTo = (count: number): MessageId[] =>
  Array.from({ length: count }, (_, i) => messageId(i + 1));
