// Journal operations on the store's state: one that does not fit is refused whole, before any of it applies, so
// the live state never holds what the journal (which never gets the operation) would not replay to.
import { describe, expect, it } from 'vitest';
import {
  BOB,
  inbound,
  LOCAL,
  textMessage,
} from '../../../shared/messaging/testing/message-store-contract/samples';
import { applyOperation, emptyState, Inconsistent, type State } from './store-state';

const withMessages = (): State => {
  const state = emptyState();
  applyOperation(state, { type: 'received', message: inbound(1, BOB, 1), receivedAt: 1, request: false });
  applyOperation(state, { type: 'received', message: inbound(2, BOB, 2), receivedAt: 1, request: false });
  applyOperation(state, { type: 'created', message: textMessage(3, LOCAL, BOB, 1) });
  return state;
};

describe('applyOperation', () => {
  it('refuses a deletion naming a message not stored, or one twice, and keeps every message it named', () => {
    const state = withMessages();
    const [first, second] = [inbound(1, BOB, 1).id, inbound(2, BOB, 2).id];
    expect(() =>
      applyOperation(state, { type: 'deleted', ids: [first, textMessage(9, BOB, LOCAL, 9).id] }),
    ).toThrow(Inconsistent);
    expect(() => applyOperation(state, { type: 'deleted', ids: [first, second, first] })).toThrow(
      Inconsistent,
    );
    expect([...state.incoming.keys()]).toEqual([first, second]);
    expect(state.tombstones.size).toBe(0);
  });

  it('refuses a status change any of whose messages cannot take it, changing none', () => {
    const state = withMessages();
    const read = textMessage(3, LOCAL, BOB, 1).id;
    const pending = textMessage(5, LOCAL, BOB, 2);
    applyOperation(state, { type: 'created', message: pending });
    applyOperation(state, { type: 'status', ids: [read], status: 'read' });
    // The pending one could be delivered; the read one cannot.
    expect(() =>
      applyOperation(state, { type: 'status', ids: [pending.id, read], status: 'delivered' }),
    ).toThrow(Inconsistent);
    expect(state.outgoing.get(pending.id)?.status).toBe('pending');
    expect(state.outgoing.get(read)?.status).toBe('read');
  });

  it('expires a message of ours and one a peer sent under the same ID, each listed once', () => {
    const state = withMessages();
    const ours = textMessage(3, LOCAL, BOB, 1);
    applyOperation(state, {
      type: 'received',
      message: { ...inbound(4, BOB, 3), id: ours.id },
      receivedAt: 1,
      request: false,
    });
    expect(() => applyOperation(state, { type: 'expired', ids: [ours.id, ours.id, ours.id] })).toThrow(
      Inconsistent,
    );
    expect(state.outgoing.has(ours.id) && state.incoming.has(ours.id)).toBe(true);
    applyOperation(state, { type: 'expired', ids: [ours.id, ours.id] });
    expect(state.outgoing.has(ours.id) || state.incoming.has(ours.id)).toBe(false);
  });
});
