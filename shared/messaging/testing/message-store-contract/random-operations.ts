// Random MessageStore operations for the property tests, and how each one changes the naive model and the store.
import fc from 'fast-check';
import { expect } from 'vitest';
import { STATUS_TRANSITIONS } from '../../memory-message-store';
import type { MessageId } from '../../message-format';
import type { ContactState, DeliveryStatus, MessageStore } from '../../message-store';
import type { Model } from './naive-model';
import { BOB, inbound, LOCAL, PEERS, STATUSES, textMessage } from './samples';
import { createTo } from './store-context';

const CONTACT_STATES: readonly ContactState[] = [
  'accepted',
  'blocked',
  'requested-by-me',
  'requested-by-them',
  'unknown',
];

export type Operation =
  | { readonly kind: 'create'; readonly to: number }
  | {
      readonly kind: 'status';
      readonly picks: readonly number[];
      readonly status: DeliveryStatus;
      readonly failure: boolean;
    }
  | {
      readonly kind: 'receive';
      readonly from: number;
      readonly seq: number;
      readonly resend: number | null;
      readonly request: boolean;
    }
  | { readonly kind: 'seen'; readonly from: number; readonly seq: number }
  | { readonly kind: 'delete'; readonly picks: readonly number[] }
  | { readonly kind: 'contact'; readonly peer: number; readonly state: ContactState }
  | { readonly kind: 'reopen' };

export const peerIndex = fc.integer({ min: 0, max: PEERS.length - 1 });
const smallSeq = fc.integer({ min: 1, max: 8 });
const picks = fc.array(fc.nat(), { minLength: 1, maxLength: 3 });
export const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), to: peerIndex }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      picks,
      status: fc.constantFrom(...STATUSES),
      failure: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('receive' as const),
      from: peerIndex,
      seq: smallSeq,
      resend: fc.option(fc.nat(), { nil: null }),
      request: fc.boolean(),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('seen' as const), from: peerIndex, seq: smallSeq }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), picks }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('contact' as const),
      peer: peerIndex,
      state: fc.constantFrom(...CONTACT_STATES),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('reopen' as const) }), weight: 1 },
);

const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items.length === 0 ? undefined : items[index % items.length];

/**
 * Applies `op` to the model at once and starts it on the store; the returned promise checks the store's
 * answer. The model is updated before the store answers, so operations may be started without waiting.
 */
export const startOperation = (
  store: MessageStore,
  model: Model,
  op: Exclude<Operation, { kind: 'reopen' }>,
  n: number,
) => {
  switch (op.kind) {
    case 'create': {
      const to = PEERS[op.to] ?? BOB;
      const seq = [...model.outgoing.values()].filter((e) => e.message.to === to).length + 1;
      const expected = textMessage(n, LOCAL, to, seq);
      model.outgoing.set(expected.id, { message: expected, status: 'pending' });
      return createTo(store, n, to).then((message) => expect(message).toEqual(expected));
    }
    case 'status': {
      const ids = op.picks.flatMap((i) => pick([...model.outgoing.keys()], i) ?? []);
      const failure = op.failure ? `reason ${n}` : undefined;
      const changed: MessageId[] = [];
      for (const id of ids) {
        const entry = model.outgoing.get(id);
        if (entry && STATUS_TRANSITIONS[entry.status].includes(op.status)) {
          model.outgoing.set(
            id,
            op.status === 'failed' && failure
              ? { message: entry.message, status: op.status, failure }
              : { message: entry.message, status: op.status },
          );
          changed.push(id);
        }
      }
      return store.setStatus(ids, op.status, failure).then((result) => expect(result).toEqual(changed));
    }
    case 'receive': {
      const earlier = op.resend === null ? undefined : pick([...model.knownIncoming.values()], op.resend);
      const message = earlier ? { ...earlier, seq: op.seq } : inbound(n, PEERS[op.from] ?? BOB, op.seq);
      const outcome = model.knownIncoming.has(message.id) ? 'duplicate' : 'stored';
      if (outcome === 'stored') {
        model.knownIncoming.set(message.id, message);
        model.incoming.set(message.id, { message, receivedAt: n, request: op.request });
      }
      model.seen.set(message.from, (model.seen.get(message.from) ?? new Set()).add(message.seq));
      return store.receive(message, n, op.request).then((result) => expect(result).toBe(outcome));
    }
    case 'seen': {
      const from = PEERS[op.from] ?? BOB;
      model.seen.set(from, (model.seen.get(from) ?? new Set()).add(op.seq));
      return store.markSeen(from, op.seq);
    }
    case 'delete': {
      const ids = op.picks.flatMap((i) => pick([...model.knownIncoming.keys()], i) ?? []);
      ids.forEach((id) => model.incoming.delete(id));
      return store.deleteMessages(ids);
    }
    case 'contact': {
      const peer = PEERS[op.peer] ?? BOB;
      model.contacts.set(peer, op.state);
      return store.setContactState(peer, op.state);
    }
  }
};
