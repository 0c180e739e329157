// The durable store's in-memory state: what an open store keeps and how each journal operation (store-records.ts)
// changes it, live and on replay alike; store-snapshot.ts writes it out and reads it back.
import { type PeerId } from '../../../shared/identity/peer-id';
import {
  IN_OUTBOX,
  outgoingEntry,
  settleEdits,
  STATUS_TRANSITIONS,
} from '../../../shared/messaging/memory-message-store';
import { laterTimer, type TimerSetting } from '../../../shared/messaging/disappearing-timer';
import { markSequenceSeenInPlace } from '../../../shared/messaging/received-sequence';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import type { ContactState, IncomingMessage, OutgoingMessage } from '../../../shared/messaging/message-store';
import { type EditIndex, editsOf, indexEdit, unindexEdit } from './store-edits';
import type { Operation } from './store-records';

export * from './store-records';

export interface State {
  readonly outgoing: Map<MessageId, OutgoingMessage>;
  /** Outgoing messages pending or sent, by recipient. */
  readonly outboxes: Map<PeerId, Map<MessageId, Message>>;
  /** The last sequence number given to each recipient. */
  readonly lastSeq: Map<PeerId, number>;
  readonly incoming: Map<MessageId, IncomingMessage>;
  readonly tombstones: Set<MessageId>;
  /** IDs of our messages that expired: what names one later (a reaction, say) is not kept (deletionOf). */
  readonly expiredOutgoing: Set<MessageId>;
  /** IDs a sender deleted before they arrived, with that sender (isOvertaken). */
  readonly overtaken: Map<MessageId, PeerId>;
  readonly received: Map<PeerId, { upTo: number; above: Set<number> }>;
  readonly contacts: Map<PeerId, ContactState>;
  /** Each conversation's disappearing-messages timer, from its messages (rebuilt with them on open). */
  readonly timers: Map<string, TimerSetting>;
  /** The edits held, by the text they edit (store-edits.ts; rebuilt with them on open). */
  readonly edits: EditIndex;
}

export const emptyState = (): State => ({
  outgoing: new Map(),
  outboxes: new Map(),
  lastSeq: new Map(),
  incoming: new Map(),
  tombstones: new Set(),
  expiredOutgoing: new Set(),
  overtaken: new Map(),
  received: new Map(),
  contacts: new Map(),
  timers: new Map(),
  edits: new Map(),
});

/** A record that does not fit the state it is applied to: damage, or a bug. */
export class Inconsistent extends Error {}

export const isSeen = (state: State, from: PeerId, seq: number): boolean => {
  const seen = state.received.get(from);
  return seq <= (seen?.upTo ?? 0) || (seen?.above.has(seq) ?? false);
};

export const knowsIncoming = (state: State, id: MessageId): boolean =>
  state.incoming.has(id) || state.tombstones.has(id);

export const putOutgoing = (state: State, entry: OutgoingMessage): void => {
  const { message } = entry;
  state.outgoing.set(message.id, entry);
  const outbox = state.outboxes.get(message.to) ?? new Map<MessageId, Message>();
  if (IN_OUTBOX.has(entry.status)) {
    outbox.set(message.id, message);
  } else {
    outbox.delete(message.id);
  }
  if (outbox.size > 0) {
    state.outboxes.set(message.to, outbox);
  } else {
    state.outboxes.delete(message.to);
  }
};

/** Forgets an outgoing message, out of the outbox too; its sequence number stays given out (lastSeq is kept). */
const removeOutgoing = (state: State, message: Message): void => {
  state.outgoing.delete(message.id);
  unindexEdit(state.edits, message);
  const outbox = state.outboxes.get(message.to);
  outbox?.delete(message.id);
  if (outbox?.size === 0) {
    state.outboxes.delete(message.to);
  }
};

