// A naive model of the MessageStore port: plain collections, every answer computed from scratch, so the property
// tests can check a real store against it.
import { expect } from 'vitest';
import type { PeerId } from '../../../identity/peer-id';
import type { Message, MessageId } from '../../message-format';
import type {
  ContactState,
  DeliveryStatus,
  IncomingMessage,
  MessageStore,
  OutgoingMessage,
  ReceivedSequence,
} from '../../message-store';
import { PEERS } from './samples';

const IN_OUTBOX: ReadonlySet<DeliveryStatus> = new Set(['pending', 'sent']);

export interface Model {
  readonly outgoing: Map<MessageId, OutgoingMessage>;
  readonly incoming: Map<MessageId, IncomingMessage>;
  readonly knownIncoming: Map<MessageId, Message>;
  readonly seen: Map<PeerId, Set<number>>;
  readonly contacts: Map<PeerId, ContactState>;
}

export const emptyModel = (): Model => ({
  outgoing: new Map(),
  incoming: new Map(),
  knownIncoming: new Map(),
  seen: new Map(),
  contacts: new Map(),
});

export const modelSequence = (model: Model, peer: PeerId): ReceivedSequence => {
  const seen = model.seen.get(peer) ?? new Set<number>();
  let upTo = 0;
  while (seen.has(upTo + 1)) {
    upTo += 1;
  }
  return { upTo, above: [...seen].filter((seq) => seq > upTo).sort((a, b) => a - b) };
};

const modelOutbox = (model: Model, peer: PeerId): Message[] =>
  [...model.outgoing.values()]
    .filter((entry) => entry.message.to === peer && IN_OUTBOX.has(entry.status))
    .map((entry) => entry.message)
    .sort((a, b) => a.seq - b.seq);

export const expectMatchesModel = async (store: MessageStore, model: Model): Promise<void> => {
  for (const peer of PEERS) {
    expect(await store.outbox(peer, 1_000)).toEqual(modelOutbox(model, peer));
    expect(await store.receivedSequence(peer)).toEqual(modelSequence(model, peer));
    expect(await store.contactState(peer)).toBe(model.contacts.get(peer) ?? 'unknown');
  }
  const peersWithOutbox = PEERS.filter((peer) => modelOutbox(model, peer).length > 0);
  expect([...(await store.outboxPeers())].sort()).toEqual(peersWithOutbox);
  for (const [id, entry] of model.outgoing) {
    expect(await store.outgoing(id)).toEqual(entry);
  }
  for (const id of model.knownIncoming.keys()) {
    expect(await store.incoming(id)).toEqual(model.incoming.get(id) ?? null);
  }
};