export const addOutgoing = (state: State, entry: OutgoingMessage): void => {
  const { message } = entry;
  if (state.outgoing.has(message.id)) {
    throw new Inconsistent(`outgoing message ${message.id} stored twice`);
  }
  const expected = (state.lastSeq.get(message.to) ?? 0) + 1;
  if (message.seq !== expected) {
    throw new Inconsistent(`outgoing sequence number ${message.seq} where ${expected} was next`);
  }
  state.lastSeq.set(message.to, message.seq);
  putOutgoing(state, entry);
  indexEdit(state.edits, message);
  noteTimer(state, message);
};

const noteTimer = (state: State, message: Message): void => {
  const setting = laterTimer(state.timers.get(message.conversation), message);
  if (setting) {
    state.timers.set(message.conversation, setting);
  }
};

export const addIncoming = (state: State, entry: IncomingMessage): void => {
  if (knowsIncoming(state, entry.message.id)) {
    throw new Inconsistent(`incoming message ${entry.message.id} stored twice`);
  }
  state.incoming.set(entry.message.id, entry);
  // Whoever deleted this ID before it came did not send it (isOvertaken): the ID is this message's now.
  state.overtaken.delete(entry.message.id);
  indexEdit(state.edits, entry.message);
  noteTimer(state, entry.message);
};

/** Forgets a received message (deleted or expired), known from now on by its ID alone. */
const removeIncoming = (state: State, id: MessageId): boolean => {
  const entry = state.incoming.get(id);
  if (!entry) {
    return false;
  }
  state.incoming.delete(id);
  state.tombstones.add(id);
  unindexEdit(state.edits, entry.message);
  return true;
};

/**
 * Forgets the edits held of the messages `ids` just removed, sent or received: they hold a text's words, so they go
 * with it, in the same operation (a received one stays known by its ID, so a resend is a duplicate). Worked out
 * from the index, which holds exactly the edits held, so replay removes the same ones; after the IDs listed, so an
 * edit listed beside its text is removed once.
 */
const removeEditsOf = (state: State, ids: readonly MessageId[]): void => {
  for (const id of ids) {
    for (const edit of editsOf(state.edits)(id)) {
      const outgoing = state.outgoing.get(edit.id);
      if (outgoing) {
        removeOutgoing(state, outgoing.message);
      } else if (!removeIncoming(state, edit.id)) {
        throw new Inconsistent(`edit ${edit.id} indexed but not stored`);
      }
    }
  }
};

/**
 * What a message just stored does to the texts held in its direction (settleEdits): only when an operation stores
 * it, never from a snapshot, which holds each text as it showed.
 */
const settleOutgoing = (state: State, message: Message): void => {
  const settled = settleEdits(message, state.outgoing, editsOf(state.edits));
  if (settled) {
    putOutgoing(state, settled.entry);
  }
};

const settleIncoming = (state: State, message: Message): void => {
  const settled = settleEdits(message, state.incoming, editsOf(state.edits));
  if (settled) {
    state.incoming.set(settled.id, settled.entry);
  }
};

export const markSeen = (state: State, from: PeerId, seq: number): void => {
  const seen = state.received.get(from) ?? { upTo: 0, above: new Set<number>() };
  markSequenceSeenInPlace(seen, seq);
  state.received.set(from, seen);
};

export const setContact = (state: State, peer: PeerId, contactState: ContactState): void => {
  if (contactState === 'unknown') {
    state.contacts.delete(peer);
  } else {
    state.contacts.set(peer, contactState);
  }
};

export const addOvertaken = (state: State, by: PeerId, ids: readonly MessageId[]): void => {
  for (const id of ids) {
    if (knowsIncoming(state, id) || state.outgoing.has(id) || state.overtaken.has(id)) {
      throw new Inconsistent(`message ${id} deleted before it arrived, but known already`);
    }
    state.overtaken.set(id, by);
  }
};

const each = (ids: readonly MessageId[], check: (id: MessageId) => string | null): void => {
  if (new Set(ids).size !== ids.length) {
    throw new Inconsistent('an operation that lists a message twice');
  }
  for (const id of ids) {
    const problem = check(id);
    if (problem !== null) {
      throw new Inconsistent(problem);
    }
  }
};

/**
 * Throws for an operation of many messages that does not fit the state, before any of it is applied: applied part
 * way, the live state would differ from what the journal (which never gets it) replays to.
 */
const checkAll = (state: State, op: Operation): void => {
  switch (op.type) {
    case 'status':
      each(op.ids, (id) => {
        const entry = state.outgoing.get(id);
        return entry && STATUS_TRANSITIONS[entry.status].includes(op.status)
          ? null
          : `status ${op.status} for ${entry ? `a ${entry.status}` : 'an unknown'} message ${id}`;
      });
      return;
    case 'deleted':
      each(op.ids, (id) => (state.incoming.has(id) ? null : `deleting message ${id}, which is not stored`));
      return;
    case 'overtaken':
      each(op.ids, (id) =>
        knowsIncoming(state, id) || state.outgoing.has(id) || state.overtaken.has(id)
          ? `message ${id} deleted before it arrived, but known already`
          : null,
      );
      return;
    case 'expired': {
      // An ID may be listed once for each message under it: one of ours, and one a peer sent under the same ID.
      const listed = new Map<MessageId, number>();
      for (const id of op.ids) {
        listed.set(id, (listed.get(id) ?? 0) + 1);
      }
      for (const [id, times] of listed) {
        if (times > Number(state.outgoing.has(id)) + Number(state.incoming.has(id))) {
          throw new Inconsistent(`expiring message ${id}, which is not stored`);
        }
      }
      return;
    }
    default:
      // The others change one message, checked before it changes.
      return;
  }
};

/** Applies one journal operation: both live, right after it is queued, and on replay. */
export const applyOperation = (state: State, op: Operation): void => {
  checkAll(state, op);
  switch (op.type) {
    case 'created':
      addOutgoing(state, { message: op.message, status: 'pending' });
      settleOutgoing(state, op.message);
      return;
    case 'status':
      if (op.failure !== undefined && op.status !== 'failed') {
        throw new Inconsistent(`a failure reason with status ${op.status}`);
      }
      for (const id of op.ids) {
        const entry = state.outgoing.get(id);
        if (!entry || !STATUS_TRANSITIONS[entry.status].includes(op.status)) {
          throw new Inconsistent(
            `status ${op.status} for ${entry ? `a ${entry.status}` : 'an unknown'} message ${id}`,
          );
        }
        putOutgoing(
          state,
          outgoingEntry(entry.message, op.status, op.failure, entry.retriedAt, entry.edited),
        );
      }
      return;
    case 'retried': {
      const entry = state.outgoing.get(op.id);
      if (entry?.status !== 'failed') {
        throw new Inconsistent(`retrying ${entry ? `a ${entry.status}` : 'an unknown'} message ${op.id}`);
      }
      putOutgoing(state, outgoingEntry(entry.message, 'pending', undefined, op.at, entry.edited));
      return;
    }
    case 'received':
      addIncoming(state, { message: op.message, receivedAt: op.receivedAt, request: op.request });
      settleIncoming(state, op.message);
      markSeen(state, op.message.from, op.message.seq);
      return;
    case 'seen':
      markSeen(state, op.from, op.seq);
      return;
    case 'deleted':
      for (const id of op.ids) {
        if (!removeIncoming(state, id)) {
          throw new Inconsistent(`deleting message ${id}, which is not stored`);
        }
      }
      removeEditsOf(state, op.ids);
      return;
    case 'overtaken':
      addOvertaken(state, op.by, op.ids);
      return;
    case 'expired':
      for (const id of op.ids) {
        const outgoing = state.outgoing.get(id);
        if (outgoing) {
          removeOutgoing(state, outgoing.message);
          state.expiredOutgoing.add(id);
        } else if (!removeIncoming(state, id)) {
          throw new Inconsistent(`expiring message ${id}, which is not stored`);
        }
      }
      removeEditsOf(state, op.ids);
      return;
    case 'contact':
      setContact(state, op.peer, op.state);
      return;
  }
};
